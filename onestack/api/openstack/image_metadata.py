"""/images/{image_id}/metadata: an image's free properties through the compute
API's proxy (until 2.38), written through onestack.image.api as the caller."""
from __future__ import annotations

from onestack.api.openstack import base
from onestack.api.openstack.images import get_image, metadata_of
from onestack.api.openstack.schemas import image_metadata as schemas
from onestack.common import exceptions
from onestack.db import quotas
from onestack.image import api as image_api
from onestack.image.patch import Change
from onestack.wsgi import validation


def until_239(req) -> None:
    if base.at_least(req, "2.39"):
        raise exceptions.NotFound("The resource could not be found.")


def check_quota(conf, req, metadata: dict) -> None:
    limit = quotas.limits(conf, req.context.ctx.project_id)["metadata_items"]
    if metadata and 0 <= limit < len(metadata):
        raise exceptions.OverQuota("Image metadata limit exceeded")


def save(conf, req, image_id: str, current: dict, wanted: dict) -> None:
    """Make the image's metadata `wanted`, in one update of the image."""
    changes = [Change("remove", key) for key in current if key not in wanted]
    changes += [Change("add", key, value) for key, value in wanted.items()
                if current.get(key) != value]
    if changes:
        image_api.update_image(conf, req.context.ctx, image_id, changes)


class Metadata(base.Resource):
    def on_get(self, req, resp, image_id):
        until_239(req)
        resp.media = {"metadata": metadata_of(get_image(self.conf, req, image_id))}

    def on_post(self, req, resp, image_id):
        """Add or change the keys given; others stay."""
        until_239(req)
        body = validation.read_valid_json(req, schemas.create)
        current = metadata_of(get_image(self.conf, req, image_id))
        wanted = {**current, **body["metadata"]}
        check_quota(self.conf, req, wanted)
        save(self.conf, req, image_id, current, wanted)
        resp.media = {"metadata": wanted}

    def on_put(self, req, resp, image_id):
        """Replace the whole metadata."""
        until_239(req)
        body = validation.read_valid_json(req, schemas.update_all)
        current = metadata_of(get_image(self.conf, req, image_id))
        check_quota(self.conf, req, body["metadata"])
        save(self.conf, req, image_id, current, body["metadata"])
        resp.media = {"metadata": body["metadata"]}


class MetadataItem(base.Resource):
    def on_get(self, req, resp, image_id, key):
        until_239(req)
        metadata = metadata_of(get_image(self.conf, req, image_id))
        if key not in metadata:
            raise exceptions.NotFound("Invalid metadata key")
        resp.media = {"meta": {key: metadata[key]}}

    def on_put(self, req, resp, image_id, key):
        until_239(req)
        body = validation.read_valid_json(req, schemas.update)
        if key not in body["meta"]:
            raise exceptions.BadRequest("Request body and URI mismatch")
        current = metadata_of(get_image(self.conf, req, image_id))
        wanted = {**current, key: body["meta"][key]}
        check_quota(self.conf, req, wanted)
        save(self.conf, req, image_id, current, wanted)
        resp.media = {"meta": body["meta"]}

    def on_delete(self, req, resp, image_id, key):
        until_239(req)
        current = metadata_of(get_image(self.conf, req, image_id))
        if key not in current:
            raise exceptions.NotFound("Invalid metadata key")
        save(self.conf, req, image_id, current,
             {k: v for k, v in current.items() if k != key})
        resp.status = 204


ROUTES = (
    ("/images/{image_id}/metadata", lambda conf: Metadata(conf)),
    ("/images/{image_id}/metadata/{key}", lambda conf: MetadataItem(conf)),
)
