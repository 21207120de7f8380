"""/v2/schemas/{name} (image, images, member, members) and /v2/info/import."""
from onestack.common import exceptions
from onestack.image import schemas
from onestack.image.v2.base import Resource


class Schema(Resource):
    def on_get(self, req, resp, name):
        document = schemas.DOCUMENTS.get(name)
        if document is None:
            raise exceptions.NotFound(f"No schema named {name}.")
        resp.media = document()


class ImportInfo(Resource):
    """No interoperable import methods here: clients then upload with PUT."""

    def on_get(self, req, resp):
        resp.media = {"import-methods": {
            "description": "Import methods available.", "type": "array", "value": []}}


ROUTES = (
    ("/v2/schemas/{name}", Schema),
    ("/v2/info/import", ImportInfo),
)
