"""Servers and their actions, in Nova's rule names."""
from oslo_policy import policy

from onestack.api.openstack.policies.base import ADMIN, ADMIN_OR_OWNER

_OWNER_RULES = [
    "servers:index", "servers:detail", "servers:show", "servers:create",
    "servers:update", "servers:delete", "servers:reboot", "servers:rebuild",
    "servers:resize", "servers:confirm_resize", "servers:revert_resize",
    "servers:create_image", "os-create-backup", "servers:start", "servers:stop",
    "os-pause-server:pause", "os-pause-server:unpause", "os-suspend-server:suspend",
    "os-suspend-server:resume", "os-lock-server:lock", "os-lock-server:unlock",
    "os-console-output", "os-admin-password", "os-deferred-delete:restore",
    "os-deferred-delete:force", "server-metadata:index", "server-metadata:show",
    "server-metadata:create", "server-metadata:update",
    "server-metadata:update_all", "server-metadata:delete", "os-server-tags:index",
    "os-server-tags:show", "os-server-tags:update", "os-server-tags:update_all",
    "os-server-tags:delete", "os-server-tags:delete_all",
]
_ADMIN_RULES = [
    "servers:detail:get_all_tenants", "servers:index:get_all_tenants",
    "servers:create:forced_host", "servers:migrations:force_complete",
    "os-admin-actions:reset_state", "os-migrate-server:migrate",
    "os-migrate-server:migrate_live", "os-evacuate", "os-lock-server:unlock:override",
    "servers:show:host_status", "os-server-diagnostics", "os-migrations:index",
    "servers:migrations:index", "servers:migrations:show",
]

RULES = ([policy.RuleDefault(f"os_compute_api:{name}", ADMIN_OR_OWNER,
                             f"{name} on one's own servers")
          for name in _OWNER_RULES]
         + [policy.RuleDefault(f"os_compute_api:{name}", ADMIN, f"{name}: admin only")
            for name in _ADMIN_RULES])
