"""/images: the compute API's proxy to the image service (until 2.35).

Images are read and deleted through onestack.image.api as the caller, with the
image service's visibility rules and policy, and shown in Nova's view: status
ACTIVE/SAVING/DELETED/ERROR/UNKNOWN with a progress, minRam/minDisk, the free
properties as metadata, and `server` when the image is a server's snapshot.
"""
from __future__ import annotations

from onestack.api.openstack import base, params
from onestack.common import exceptions
from onestack.identity import catalog
from onestack.image import api as image_api

# attributes of the image service's own schema; every other key is metadata
GLANCE_ATTRIBUTES = frozenset((
    "id", "name", "status", "visibility", "protected", "os_hidden", "checksum",
    "os_hash_algo", "os_hash_value", "owner", "size", "virtual_size", "min_ram",
    "min_disk", "created_at", "updated_at", "disk_format", "container_format",
    "tags", "self", "file", "schema", "direct_url", "locations", "stores"))
STATUS = {"active": "ACTIVE", "queued": "SAVING", "saving": "SAVING",
          "deleted": "DELETED", "pending_delete": "DELETED", "killed": "ERROR"}
PROGRESS = {"queued": 25, "saving": 50, "active": 100}
# Nova's filters -> the image service's (None: applied here, see minimum_sizes)
FILTERS = {"name": "name", "status": "status", "changes-since": "updated_at",
           "server": "instance_uuid", "type": "image_type"}


def until_236(req) -> None:
    """The proxy is gone from 2.36: 404 as for any unknown resource."""
    if base.at_least(req, "2.36"):
        raise exceptions.NotFound("The resource could not be found.")


def metadata_of(image: dict) -> dict:
    return {k: v for k, v in image.items() if k not in GLANCE_ATTRIBUTES}


def links(conf, req, image_id: str) -> list[dict]:
    return base.link(req, f"/images/{image_id}") + [
        {"rel": "alternate", "type": "application/vnd.openstack.image",
         "href": f"{catalog.url_for(conf, 'image')}/images/{image_id}"}]


def basic_view(conf, req, image: dict) -> dict:
    return {"id": image["id"], "name": image.get("name"),
            "links": links(conf, req, image["id"])}


def detail_view(conf, req, image: dict) -> dict:
    metadata = metadata_of(image)
    view = {
        "id": image["id"], "name": image.get("name"),
        "minRam": int(image.get("min_ram") or 0),
        "minDisk": int(image.get("min_disk") or 0),
        "metadata": metadata,
        "created": image.get("created_at"), "updated": image.get("updated_at"),
        "status": STATUS.get(image.get("status"), "UNKNOWN"),
        "progress": PROGRESS.get(image.get("status"), 0),
        "OS-EXT-IMG-SIZE:size": image.get("size") or 0,
        "links": links(conf, req, image["id"]),
    }
    server = metadata.get("instance_uuid")
    if server is not None:
        view["server"] = {"id": server, "links": base.link(req, f"/servers/{server}")}
    disk_config = metadata.get("auto_disk_config")
    if disk_config is not None:
        automatic = str(disk_config).strip().lower() in ("1", "true", "t", "yes", "y", "on")
        view["OS-DCF:diskConfig"] = "AUTO" if automatic else "MANUAL"
    return view


def image_filters(req) -> dict:
    """The image service's filters for Nova's query parameters."""
    filters = {}
    for name, value in req.params.items():
        value = value[-1] if isinstance(value, list) else value
        if name.startswith("property-"):
            filters[name[len("property-"):]] = value
        elif name in FILTERS:
            filters[FILTERS[name]] = value
    if "status" in filters:
        filters["status"] = filters["status"].lower()
    if "instance_uuid" in filters:
        filters["instance_uuid"] = filters["instance_uuid"].rsplit("/", 1)[-1]
    if "updated_at" in filters:
        filters["updated_at"] = "gte:" + filters["updated_at"]
    return filters


def minimum_sizes(req) -> dict[str, int]:
    """minRam and minDisk: images needing at least that much (Glance v1's rule)."""
    wanted = {}
    for name, attribute in (("minRam", "min_ram"), ("minDisk", "min_disk")):
        value = params.last(req, name)
        if value is not None:
            if not value.isdigit():
                raise exceptions.BadRequest(f"Invalid {name} filter: {value!r} is "
                                            "not a non-negative integer")
            wanted[attribute] = int(value)
    return wanted


class Images(base.Resource):
    """GET /images and /images/detail."""

    def __init__(self, conf, detail: bool):
        super().__init__(conf)
        self.detail = detail

    def on_get(self, req, resp):
        until_236(req)
        params.non_negative_int(req, "limit")
        limit, marker = base.limit_and_marker(req)
        sizes = minimum_sizes(req)
        page = image_api.list_images(self.conf, req.context.ctx, image_filters(req),
                                     limit=limit, marker=marker) if limit else []
        images = [image for image in page
                  if all((image.get(k) or 0) >= v for k, v in sizes.items())]
        view = detail_view if self.detail else basic_view
        body = {"images": [view(self.conf, req, image) for image in images]}
        links = base.next_links(req, "/images/detail" if self.detail else "/images",
                                [image["id"] for image in page], limit)
        if links:
            body["images_links"] = links
        resp.media = body


def get_image(conf, req, image_id: str) -> dict:
    try:
        return image_api.get_image(conf, req.context.ctx, image_id)
    except exceptions.NotFound:
        raise exceptions.NotFound("Image not found.")


class Image(base.Resource):
    def on_get(self, req, resp, image_id):
        until_236(req)
        resp.media = {"image": detail_view(self.conf, req,
                                           get_image(self.conf, req, image_id))}

    def on_delete(self, req, resp, image_id):
        until_236(req)
        try:
            image_api.delete_image(self.conf, req.context.ctx, image_id)
        except exceptions.NotFound:
            raise exceptions.NotFound("Image not found.")
        except exceptions.Forbidden:
            raise exceptions.Forbidden("You are not allowed to delete the image.")
        resp.status = 204


ROUTES = (
    ("/images", lambda conf: Images(conf, detail=False)),
    ("/images/detail", lambda conf: Images(conf, detail=True)),
    ("/images/{image_id}", lambda conf: Image(conf)),
)
