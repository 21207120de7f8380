"""Images and members as the Image API v2 shows them."""
from onestack.db import images as db

_SHOWN = ("name", "disk_format", "container_format", "visibility", "size",
          "virtual_size", "status", "checksum", "protected", "min_ram", "min_disk",
          "owner", "os_hidden", "os_hash_algo", "os_hash_value")


def isotime(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def image(record: db.ImageRecord) -> dict:
    view = dict(record.properties)
    view.update({name: getattr(record, name) for name in _SHOWN})
    view.update({
        "id": record.id,
        "tags": sorted(record.tags),
        "created_at": isotime(record.created_at),
        "updated_at": isotime(record.updated_at or record.created_at),
        "self": f"/v2/images/{record.id}",
        "file": f"/v2/images/{record.id}/file",
        "schema": "/v2/schemas/image",
    })
    return view


def member(record: db.MemberRecord) -> dict:
    return {"image_id": record.image_id, "member_id": record.member,
            "status": record.status, "created_at": isotime(record.created_at),
            "updated_at": isotime(record.updated_at or record.created_at),
            "schema": "/v2/schemas/member"}
