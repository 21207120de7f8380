"""Neutron's error types and its error body.

Neutron answers {"NeutronError": {"type": "NetworkNotFound", "message":
"...", "detail": ""}}: the type names the failure (NetworkNotFound,
SubnetInUse, ...) or, for failures without a name of their own, the HTTP
one (HTTPBadRequest, HTTPNotFound, ...).
"""
from __future__ import annotations

from onestack.common import exceptions

HTTP_TYPES = {400: "HTTPBadRequest", 401: "HTTPUnauthorized", 403: "HTTPForbidden",
              404: "HTTPNotFound", 405: "HTTPMethodNotAllowed",
              406: "HTTPNotAcceptable", 409: "HTTPConflict",
              413: "HTTPRequestEntityTooLarge", 414: "HTTPRequestURITooLong",
              415: "HTTPUnsupportedMediaType", 500: "HTTPInternalServerError",
              501: "HTTPNotImplemented", 503: "HTTPServiceUnavailable"}


def typed(error: exceptions.OnestackError, neutron_type: str):
    """error, named with a Neutron type (as the key of the body the shared
    renderer writes, which NeutronFaults turns into Neutron's)."""
    error.neutron_type = error.fault_name = neutron_type
    return error


def not_found(kind: str, object_id) -> exceptions.NotFound:
    """Neutron's NetworkNotFound, SubnetNotFound, PortNotFound, ..."""
    noun = {"Network": "Network", "Subnet": "Subnet", "Port": "Port",
            "Router": "Router"}.get(kind, kind)
    return typed(exceptions.NotFound(f"{noun} {object_id} could not be found."),
                 f"{kind}NotFound")


def bad_input(message: str) -> exceptions.BadRequest:
    """Neutron's InvalidInput (400)."""
    return typed(exceptions.BadRequest(f"Invalid input for operation: {message}."),
                 "InvalidInput")


def in_use(kind: str, message: str) -> exceptions.Conflict:
    """Neutron's NetworkInUse, SubnetInUse, PortInUse, RouterInUse (409)."""
    return typed(exceptions.Conflict(message), f"{kind}InUse")


def renamed(error: exceptions.OnestackError, kind: str):
    """A NotFound from below, as Neutron names it for kind."""
    if isinstance(error, exceptions.NotFound) and \
            not getattr(error, "neutron_type", None):
        typed(error, f"{kind}NotFound")
    return error


def over_quota(error: exceptions.OverQuota) -> exceptions.Conflict:
    """Neutron answers an exceeded quota with 409 OverQuota."""
    return typed(exceptions.Conflict(error.message), "OverQuota")


class NeutronFaults:
    """Rewrites the error bodies of this API into Neutron's: the shared
    renderer writes {fault_name: {"code", "message"}}, where a Neutron type
    set by typed() is the fault name; any other is named by its status."""

    def process_response(self, req, resp, resource, req_succeeded):
        media = resp.media if resp.status_code >= 400 else None
        if not isinstance(media, dict) or len(media) != 1:
            return
        (name, fault), = media.items()
        if not isinstance(fault, dict) or "message" not in fault:
            return
        neutron_type = name if name[:1].isupper() else \
            HTTP_TYPES.get(resp.status_code, "HTTPInternalServerError")
        resp.media = {"NeutronError": {"type": neutron_type,
                                       "message": fault["message"], "detail": ""}}
