"""Default policy of the networking API, in Neutron's rule names; one module
per resource, listed explicitly."""
from onestack.api.neutron.policies import (agents, floatingips, networks, ports,
                                           quotas, routers, security_groups)

MODULES = (networks, ports, routers, security_groups, floatingips, quotas, agents)

RULES = [rule for module in MODULES for rule in module.RULES]
