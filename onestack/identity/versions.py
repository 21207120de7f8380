"""Version discovery at /, /v3 and /v2.0."""
import falcon

from onestack.wsgi import versions

UPDATED = {"v3": "2024-03-01T00:00:00Z", "v2.0": "2014-04-17T00:00:00Z"}
MEDIA_TYPES = {
    "v3": [{"base": "application/json",
            "type": "application/vnd.openstack.identity-v3+json"}],
    "v2.0": [{"base": "application/json",
              "type": "application/vnd.openstack.identity-v2.0+json"}],
}


def _version(req, name: str) -> dict:
    version = {"id": "v3.14" if name == "v3" else "v2.0",
               "status": "stable" if name == "v3" else "deprecated",
               "updated": UPDATED[name], "media-types": MEDIA_TYPES[name],
               "links": [{"rel": "self", "href": f"{req.prefix}/{name}/"}]}
    if name == "v2.0":
        version["links"].append({"rel": "describedby", "type": "text/html",
                                 "href": "https://docs.openstack.org/"})
    return version


def _one(name: str):
    return versions.Discovery(lambda req: {"version": _version(req, name)})


ROUTES = (
    ("/", lambda conf: versions.Discovery(lambda req: {"versions": {"values": [
        _version(req, "v3"), _version(req, "v2.0")]}}, falcon.HTTP_300)),
    ("/v3", lambda conf: _one("v3")),
    ("/v2.0", lambda conf: _one("v2.0")),
)
