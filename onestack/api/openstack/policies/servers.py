"""Servers and their actions, in Nova's rule names and defaults: readers of
a server's project see it, its members act on it, the administrator does
what touches hosts."""
from onestack.api.openstack.policies.base import (ADMIN, PROJECT_MEMBER_OR_ADMIN,
                                                  PROJECT_READER_OR_ADMIN, documented)

P = "os_compute_api:"
SERVER = "/servers/{server_id}"
ACTION = SERVER + "/action"


def _action(name: str, check: str, description: str, *actions: str):
    return documented(P + name, check, description,
                      *(f"POST {ACTION} ({action})" for action in actions))


def _child(prefix: str, what: str, path: str, item: str):
    """index/show (readers) and the writes (members) of a server's metadata or tags."""
    collection, one = f"GET {SERVER}/{path}", f"{SERVER}/{path}/{{{item}}}"
    return [
        documented(P + prefix + ":index", PROJECT_READER_OR_ADMIN,
                   f"List a server's {what}.", collection),
        documented(P + prefix + ":show", PROJECT_READER_OR_ADMIN,
                   f"Show one of a server's {what}.", "GET " + one),
        documented(P + prefix + ":update_all", PROJECT_MEMBER_OR_ADMIN,
                   f"Replace all of a server's {what}.", f"PUT {SERVER}/{path}"),
        documented(P + prefix + ":update", PROJECT_MEMBER_OR_ADMIN,
                   f"Set one of a server's {what}.", "PUT " + one),
        documented(P + prefix + ":delete", PROJECT_MEMBER_OR_ADMIN,
                   f"Delete one of a server's {what}.", "DELETE " + one),
    ]


RULES = [
    documented(P + "servers:index", PROJECT_READER_OR_ADMIN,
               "List the servers of one's project.", "GET /servers"),
    documented(P + "servers:detail", PROJECT_READER_OR_ADMIN,
               "List the servers of one's project with details.",
               "GET /servers/detail"),
    documented(P + "servers:index:get_all_tenants", ADMIN,
               "List the servers of every project (?all_tenants).", "GET /servers"),
    documented(P + "servers:detail:get_all_tenants", ADMIN,
               "List the servers of every project with details (?all_tenants).",
               "GET /servers/detail"),
    documented(P + "servers:show", PROJECT_READER_OR_ADMIN, "Show a server.",
               "GET " + SERVER),
    documented(P + "servers:show:host_status", ADMIN,
               "See the host_status of servers (2.16).", "GET " + SERVER,
               "GET /servers/detail"),
    documented(P + "servers:create", PROJECT_MEMBER_OR_ADMIN, "Create a server.",
               "POST /servers"),
    documented(P + "servers:create:forced_host", ADMIN,
               "Create a server on a host named by availability_zone zone:host.",
               "POST /servers"),
    documented(P + "servers:update", PROJECT_MEMBER_OR_ADMIN,
               "Rename a server, or change its description or access addresses.",
               "PUT " + SERVER),
    documented(P + "servers:delete", PROJECT_MEMBER_OR_ADMIN, "Delete a server.",
               "DELETE " + SERVER),
    _action("servers:reboot", PROJECT_MEMBER_OR_ADMIN, "Reboot a server.", "reboot"),
    _action("servers:start", PROJECT_MEMBER_OR_ADMIN, "Start a server.", "os-start"),
    _action("servers:stop", PROJECT_MEMBER_OR_ADMIN, "Stop a server.", "os-stop"),
    _action("servers:rebuild", PROJECT_MEMBER_OR_ADMIN,
            "Rebuild a server from an image.", "rebuild"),
    _action("servers:resize", PROJECT_MEMBER_OR_ADMIN,
            "Resize a server to another flavor.", "resize"),
    _action("servers:confirm_resize", PROJECT_MEMBER_OR_ADMIN,
            "Confirm a server's resize.", "confirmResize"),
    _action("servers:revert_resize", PROJECT_MEMBER_OR_ADMIN,
            "Revert a server's resize.", "revertResize"),
    _action("servers:create_image", PROJECT_MEMBER_OR_ADMIN,
            "Snapshot a server into an image.", "createImage"),
    _action("os-create-backup", PROJECT_MEMBER_OR_ADMIN,
            "Back a server up into a rotated image.", "createBackup"),
    _action("os-pause-server:pause", PROJECT_MEMBER_OR_ADMIN, "Pause a server.",
            "pause"),
    _action("os-pause-server:unpause", PROJECT_MEMBER_OR_ADMIN, "Unpause a server.",
            "unpause"),
    _action("os-suspend-server:suspend", PROJECT_MEMBER_OR_ADMIN,
            "Suspend a server.", "suspend"),
    _action("os-suspend-server:resume", PROJECT_MEMBER_OR_ADMIN,
            "Resume a suspended server.", "resume"),
    _action("os-lock-server:lock", PROJECT_MEMBER_OR_ADMIN, "Lock a server.", "lock"),
    _action("os-lock-server:unlock", PROJECT_MEMBER_OR_ADMIN, "Unlock a server.",
            "unlock"),
    _action("os-lock-server:unlock:unlock_override", ADMIN,
            "Unlock a server that someone else (an administrator) locked.", "unlock"),
    _action("os-console-output", PROJECT_MEMBER_OR_ADMIN,
            "Read a server's console output.", "os-getConsoleOutput"),
    _action("os-admin-password", PROJECT_MEMBER_OR_ADMIN,
            "Change a server's administrator password.", "changePassword"),
    _action("os-deferred-delete:restore", PROJECT_MEMBER_OR_ADMIN,
            "Restore a soft-deleted server.", "restore"),
    _action("os-deferred-delete:force", PROJECT_MEMBER_OR_ADMIN,
            "Delete a soft-deleted server at once.", "forceDelete"),
    _action("os-admin-actions:reset_state", ADMIN,
            "Reset a server's state to active or error.", "os-resetState"),
    _action("os-admin-actions:inject_network_info", ADMIN,
            "Have a server's host apply its network information again.",
            "injectNetworkInfo"),
    _action("os-evacuate", ADMIN, "Rebuild a server of a failed host elsewhere.",
            "evacuate"),
    documented(P + "os-server-diagnostics", ADMIN, "Show a server's diagnostics.",
               f"GET {SERVER}/diagnostics"),
    *_child("server-metadata", "metadata", "metadata", "key"),
    documented(P + "server-metadata:create", PROJECT_MEMBER_OR_ADMIN,
               "Add to or change a server's metadata.", f"POST {SERVER}/metadata"),
    *_child("os-server-tags", "tags", "tags", "tag"),
    documented(P + "os-server-tags:delete_all", PROJECT_MEMBER_OR_ADMIN,
               "Delete all the tags of a server.", f"DELETE {SERVER}/tags"),
]
