"""Version discovery: / answers 300 Multiple Choices, /versions 200.

v2.7 (hidden images, multihash) is the newest version served; the later
ones add multiple stores, image import and the cache API, which are not here.
"""
import falcon

CURRENT = 7


def _versions(req) -> dict:
    href = f"{req.prefix}/v2/"
    return {"versions": [
        {"id": f"v2.{minor}", "status": "CURRENT" if minor == CURRENT else "SUPPORTED",
         "links": [{"rel": "self", "href": href}]}
        for minor in range(CURRENT, -1, -1)]}


class Versions:
    auth_required = False

    def __init__(self, status):
        self.status = status

    def on_get(self, req, resp):
        resp.status = self.status
        resp.media = _versions(req)


ROUTES = (
    ("/", lambda conf: Versions(falcon.HTTP_300)),
    ("/versions", lambda conf: Versions(falcon.HTTP_200)),
    ("/v2", lambda conf: Versions(falcon.HTTP_300)),
)
