"""Version discovery: / lists v2.0, /v2.0 lists the collections served."""
from onestack.api.neutron import extensions


class Root:
    auth_required = False

    def on_get(self, req, resp):
        resp.media = {"versions": [{"id": "v2.0", "status": "CURRENT", "links": [
            {"rel": "self", "href": f"{req.prefix}/v2.0/"}]}]}


class Version:
    def on_get(self, req, resp):
        resp.media = {"resources": [
            {"name": member, "collection": collection,
             "links": [{"rel": "self", "href": f"{req.prefix}/v2.0/{collection}"}]}
            for collection, member in extensions.COLLECTIONS]}


ROUTES = (
    ("/", lambda conf: Root()),
    ("/v2.0", lambda conf: Version()),
)
