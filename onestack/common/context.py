"""The request context: who is asking, for which project, under which request id."""
from __future__ import annotations

import dataclasses
import uuid


def new_request_id() -> str:
    return "req-" + str(uuid.uuid4())


@dataclasses.dataclass
class RequestContext:
    user_id: str | None = None
    project_id: str | None = None
    domain_id: str | None = None
    user_name: str | None = None
    project_name: str | None = None
    user_domain_id: str | None = None
    project_domain_id: str | None = None
    roles: list[str] = dataclasses.field(default_factory=list)
    is_admin: bool = False
    auth_token: str | None = None
    audit_ids: list[str] = dataclasses.field(default_factory=list)
    request_id: str = dataclasses.field(default_factory=new_request_id)
    system_scope: str | None = None

    def to_dict(self) -> dict:
        # asdict() deep-copies recursively and costs ~20 us on every RPC
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        values["roles"] = list(self.roles)
        values["audit_ids"] = list(self.audit_ids)
        return values

    @classmethod
    def from_dict(cls, values: dict) -> "RequestContext":
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})

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
