"""Who each rule of every API is for, written down per rule as a persona
level; the persona matrix tests take their expectations from here, never
from the rules' check strings."""
from tests.functional.policy.personas import ALL

ADMIN = {"admin"}
MANAGERS = ADMIN | {"manager"}
MEMBERS = MANAGERS | {"member", "other"}      # "other" is a member of its own B
READERS = MEMBERS | {"reader"}
EVERYONE = set(ALL)
NO_ONE: set = set()

# level -> (personas allowed on their own objects, on someone else's)
LEVELS = {
    "admin": (ADMIN, ADMIN),
    "project manager": (MANAGERS, ADMIN),
    "project member": (MEMBERS, ADMIN),
    "project reader": (READERS, ADMIN),
    "service": (ADMIN | {"service"}, ADMIN | {"service"}),
    "anyone": (EVERYONE, EVERYONE),
    # the bare building blocks, without the administrator's "or admin"
    "manager of the project": (MANAGERS, NO_ONE),
    "member of the project": (MEMBERS, NO_ONE),
    "reader of the project": (READERS, NO_ONE),
    "service role": ({"service"}, {"service"}),
    "the user itself": (EVERYONE, NO_ONE),
    "a role a domain manager may grant": (EVERYONE, NO_ONE),
    # objects of a user (key pairs, credentials, tokens)
    "the user, or admin": (EVERYONE, ADMIN),
    "the user as member, or admin": (MEMBERS | {"domain_manager"}, ADMIN),
    "the token's user, a service, or admin": (EVERYONE, ADMIN | {"service"}),
    # identity: domains, their projects and users
    "anyone in the domain": (EVERYONE, ADMIN),
    "domain reader": (ADMIN | {"domain_manager"}, ADMIN),
    "domain manager": (ADMIN | {"domain_manager"}, ADMIN),
    "domain manager, any target": (ADMIN | {"domain_manager"},
                                   ADMIN | {"domain_manager"}),
    "manager, for roles it may grant": (ADMIN | {"manager", "domain_manager"}, ADMIN),
}

COMPUTE_READ = """servers:index servers:detail servers:show server-metadata:index
server-metadata:show os-server-tags:index os-server-tags:show
os-simple-tenant-usage:show os-instance-actions:list os-instance-actions:show
os-flavor-extra-specs:index os-flavor-extra-specs:show os-quota-sets:show
os-quota-sets:detail os-server-groups:index os-server-groups:show
os-floating-ips:list os-floating-ips:show
os-security-groups:get os-security-groups:show os-security-groups:list
os-networks:list os-networks:show os-tenant-networks:list os-tenant-networks:show
os-server-password:show ips:index ips:show"""
COMPUTE_WRITE = """servers:create servers:update servers:delete servers:reboot
os-server-password:clear
servers:start servers:stop servers:rebuild servers:resize servers:confirm_resize
servers:revert_resize servers:create_image os-create-backup os-pause-server:pause
os-pause-server:unpause os-suspend-server:suspend os-suspend-server:resume
os-lock-server:lock os-lock-server:unlock os-console-output os-admin-password
os-deferred-delete:restore os-deferred-delete:force server-metadata:update_all
server-metadata:update server-metadata:delete server-metadata:create
os-server-tags:update_all os-server-tags:update os-server-tags:delete
os-server-tags:delete_all os-server-groups:create os-server-groups:delete
os-floating-ips:create os-floating-ips:delete os-floating-ips:add
os-floating-ips:remove
os-security-groups:create os-security-groups:update os-security-groups:delete
os-security-groups:rule:create os-security-groups:rule:delete os-security-groups:add
os-security-groups:remove
os-tenant-networks:create os-tenant-networks:delete"""
COMPUTE_MANAGE = """os-migrate-server:migrate os-migrate-server:migrate_live
os-migrations:index servers:migrations:index"""
COMPUTE_ADMIN = """servers:index:get_all_tenants servers:detail:get_all_tenants
servers:show:host_status servers:create:forced_host
os-lock-server:unlock:unlock_override
os-admin-actions:reset_state os-admin-actions:inject_network_info
os-evacuate os-server-diagnostics
os-migrate-server:migrate:host os-migrate-server:migrate_live:host
os-migrations:index:all_projects os-migrations:index:host
servers:migrations:index:host servers:migrations:show os-quota-class-sets:show
os-quota-class-sets:update os-services:list os-services:update os-services:delete
os-hypervisors:list os-hypervisors:list-detail os-hypervisors:statistics
os-hypervisors:show os-hypervisors:uptime os-hypervisors:search
os-hypervisors:servers os-hosts:list os-hosts:show os-hosts:update os-hosts:reboot
os-hosts:shutdown os-hosts:start os-simple-tenant-usage:list
os-instance-usage-audit-log:list os-instance-usage-audit-log:show
os-instance-actions:events os-flavor-manage:create os-flavor-manage:update
os-flavor-manage:delete os-flavor-access os-flavor-access:add_tenant_access
os-flavor-access:remove_tenant_access os-flavor-extra-specs:create
os-flavor-extra-specs:update os-flavor-extra-specs:delete os-quota-sets:update
os-quota-sets:delete limits:other_project os-availability-zone:detail
os-aggregates:index os-aggregates:create os-aggregates:show os-aggregates:update
os-aggregates:delete os-aggregates:add_host os-aggregates:remove_host
os-aggregates:set_metadata os-server-groups:index:all_projects
os-floating-ips-bulk
os-security-groups:get:all_tenants
os-networks os-networks-associate os-fixed-ips"""
COMPUTE_ANYONE = """os-quota-sets:defaults limits os-availability-zone:list extensions
os-floating-ip-pools"""

# the networking API's rules, in Neutron's names (no prefix)
NEUTRON_READ = """get_network get_subnet get_port get_router"""
NEUTRON_WRITE = """create_network update_network delete_network create_subnet
update_subnet delete_subnet create_port update_port delete_port create_router
update_router delete_router add_router_interface remove_router_interface"""
NEUTRON_ADMIN = """create_network:shared create_network:router:external
update_network:router:external"""
# neutron-b's: security groups, floating IPs, quotas
NEUTRON_READ += """ get_security_group get_security_group_rule get_floatingip
get_quota"""
NEUTRON_WRITE += """ create_security_group update_security_group
delete_security_group create_security_group_rule delete_security_group_rule
create_floatingip update_floatingip delete_floatingip"""
NEUTRON_ADMIN += """ create_floatingip:floating_ip_address get_quotas update_quota
delete_quota"""
# ports' binding:* (seen and set by the administrator) and the agents
NEUTRON_ADMIN += """ get_port:binding:host_id get_port:binding:vif_type
get_port:binding:vif_details get_port:binding:vnic_type get_port:binding:profile
create_port:binding:host_id create_port:binding:vnic_type create_port:binding:profile
update_port:binding:host_id update_port:binding:vnic_type update_port:binding:profile
get_agent update_agent delete_agent"""


def _compute(names: str) -> list[str]:
    return ["os_compute_api:" + name for name in names.split()]


def _identity(names: str) -> list[str]:
    return ["identity:" + name for name in names.split()]


INTENT = {
    "admin": ["context_is_admin", "admin_required", "default", "admin_api",
              "compute_extension:admin_api", "compute_extension:flavormanage",
              "publicize_image"] + _compute(COMPUTE_ADMIN) + _identity(
        "create_domain update_domain delete_domain create_role update_role "
        "delete_role get_service list_services get_endpoint list_endpoints"),
    "project manager": ["project_manager_or_admin"] + _compute(COMPUTE_MANAGE),
    "project member": ["project_member_or_admin", "add_image", "modify_image",
                       "communitize_image", "delete_image", "upload_image",
                       "download_image", "deactivate", "reactivate", "add_member",
                       "delete_member", "modify_member"] + _compute(COMPUTE_WRITE),
    "project reader": ["project_reader_or_admin", "get_images", "get_image",
                       "get_members", "get_member"] + _compute(COMPUTE_READ),
    "service": ["service_or_admin", "os_compute_api:os-server-external-events:create"],
    "anyone": _compute(COMPUTE_ANYONE),
    "manager of the project": ["project_manager_api"],
    "member of the project": ["project_member_api"],
    "reader of the project": ["project_reader_api"],
    "service role": ["service_api", "service_role"],
    "the user itself": ["owner", "token_subject", "identity:change_password"],
    "a role a domain manager may grant": ["domain_managed_target_role"],
    "the user, or admin": _compute("os-keypairs:index os-keypairs:show") + _identity(
        "check_token revoke_token ec2_list_credentials ec2_get_credential "
        "list_credentials get_credential create_credential update_credential "
        "delete_credential"),
    "the user as member, or admin": _compute("os-keypairs:create os-keypairs:delete")
    + _identity("ec2_create_credential ec2_delete_credential"),
    "the token's user, a service, or admin": ["identity:validate_token"],
    "anyone in the domain": _identity("get_domain get_project get_user "
                                      "list_user_projects"),
    "domain reader": _identity("list_domains list_projects list_users list_grants "
                               "check_grant list_role_assignments"),
    "domain manager": _identity("create_project update_project delete_project "
                                "create_user update_user delete_user create_grant "
                                "revoke_grant"),
    "domain manager, any target": ["identity:list_roles"],
    "manager, for roles it may grant": ["identity:get_role"],
}
for _level, _names in (("project reader", NEUTRON_READ), ("project member", NEUTRON_WRITE),
                       ("admin", NEUTRON_ADMIN)):
    INTENT[_level] += _names.split()
LEVEL_OF = {name: level for level, names in INTENT.items() for name in names}

# level -> (the strongest persona it refuses, the weakest it admits), for
# the HTTP layer; None where no persona of the world is refused
THRESHOLD = {
    "admin": ("manager", "admin"),
    "project manager": ("member", "manager"),
    "project member": ("reader", "member"),
    "project reader": ("service", "reader"),
    "service": ("manager", "service"),
    "anyone": (None, "reader"),
    "the user, or admin": (None, "reader"),
    "the user as member, or admin": ("reader", "member"),
    "anyone in the domain": (None, "reader"),
    "domain reader": ("member", "domain_manager"),
    "domain manager": ("member", "domain_manager"),
    "domain manager, any target": ("member", "domain_manager"),
    "manager, for roles it may grant": ("reader", "manager"),
    "the user itself": ("admin", None),
}
