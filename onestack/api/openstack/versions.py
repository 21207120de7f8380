"""Version discovery of the compute API: /, /v2.1 and /v2."""

from onestack.api.openstack import base
from onestack.wsgi import links, microversion, versions

MICROVERSIONS = microversion.Service("compute", "2.1", "2.79",
                                     legacy_header="X-OpenStack-Nova-API-Version")
LEGACY_ROOT = links.Root("/v2")

UPDATED = "2013-07-23T11:33:21Z"
MEDIA_TYPES = [{"base": "application/json",
                "type": "application/vnd.openstack.compute+json;version=2.1"}]


def version_document(req, name: str) -> dict:
    if name == "v2.0":
        return {"id": "v2.0", "status": "SUPPORTED", "version": "", "min_version": "",
                "updated": "2011-01-21T11:33:21Z", "media-types": MEDIA_TYPES,
                "links": [{"rel": "self", "href": LEGACY_ROOT.href(req, "/")}]}
    return {"id": "v2.1", "status": "CURRENT", "version": MICROVERSIONS.max_version,
            "min_version": MICROVERSIONS.min_version, "updated": UPDATED,
            "media-types": MEDIA_TYPES,
            "links": [{"rel": "self", "href": base.ROOT.href(req, "/")},
                      {"rel": "describedby", "type": "text/html",
                       "href": "https://docs.openstack.org/"}]}


def _one(name: str):
    return versions.Discovery(lambda req: {"version": version_document(req, name)})


ROUTES = (
    ("/", lambda conf: versions.Discovery(lambda req: {"versions": [
        version_document(req, "v2.0"), version_document(req, "v2.1")]})),
    (base.ROOT.path, lambda conf: _one("v2.1")),
    (LEGACY_ROOT.path, lambda conf: _one("v2.0")),
)
