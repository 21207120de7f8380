"""Error bodies in the format of each OpenStack API.

keystone:  {"error": {"code": 404, "title": "Not Found", "message": "..."}}
nova:      {"itemNotFound": {"code": 404, "message": "..."}} (Compute, Block Storage)
glance:    {"code": 404, "title": "Not Found", "message": "..."} (Image)
"""
import collections
import threading

import falcon

from onestack.common import exceptions

# falcon's own errors (no route, bad method, ...) map onto ours by status
_BY_STATUS = {cls.code: cls for cls in (
    exceptions.BadRequest, exceptions.NotAuthenticated, exceptions.Forbidden,
    exceptions.NotFound, exceptions.MethodNotAllowed, exceptions.NotAcceptable,
    exceptions.Conflict, exceptions.RequestTooLarge, exceptions.URITooLong,
    exceptions.UnsupportedMediaType, exceptions.HeaderFieldsTooLarge,
    exceptions.FeatureNotSupported, exceptions.ServiceUnavailable)}


def for_status(status: int, message: str) -> exceptions.OnestackError:
    """Our error for an HTTP status (500 for one we have no class for)."""
    return _BY_STATUS.get(status, exceptions.OnestackError)(message)


def from_falcon_error(error: falcon.HTTPError) -> exceptions.OnestackError:
    converted = for_status(error.status_code, error.description or error.title)
    if error.headers:
        converted.headers.update(error.headers)
    return converted


def body(style: str, error: exceptions.OnestackError) -> dict:
    if style == "keystone":
        return {"error": {"code": error.code, "title": error.title,
                          "message": error.message}}
    if style == "glance":
        return {"code": error.code, "title": error.title, "message": error.message}
    return {error.fault_name: {"code": error.code, "message": error.message}}


class ServerErrors:
    """Counts the 500s the APIs of this process answered, and keeps the last
    few (method, path, error) for a test suite that must see none."""

    def __init__(self, keep: int = 20):
        self._lock = threading.Lock()
        self.count = 0
        self.recent = collections.deque(maxlen=keep)

    def record(self, method: str, path: str, error: str) -> None:
        with self._lock:
            self.count += 1
            self.recent.append((method, path, error))


SERVER_ERRORS = ServerErrors()


def unexpected(request_id: str | None) -> exceptions.OnestackError:
    """The 500 for an exception no handler expected: the request id to find
    it in the log by, and nothing of the error itself."""
    return exceptions.OnestackError(
        "The server has either erred or is incapable of performing the requested "
        f"operation. Request ID: {request_id or '-'}")
