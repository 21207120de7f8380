"""Error bodies in the format of each API family, one renderer a family.

    STYLES["nova"]      {"itemNotFound": {"code": 404, "message": "..."}}
                        Compute; "cinder" (Block Storage) is the same shape
    STYLES["keystone"]  {"error": {"code": 404, "title": "Not Found", "message": "..."}}
    STYLES["glance"]    {"code": 404, "title": "Not Found", "message": "..."}
    STYLES["neutron"]   {"NeutronError": {"type": "NetworkNotFound",
                                          "message": "...", "detail": ""}}

The API of this module, for every front end:
- `style(name) -> FaultStyle`: the renderer of a family; KeyError naming the
  known ones for another name. A FaultStyle has `name`, `media_type`,
  `document(error)` (the body before encoding) and `encode(error) -> bytes`.
- `body(name, error)`: the body document of error in that family's shape.
- `create_app(..., fault_style=name)` (wsgi/app.py) answers every error of an
  API in its family's shape, and `registry.Api(fault_style=name)` makes the
  HTTP server's early refusals (framing, size limits) use the same one.
- `neutron_type(error)`: the Neutron "type" of an error. An exception class
  names its own with a `neutron_type` attribute (class NetworkNotFound(
  exceptions.NotFound): neutron_type = "NetworkNotFound"); others get the
  name of the HTTP error class Neutron's WSGI layer uses for the status
  (HTTPBadRequest, HTTPNotFound, HTTPConflict, ...).
- `for_status(code, message)`, `from_falcon_error(error)`: our error for an
  HTTP status or one of Falcon's own errors.
- `unexpected(request_id)` and `SERVER_ERRORS`: the 500 for an unexpected
  exception, and the count of those a test suite checks is zero.

A family that is not JSON (EC2's XML next) registers a FaultStyle with its
media_type and an encode of its own.
"""
from __future__ import annotations

import collections
import dataclasses
import json
import threading
from typing import Callable

import falcon

from onestack.common import exceptions

JSON = "application/json"

# falcon's own errors (no route, bad method, ...) map onto ours by status
_BY_STATUS = {cls.code: cls for cls in (
    exceptions.BadRequest, exceptions.NotAuthenticated, exceptions.Forbidden,
    exceptions.NotFound, exceptions.MethodNotAllowed, exceptions.NotAcceptable,
    exceptions.Conflict, exceptions.RequestTooLarge, exceptions.URITooLong,
    exceptions.UnsupportedMediaType, exceptions.HeaderFieldsTooLarge,
    exceptions.FeatureNotSupported, exceptions.ServiceUnavailable)}

# the webob class names Neutron reports as "type" for errors it has no name for
_NEUTRON_HTTP_TYPES = {
    400: "HTTPBadRequest", 401: "HTTPUnauthorized", 403: "HTTPForbidden",
    404: "HTTPNotFound", 405: "HTTPMethodNotAllowed", 406: "HTTPNotAcceptable",
    409: "HTTPConflict", 413: "HTTPRequestEntityTooLarge",
    414: "HTTPRequestURITooLong", 415: "HTTPUnsupportedMediaType",
    431: "HTTPRequestHeaderFieldsTooLarge", 500: "HTTPInternalServerError",
    501: "HTTPNotImplemented", 503: "HTTPServiceUnavailable"}


def for_status(status: int, message: str) -> exceptions.OnestackError:
    """Our error for an HTTP status (500 for one we have no class for)."""
    return _BY_STATUS.get(status, exceptions.OnestackError)(message)


def from_falcon_error(error: falcon.HTTPError) -> exceptions.OnestackError:
    converted = for_status(error.status_code, error.description or error.title)
    if error.headers:
        converted.headers.update(error.headers)
    return converted


@dataclasses.dataclass(frozen=True)
class FaultStyle:
    name: str
    document: Callable[[exceptions.OnestackError], object]
    media_type: str = JSON

    def encode(self, error: exceptions.OnestackError) -> bytes:
        document = self.document(error)
        if self.media_type == JSON:
            return json.dumps(document).encode()
        return document.encode()


def _nova(error):
    return {error.fault_name: {"code": error.code, "message": error.message}}


def _keystone(error):
    return {"error": {"code": error.code, "title": error.title,
                      "message": error.message}}


def _glance(error):
    return {"code": error.code, "title": error.title, "message": error.message}


def neutron_type(error: exceptions.OnestackError) -> str:
    return getattr(error, "neutron_type", None) or _NEUTRON_HTTP_TYPES.get(
        error.code, "HTTPInternalServerError")


def _neutron(error):
    return {"NeutronError": {"type": neutron_type(error), "message": error.message,
                             "detail": ""}}


def _plain_text(error):
    """The metadata service's: instances read plain text, as from Nova's."""
    return f"{error.code} {error.title}\n\n{error.message}\n"


STYLES = {style.name: style for style in (
    FaultStyle("nova", _nova),
    FaultStyle("cinder", _nova),
    FaultStyle("keystone", _keystone),
    FaultStyle("glance", _glance),
    FaultStyle("neutron", _neutron),
    FaultStyle("metadata", _plain_text, "text/plain; charset=UTF-8"),
)}


def style(name: str) -> FaultStyle:
    try:
        return STYLES[name]
    except KeyError:
        raise KeyError(f"no fault style {name!r}; known: {', '.join(STYLES)}") \
            from None


def body(name: str, error: exceptions.OnestackError):
    return style(name).document(error)


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
