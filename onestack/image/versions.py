"""Version discovery: / answers 300 Multiple Choices, /versions 200.

v2.7 (hidden images, multihash) is the newest version served; the later
ones add multiple stores, image import and the cache API, which are not here.
"""
import falcon

from onestack.wsgi import versions

CURRENT = 7


def _versions(req) -> dict:
    href = f"{req.prefix}/v2/"
    return {"versions": [
        {"id": f"v2.{minor}", "status": "CURRENT" if minor == CURRENT else "SUPPORTED",
         "links": [{"rel": "self", "href": href}]}
        for minor in range(CURRENT, -1, -1)]}


ROUTES = (
    ("/", lambda conf: versions.Discovery(_versions, falcon.HTTP_300)),
    ("/versions", lambda conf: versions.Discovery(_versions)),
    ("/v2", lambda conf: versions.Discovery(_versions, falcon.HTTP_300)),
)
