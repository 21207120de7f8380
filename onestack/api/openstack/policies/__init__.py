"""Default policy of the compute API, in Nova's rule names; one module per resource."""
from onestack.api.openstack.policies import (base, migrations, quota_classes,
                                             server_external_events, servers)
from onestack.api.openstack.policies import (extensions, hosts, hypervisors,
                                             instance_actions, instance_usage_audit_log,
                                             services, simple_tenant_usage)
from onestack.api.openstack.policies import (aggregates, availability_zones,
                                             flavor_access, flavor_extra_specs, flavors,
                                             keypairs, limits, quota_sets, server_groups)
from onestack.api.openstack.policies import (floating_ip_pools, floating_ips,
                                             floating_ips_bulk, security_groups)
from onestack.api.openstack.policies import fixed_ips, networks, tenant_networks
from onestack.api.openstack.policies import ips, server_password

# Every resource's policies module, explicitly; RULES gathers their rules.
MODULES = (base, servers, migrations, server_external_events, quota_classes, services,
           hypervisors, hosts, simple_tenant_usage, instance_usage_audit_log,
           instance_actions, flavors, flavor_access, flavor_extra_specs, keypairs,
           quota_sets, limits, availability_zones, aggregates, server_groups,
           extensions, floating_ip_pools, floating_ips, floating_ips_bulk,
           security_groups, networks, tenant_networks, fixed_ips, server_password,
           ips)

RULES = [rule for module in MODULES for rule in module.RULES]
