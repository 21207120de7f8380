"""Default policy of the networking API, in Neutron's rule names; one module
per resource, listed explicitly."""
from onestack.api.neutron.policies import (floatingips, networks, ports, quotas,
                                           routers, security_groups)

MODULES = (networks, ports, routers, security_groups, floatingips, quotas)

RULES = [rule for module in MODULES for rule in module.RULES]
