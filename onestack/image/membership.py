"""Sharing an image with other projects: its owner adds members, each member
accepts or rejects, and an accepted image shows in the member's listings."""
from onestack.common import exceptions
from onestack.db import images as db
from onestack.image import access, schemas, views


def _shared_image(conf, ctx, image_id: str) -> db.ImageRecord:
    image = access.visible_image(conf, ctx, image_id)
    if image.visibility != "shared":
        raise exceptions.Forbidden("Only shared images have members.")
    return image


def _owns(ctx, image: db.ImageRecord) -> bool:
    return bool(ctx.is_admin or (ctx.project_id and image.owner == ctx.project_id))


def _not_a_member(image_id: str, member_id: str) -> exceptions.NotFound:
    return exceptions.NotFound(f"{member_id} not found in the member list of the "
                               f"image {image_id}.")


def add_member(conf, ctx, image_id: str, member_id) -> dict:
    if not isinstance(member_id, str) or not member_id.strip() or len(member_id) > 255:
        raise exceptions.BadRequest("Expected a member in the form: "
                                    '{"member": "<project id>"}, 1 to 255 characters.')
    image = _shared_image(conf, ctx, image_id)
    access.authorize(conf, ctx, "add_member", image, member_id=member_id)
    return views.member(db.add_member(image_id, member_id,
                                      conf.image.image_member_quota))


def list_members(conf, ctx, image_id: str) -> list[dict]:
    """All members for the owner; a member sees only its own membership."""
    image = _shared_image(conf, ctx, image_id)
    access.authorize(conf, ctx, "get_members", image)
    members = db.list_members(image_id)
    if not _owns(ctx, image):
        members = [m for m in members if m.member == ctx.project_id]
    return [views.member(m) for m in members]


def get_member(conf, ctx, image_id: str, member_id: str) -> dict:
    image = _shared_image(conf, ctx, image_id)
    if not _owns(ctx, image) and member_id != ctx.project_id:
        raise _not_a_member(image_id, member_id)
    access.authorize(conf, ctx, "get_member", image, member_id=member_id)
    record = db.get_member(image_id, member_id)
    if record is None:
        raise _not_a_member(image_id, member_id)
    return views.member(record)


def update_member(conf, ctx, image_id: str, member_id: str, status) -> dict:
    """The member itself (or the admin) accepts, rejects or resets to pending."""
    if status not in schemas.MEMBER_STATUSES:
        raise exceptions.BadRequest('Incorrect request: Status must be "pending", '
                                    '"accepted" or "rejected".')
    image = _shared_image(conf, ctx, image_id)
    if db.get_member(image_id, member_id) is None:
        raise _not_a_member(image_id, member_id)
    if not ctx.is_admin and member_id != ctx.project_id:
        raise exceptions.Forbidden("You are not permitted to modify 'status' on this "
                                   "image member.")
    access.authorize(conf, ctx, "modify_member", image, member_id=member_id)
    return views.member(db.update_member(image_id, member_id, status))


def delete_member(conf, ctx, image_id: str, member_id: str) -> None:
    image = _shared_image(conf, ctx, image_id)
    access.authorize(conf, ctx, "delete_member", image, member_id=member_id)
    db.delete_member(image_id, member_id)
