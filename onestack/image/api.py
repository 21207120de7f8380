"""The image service in process: what the HTTP API and other services call.

Every function acts as the RequestContext it is given, with the visibility
rules and policy of the HTTP API, and returns images as the API shows them
(dicts of views.image). Other services (the compute API's image proxy,
snapshots, the compute host's image cache) use these and transfer.py.

    list_images(conf, ctx, filters=None, *, sort=None, limit=None, marker=None)
    get_image(conf, ctx, image_id)
    create_image(conf, ctx, body)
    update_image(conf, ctx, image_id, changes)
    delete_image(conf, ctx, image_id)
"""
from __future__ import annotations

from oslo_log import log as logging

from onestack import policy
from onestack.common import exceptions
from onestack.db import images as db
from onestack.image import access, changes as image_changes, query, store, views
from onestack.image.patch import Change

LOG = logging.getLogger(__name__)


def search(conf, ctx, listing: query.ListRequest) -> list[db.ImageRecord]:
    """One page of the images ctx may see, as query.parse describes it."""
    policy.authorize(conf, ctx, "get_images", {"project_id": ctx.project_id or ""})
    return db.list_(access.viewer(ctx), listing.filters, listing.sort,
                    listing.limit, listing.marker)


def list_images(conf, ctx, filters: dict | None = None, *, sort: str | None = None,
                limit: int | None = None, marker: str | None = None) -> list[dict]:
    """Images ctx may see. filters and sort take GET /v2/images query values:
    {"name": "cirros", "status": "in:active,queued", "visibility": "all",
    "tag": ["a", "b"], "os_distro": "ubuntu"}, sort="name:asc,created_at:desc"."""
    params = dict(filters or {})
    if sort:
        params["sort"] = sort
    if limit is not None:
        params["limit"] = str(limit)
    if marker:
        params["marker"] = marker
    return [views.image(record) for record in search(conf, ctx, query.parse(conf, params))]


def get_image(conf, ctx, image_id: str) -> dict:
    """The image, or NotFound (also when ctx may not see it)."""
    return views.image(access.visible_image(conf, ctx, image_id))


def create_image(conf, ctx, body: dict) -> dict:
    """A queued image from a POST /v2/images body, e.g. a snapshot's:
    {"name": "snap", "disk_format": "raw", "container_format": "bare",
    "instance_uuid": server_id, "visibility": "private"}."""
    values, properties, tags = image_changes.prepare_create(conf, ctx, body)
    return views.image(db.create(values, properties, tags))


def update_image(conf, ctx, image_id: str, changes: list[Change]) -> dict:
    """Apply patch changes all together, or none of them."""
    image = access.visible_image(conf, ctx, image_id)
    access.authorize(conf, ctx, "modify_image", image)
    diff = image_changes.prepare_patch(conf, ctx, image, changes)
    if not (diff.values or diff.set_properties or diff.remove_properties
            or diff.tags is not None):
        return views.image(image)
    record = db.update(image_id, diff.values, diff.set_properties,
                       diff.remove_properties, diff.tags,
                       guard=image_changes.guard_status_bound(diff.values))
    return views.image(record)


def _refuse_protected(image: db.ImageRecord) -> None:
    if image.protected:
        raise exceptions.Forbidden(f"Image {image.id} is protected and cannot be "
                                   "deleted.")


def delete_image(conf, ctx, image_id: str) -> None:
    """Remove the image and its data; Forbidden when it is protected."""
    image = access.visible_image(conf, ctx, image_id)
    access.authorize(conf, ctx, "delete_image", image)
    _refuse_protected(image)
    deleted = db.delete_(image_id, guard=_refuse_protected)
    if deleted.status == "saving":
        store.default_store(conf).cleanup_partial(image_id)
    if deleted.location:
        try:
            store.store_for(conf, deleted.location).delete(deleted.location)
        except Exception:
            LOG.exception("The data of deleted image %s is left at %s", image_id,
                          deleted.location)


def _set_active(conf, ctx, image_id: str, action: str, wanted: str, other: str):
    image = access.visible_image(conf, ctx, image_id)
    access.authorize(conf, ctx, action, image)

    def guard(current):
        if current.status not in (wanted, other):
            raise exceptions.Forbidden(f"Not allowed to {action} image in status "
                                       f"'{current.status}'")

    guard(image)
    if image.status != wanted:
        db.update(image_id, {"status": wanted}, guard=guard)


def deactivate_image(conf, ctx, image_id: str) -> None:
    _set_active(conf, ctx, image_id, "deactivate", "deactivated", "active")


def reactivate_image(conf, ctx, image_id: str) -> None:
    _set_active(conf, ctx, image_id, "reactivate", "active", "deactivated")


def add_tag(conf, ctx, image_id: str, tag: str) -> None:
    image = access.visible_image(conf, ctx, image_id)
    access.authorize(conf, ctx, "modify_image", image)
    if not tag or len(tag) > 255:
        raise exceptions.BadRequest("A tag is 1 to 255 characters long.")
    db.add_tag(image_id, tag, conf.image.image_tag_quota)


def remove_tag(conf, ctx, image_id: str, tag: str) -> None:
    image = access.visible_image(conf, ctx, image_id)
    access.authorize(conf, ctx, "modify_image", image)
    db.remove_tag(image_id, tag)
