"""Default policy of the networking API, in Neutron's rule names; one module
per resource, listed explicitly."""
from onestack.api.neutron.policies import networks, ports, routers

MODULES = (networks, ports, routers)

RULES = [rule for module in MODULES for rule in module.RULES]
