"""The request context: who is asking, for which project, under which request ids.

An oslo.context RequestContext, so that oslo.log's context format prints its
ids (`[global_request_id request_id user project ...]`) on every line logged
while it is its thread's current context. The entry points make it current:
the API middleware for a request, the RPC server for a message (onestack.rpc).
A context made elsewhere becomes current only in a thread that has none, so
work done for a request keeps that request's ids in its log lines.

request_id is the local id (the API's X-Openstack-Request-Id answer);
global_request_id is the id the caller sent in X-OpenStack-Request-ID, which
every service logs for the work the request caused.
"""
from __future__ import annotations

import re

from oslo_context import context as oslo_context

# as oslo.middleware's request_id accepts a caller's id
_REQUEST_ID = re.compile(
    r"^req-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$")


def new_request_id() -> str:
    return oslo_context.generate_request_id()


def valid_global_request_id(value: str | None) -> str | None:
    """value if it is a request id a caller may hand us, else None."""
    return value if value and _REQUEST_ID.match(value) else None


def clear_current() -> None:
    """Leave the thread without a current context, so that what it logs
    next does not carry the ids of work it has finished. (oslo.context
    offers no call for this; its store is a plain thread-local.)"""
    oslo_context._request_store.context = None


class RequestContext(oslo_context.RequestContext):
    # besides oslo.context's own keys, what crosses RPC
    FROM_DICT_EXTRA_KEYS = ["audit_ids"]

    def __init__(self, *, audit_ids: list[str] | None = None, overwrite: bool = False,
                 **kwargs):
        super().__init__(overwrite=overwrite, **kwargs)
        self.audit_ids = audit_ids or []

    def to_dict(self) -> dict:
        values = super().to_dict()
        # oslo.context's from_dict reads these, but its to_dict leaves them out
        values["user_name"] = self.user_name
        values["project_name"] = self.project_name
        values["audit_ids"] = self.audit_ids
        return values

    def policy_credentials(self) -> dict:
        """The credentials dict oslo.policy checks rules against."""
        return {
            "user_id": self.user_id,
            "project_id": self.project_id,
            "domain_id": self.domain_id,
            "user_domain_id": self.user_domain_id,
            "project_domain_id": self.project_domain_id,
            "roles": list(self.roles),
            "is_admin": self.is_admin,
            "system_scope": self.system_scope,
        }

    @classmethod
    def admin(cls) -> "RequestContext":
        """A context for services acting on their own behalf."""
        return cls(roles=["admin"], is_admin=True)
