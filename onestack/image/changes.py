"""What a create body or a patch may set, checked whole before anything is written."""
from __future__ import annotations

import dataclasses
import uuid

from onestack.common import exceptions
from onestack.db import images as db
from onestack.db.models import TEXT_MAX_BYTES, text_fits
from onestack.image import access, patch, schemas
from onestack.wsgi import validation

# attributes with columns of their own; everything else is a free-form property
CORE = ("name", "visibility", "protected", "os_hidden", "min_disk", "min_ram",
        "disk_format", "container_format", "owner")
_KERNEL_FORMATS = ("ami", "ari", "aki")
_BODY_SCHEMA = schemas.image_body()


@dataclasses.dataclass
class Diff:
    """Changes to one image: column values, properties set and removed, tags."""
    values: dict
    set_properties: dict
    remove_properties: list
    tags: list | None


def _validate(document: dict) -> None:
    validation.validate(_BODY_SCHEMA, document)


def _check_property_values(properties: dict) -> None:
    """Glance keeps a property's value in a TEXT column: MySQL's bound."""
    for name, value in properties.items():
        if not text_fits(value):
            raise exceptions.BadRequest(f"The value of property {name} is longer "
                                        f"than {TEXT_MAX_BYTES} bytes (UTF-8).")


def _check_formats(disk_format, container_format) -> None:
    if (disk_format in _KERNEL_FORMATS or container_format in _KERNEL_FORMATS) \
            and disk_format and container_format and disk_format != container_format:
        raise exceptions.BadRequest(
            "Invalid mix of disk and container formats. When setting a disk or "
            "container format to one of 'aki', 'ari', or 'ami', the container "
            "and disk formats must match.")


def _check_quotas(conf, properties: dict, tags) -> None:
    for what, count, maximum in (("properties", len(properties),
                                  conf.image.image_property_quota),
                                 ("tags", len(set(tags or ())),
                                  conf.image.image_tag_quota)):
        if 0 <= maximum < count:
            raise exceptions.RequestTooLarge(
                f"The limit has been exceeded on the number of allowed image "
                f"{what}. Attempted: {count}, Maximum: {maximum}")


def _authorize_visibility(conf, ctx, image, visibility) -> None:
    if visibility == "public":
        access.authorize(conf, ctx, "publicize_image", image)
    elif visibility == "community":
        access.authorize(conf, ctx, "communitize_image", image)


def prepare_create(conf, ctx, body) -> tuple[dict, dict, list]:
    """(column values, properties, tags) of a valid POST /v2/images body."""
    if not isinstance(body, dict):
        raise exceptions.BadRequest("The request body must be a JSON object.")
    for name in body:
        if name != "id":
            patch.check_name(name)
    _validate(body)
    properties = {k: v for k, v in body.items() if k not in CORE + ("id", "tags")}
    _check_property_values(properties)
    tags = list(dict.fromkeys(body.get("tags", [])))
    values = {name: body[name] for name in CORE if body.get(name) is not None}
    values["id"] = body.get("id") or str(uuid.uuid4())
    values.setdefault("visibility", "shared")
    values.setdefault("owner", ctx.project_id)
    values.update(status="queued", min_disk=values.get("min_disk", 0),
                  min_ram=values.get("min_ram", 0))
    _check_formats(values.get("disk_format"), values.get("container_format"))
    _check_quotas(conf, properties, tags)
    draft = db.ImageRecord(**{c: values.get(c) for c in db.COLUMNS})
    access.authorize(conf, ctx, "add_image", draft)
    _authorize_visibility(conf, ctx, draft, values["visibility"])
    return values, properties, tags


def _apply(ctx, core: dict, properties: dict, change) -> list | None:
    """Apply one change to core/properties; returns the new tags if it sets them."""
    name = change.name
    if name == "tags" or name in CORE:
        if change.op == "remove":
            raise exceptions.Forbidden(f"Property {name} may not be removed.")
        _validate({name: change.value})
        if name == "owner" and not ctx.is_admin:
            raise exceptions.Forbidden("Owner can't be updated by non admin.")
        if name == "tags":
            return list(dict.fromkeys(change.value))
        core[name] = change.value
        return None
    exists = name in properties
    if change.op == "add" and exists and change.draft == 4:
        raise exceptions.Conflict(f"Property {name} already present.")
    if change.op in ("replace", "remove") and not exists:
        raise exceptions.Conflict(f"Property {name} does not exist.")
    if change.op == "remove":
        del properties[name]
    else:
        _validate({name: change.value})
        _check_property_values({name: change.value})
        properties[name] = change.value
    return None


def _check_status_bound(image: db.ImageRecord, values: dict) -> None:
    for name in ("container_format", "disk_format"):
        if name in values and image.status not in ("queued", "importing"):
            raise exceptions.Forbidden(f"Attribute {name} can be only replaced "
                                       "for a queued image.")


def prepare_patch(conf, ctx, image: db.ImageRecord, changes) -> Diff:
    """The Diff a list of patch.Change makes to image, or the error it meets."""
    core = {name: getattr(image, name) for name in CORE}
    properties = dict(image.properties)
    tags = None
    for change in changes:
        new_tags = _apply(ctx, core, properties, change)
        tags = new_tags if new_tags is not None else tags
    values = {k: v for k, v in core.items() if v != getattr(image, k)}
    _check_status_bound(image, values)
    _check_formats(core["disk_format"], core["container_format"])
    _check_quotas(conf, properties, tags if tags is not None else image.tags)
    if "visibility" in values:
        _authorize_visibility(conf, ctx, image, values["visibility"])
    return Diff(values=values,
                set_properties={k: v for k, v in properties.items()
                                if image.properties.get(k) != v},
                remove_properties=[k for k in image.properties if k not in properties],
                tags=tags if tags is not None and set(tags) != set(image.tags) else None)


def guard_status_bound(values: dict):
    """A db guard repeating the queued-only check inside the write."""
    return lambda current: _check_status_bound(current, values)
