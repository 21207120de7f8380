"""The compute API (port 8774): Nova's v2.1 with microversions."""
from onestack.api.openstack import base, versions
from onestack.api.openstack import (extensions, hosts, hypervisors, image_metadata,
                                    images, instance_actions, instance_usage_audit_log,
                                    migrations, services, simple_tenant_usage)
from onestack.api.openstack import (quota_classes, server_actions, server_diagnostics,
                                    server_external_events, server_metadata,
                                    server_password, servers)
from onestack.api.openstack import (aggregates, availability_zones, flavor_access,
                                    flavor_extra_specs, flavors, keypairs, limits,
                                    quota_sets, server_groups)
from onestack.api.openstack import floating_ip_pools, floating_ips, floating_ips_bulk
from onestack.api.openstack import (security_group_rules, security_groups,
                                    server_security_groups)
from onestack.api.openstack import fixed_ips, ips, networks, tenant_networks
from onestack.identity import catalog
from onestack.wsgi import microversion
from onestack.wsgi.app import create_app

# Each module lists ROUTES: (path under /v2.1, factory(conf)). Explicit, in one place.
RESOURCE_MODULES = (servers, server_actions, server_diagnostics, server_metadata,
                    server_password, ips,
                    server_external_events, quota_classes,
                    services, hypervisors, hosts, simple_tenant_usage,
                    instance_usage_audit_log, migrations,
                    instance_actions, images, image_metadata,
                    flavors, flavor_access, flavor_extra_specs, keypairs, quota_sets,
                    limits, availability_zones, aggregates, server_groups, extensions,
                    floating_ip_pools, floating_ips, floating_ips_bulk,
                    security_groups, security_group_rules, server_security_groups,
                    networks, tenant_networks, fixed_ips)


def create(conf):
    routes = [(template, factory(conf)) for template, factory in versions.ROUTES]
    for module in RESOURCE_MODULES:
        routes += [(base.ROOT.path + template, factory(conf))
                   for template, factory in module.ROUTES]
    return create_app(conf, "compute", routes, fault_style="nova",
                      auth_uri=catalog.url_for(conf, "identity"),
                      extra_id_headers=("X-Compute-Request-Id",),
                      first_middleware=(base.UrlRewrite(),
                                        microversion.Middleware(versions.MICROVERSIONS)),
                      extra_middleware=(base.ProjectInUrlCheck(),), project_scoped=True)
