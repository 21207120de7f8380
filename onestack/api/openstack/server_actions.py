"""POST /servers/{id}/action: one handler per action key of the body."""
from __future__ import annotations


from onestack.api.openstack import base, server_views
from onestack.api.openstack.schemas import floating_ips as floating_schemas
from onestack.api.openstack.schemas import security_groups as security_group_schemas
from onestack.api.openstack.schemas import server_actions as schemas
from onestack.common import exceptions
from onestack.compute import actions, disk_config, moves
from onestack.compute import api as compute_api
from onestack.db import flavors
from onestack.network import floating_ips
from onestack.network import security_groups as security_group_api
from onestack.wsgi import validation

NULL_OR_OBJECT = schemas.NULL_OR_OBJECT

# action key -> (policy rule, schema of its value (or a function of the
# microversion giving it), handler name, status)
ACTIONS = {
    "reboot": ("servers:reboot", schemas.reboot, "reboot", 202),
    "os-stop": ("servers:stop", NULL_OR_OBJECT, "stop", 202),
    "os-start": ("servers:start", NULL_OR_OBJECT, "start", 202),
    "pause": ("os-pause-server:pause", NULL_OR_OBJECT, "pause", 202),
    "unpause": ("os-pause-server:unpause", NULL_OR_OBJECT, "unpause", 202),
    "suspend": ("os-suspend-server:suspend", NULL_OR_OBJECT, "suspend", 202),
    "resume": ("os-suspend-server:resume", NULL_OR_OBJECT, "resume", 202),
    "lock": ("os-lock-server:lock", schemas.lock, "lock", 202),
    "unlock": ("os-lock-server:unlock", schemas.ANY, "unlock", 202),
    "rebuild": ("servers:rebuild", schemas.rebuild, "rebuild", 202),
    "resize": ("servers:resize", schemas.resize, "resize", 202),
    "confirmResize": ("servers:confirm_resize", NULL_OR_OBJECT, "confirm_resize", 204),
    "revertResize": ("servers:revert_resize", NULL_OR_OBJECT, "revert_resize", 202),
    "createImage": ("servers:create_image", schemas.create_image, "create_image", 202),
    "createBackup": ("os-create-backup", schemas.create_backup, "create_backup", 202),
    "changePassword": ("os-admin-password", schemas.change_password,
                       "change_password", 202),
    "os-getConsoleOutput": ("os-console-output", schemas.console_output,
                            "console_output", 200),
    "os-resetState": ("os-admin-actions:reset_state", schemas.reset_state,
                      "reset_state", 202),
    "injectNetworkInfo": ("os-admin-actions:inject_network_info", NULL_OR_OBJECT,
                          "inject_network_info", 202),
    "restore": ("os-deferred-delete:restore", NULL_OR_OBJECT, "restore", 202),
    "forceDelete": ("os-deferred-delete:force", NULL_OR_OBJECT, "force_delete", 202),
    "migrate": ("os-migrate-server:migrate", schemas.migrate, "migrate", 202),
    "os-migrateLive": ("os-migrate-server:migrate_live", schemas.live_migrate,
                       "live_migrate", 202),
    "evacuate": ("os-evacuate", schemas.evacuate, "evacuate", 200),
    "addFloatingIp": ("os-floating-ips:add", floating_schemas.add_floating_ip,
                      "add_floating_ip", 202),
    "removeFloatingIp": ("os-floating-ips:remove", floating_schemas.remove_floating_ip,
                         "remove_floating_ip", 202),
    "addSecurityGroup": ("os-security-groups:add", security_group_schemas.action,
                         "add_security_group", 202),
    "removeSecurityGroup": ("os-security-groups:remove", security_group_schemas.action,
                            "remove_security_group", 202),
}


class ServerAction(base.Resource):
    def on_post(self, req, resp, server_id):
        document = validation.read_json(req)
        if not isinstance(document, dict) or len(document) != 1:
            raise exceptions.BadRequest("The action body must be an object with "
                                        "exactly one action.")
        (name, value), = document.items()
        if name not in ACTIONS:
            raise exceptions.BadRequest(f"There is no such action: {name}")
        rule, schema, handler, status = ACTIONS[name]
        if callable(schema):
            schema = schema(lambda version: base.at_least(req, version))
        validation.validate({"type": "object", "properties": {name: schema}}, document)
        ctx = req.context.ctx
        instance = compute_api.get(ctx, server_id)
        self.authorize(req, f"os_compute_api:{rule}", _target(instance))
        resp.status = status
        result = getattr(self, handler)(req, ctx, instance, value or {})
        if result is not None:
            resp.media = result
        if req.context.get("image_id"):
            resp.set_header("Location", base.ROOT.href(req, f"/images/{req.context.image_id}"))

    def reboot(self, req, ctx, instance, value):
        hard = value["type"].upper() == "HARD"
        actions.run(self.conf, ctx, instance, "reboot_hard" if hard else "reboot_soft")

    def _simple(action):
        def handler(self, req, ctx, instance, value):
            actions.run(self.conf, ctx, instance, action)
        return handler

    stop, start = _simple("stop"), _simple("start")
    pause, unpause = _simple("pause"), _simple("unpause")
    suspend, resume = _simple("suspend"), _simple("resume")
    restore = _simple("restore")

    def lock(self, req, ctx, instance, value):
        reason = value.get("locked_reason") if base.at_least(req, "2.73") else None
        actions.lock(self.conf, ctx, instance, reason)

    def unlock(self, req, ctx, instance, value):
        # as Nova: the owner's lock is the project's to lift, an admin's lock
        # (one taken from outside the project) needs unlock_override
        expected = "owner" if ctx.project_id == instance.project_id else "admin"
        if instance.locked and instance.locked_by != expected:
            self.authorize(req, "os_compute_api:os-lock-server:unlock:unlock_override",
                           _target(instance))
        actions.unlock(self.conf, ctx, instance)

    def rebuild(self, req, ctx, instance, value):
        values = {}
        if value.get("name"):
            values["display_name"] = value["name"]
        image_ref = value["imageRef"].rsplit("/", 1)[-1]
        password = actions.rebuild(
            self.conf, ctx, instance, image_ref, value.get("adminPass"),
            disk_config.from_api(value.get("OS-DCF:diskConfig")), **values)
        body = server_views.basic(req, self.conf, compute_api.get(ctx, instance.uuid),
                                  rebuild=True)
        return {"server": {**body, "adminPass": password}}

    def resize(self, req, ctx, instance, value):
        try:
            flavor = flavors.get_flavor_for_boot(
                ctx.project_id, str(value["flavorRef"]).rsplit("/", 1)[-1],
                ctx.is_admin)
        except exceptions.NotFound as error:
            raise exceptions.BadRequest(error.message)
        moves.resize(self.conf, ctx, instance, flavor,
                     disk_config.from_api(value.get("OS-DCF:diskConfig")))

    def confirm_resize(self, req, ctx, instance, value):
        moves.confirm_resize(self.conf, ctx, instance)

    def revert_resize(self, req, ctx, instance, value):
        moves.revert_resize(self.conf, ctx, instance)

    def create_image(self, req, ctx, instance, value):
        return self._image_created(req, moves.create_image(
            self.conf, ctx, instance, value["name"], value.get("metadata") or {}))

    def create_backup(self, req, ctx, instance, value):
        rotation = int(value["rotation"])
        image_id = moves.create_backup(self.conf, ctx, instance, value["name"],
                                       value["backup_type"], rotation,
                                       value.get("metadata") or {})
        if rotation == 0:
            return None  # the backup is rotated out as soon as it is made
        return self._image_created(req, image_id)

    @staticmethod
    def _image_created(req, image_id: str) -> dict | None:
        """Location header, and from 2.45 the id in the body."""
        req.context.image_id = image_id
        return {"image_id": image_id} if base.at_least(req, "2.45") else None

    def change_password(self, req, ctx, instance, value):
        actions.change_password(self.conf, ctx, instance, value["adminPass"])

    def console_output(self, req, ctx, instance, value):
        length = value.get("length")
        return {"output": actions.console_output(
            self.conf, ctx, instance, None if length is None else int(length))}

    def reset_state(self, req, ctx, instance, value):
        actions.reset_state(self.conf, ctx, instance, value["state"])

    def inject_network_info(self, req, ctx, instance, value):
        actions.inject_network_info(self.conf, ctx, instance)

    def force_delete(self, req, ctx, instance, value):
        actions.delete(self.conf, ctx, instance, force=True)

    def migrate(self, req, ctx, instance, value):
        self._authorize_host(req, instance, "migrate", value.get("host"))
        moves.migrate(self.conf, ctx, instance, value.get("host"))

    def live_migrate(self, req, ctx, instance, value):
        self._authorize_host(req, instance, "migrate_live", value.get("host"))
        moves.live_migrate(self.conf, ctx, instance, value.get("host"))

    def _authorize_host(self, req, instance, rule: str, host: str | None) -> None:
        """Naming the destination host is the administrator's."""
        if host:
            self.authorize(req, f"os_compute_api:os-migrate-server:{rule}:host",
                           _target(instance))

    def evacuate(self, req, ctx, instance, value):
        password = moves.evacuate(self.conf, ctx, instance, value.get("host"),
                                  value.get("adminPass"))
        return None if base.at_least(req, "2.14") else {"adminPass": password}

    def add_floating_ip(self, req, ctx, instance, value):
        floating_ips.associate(ctx, instance, value["address"],
                               value.get("fixed_address"))

    def remove_floating_ip(self, req, ctx, instance, value):
        floating_ips.disassociate(ctx, instance, value["address"])
    def add_security_group(self, req, ctx, instance, value):
        security_group_api.add_to_instance(ctx, instance, value["name"])

    def remove_security_group(self, req, ctx, instance, value):
        security_group_api.remove_from_instance(ctx, instance, value["name"])


def _target(instance) -> dict:
    return {"project_id": instance.project_id, "user_id": instance.user_id}


ROUTES = (("/servers/{server_id}/action", ServerAction),)
