"""Who may see an image, and policy checks against it.

An image is visible to the administrator, its owner, every project when it is
public or community, and the projects it is shared with when it is shared
(whatever their member status: a pending member may look before accepting).
Listings show less by default; db.images.list_ holds those rules.
"""
from onestack import policy
from onestack.common import exceptions
from onestack.db import images as db


def is_member(ctx, image: db.ImageRecord) -> bool:
    return (image.visibility == "shared" and bool(ctx.project_id)
            and db.get_member(image.id, ctx.project_id) is not None)


def can_see(ctx, image: db.ImageRecord) -> bool:
    if ctx.is_admin or image.visibility in ("public", "community"):
        return True
    if ctx.project_id and image.owner == ctx.project_id:
        return True
    return is_member(ctx, image)


def target(ctx, image: db.ImageRecord, member_id: str | None = None) -> dict:
    if member_id is None:
        member_id = ctx.project_id if is_member(ctx, image) else ""
    return {"project_id": image.owner or "", "owner": image.owner or "",
            "visibility": image.visibility, "member_id": member_id or ""}


def authorize(conf, ctx, action: str, image: db.ImageRecord,
              member_id: str | None = None) -> None:
    """Raise Forbidden (403) unless policy lets ctx do action on image."""
    policy.authorize(conf, ctx, action, target(ctx, image, member_id))


def visible_image(conf, ctx, image_id: str) -> db.ImageRecord:
    """The image, or NotFound when it does not exist or ctx may not see it."""
    not_found = exceptions.NotFound(f"No image found with ID {image_id}")
    try:
        image = db.get(image_id)
        if not can_see(ctx, image):
            raise not_found
        authorize(conf, ctx, "get_image", image)  # refused: as if it were not there
    except (exceptions.NotFound, exceptions.Forbidden):
        raise not_found from None
    return image


def viewer(ctx) -> db.Viewer:
    return db.Viewer(project_id=ctx.project_id, is_admin=bool(ctx.is_admin))
