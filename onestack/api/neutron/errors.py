"""Neutron's error types: the "type" of {"NeutronError": {"type", "message",
"detail"}} names the failure (NetworkNotFound, SubnetInUse, ...); an error
without one is named by its status (wsgi/faults.py renders both)."""
from __future__ import annotations

from onestack.common import exceptions


def typed(error: exceptions.OnestackError, neutron_type: str):
    """error, named with a Neutron type (wsgi/faults.py renders it)."""
    error.neutron_type = neutron_type
    return error


def not_found(kind: str, object_id) -> exceptions.NotFound:
    """Neutron's NetworkNotFound, SubnetNotFound, PortNotFound, ..."""
    return typed(exceptions.NotFound(f"{kind} {object_id} could not be found."),
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


def over_quota(resource: str) -> exceptions.Conflict:
    """Neutron's answer to an exceeded quota of resource (its Neutron name):
    409 OverQuota."""
    return typed(exceptions.Conflict(f"Quota exceeded for resources: ['{resource}']."),
                 "OverQuota")
