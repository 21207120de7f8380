"""Links into one API version: each API names its root once (Compute
"/v2.1", Image "/v2", Identity "/v3", Networking "/v2.0", Block Storage "/v3")
and builds every href from it and the request's scheme, host and port.

    COMPUTE = links.Root("/v2.1")
    COMPUTE.href(req, "/servers/1")          http://host:8774/v2.1/servers/1
    COMPUTE.self_and_bookmark(req, "/servers/1")
"""
from __future__ import annotations

import dataclasses
from urllib.parse import quote


@dataclasses.dataclass(frozen=True)
class Root:
    path: str  # the version's path after the host, "" for an unversioned API

    def href(self, req, path: str = "") -> str:
        return f"{req.prefix}{self.path}{path}"

    def bookmark(self, req, path: str) -> str:
        """A link without the version, as Nova's "bookmark" links are."""
        return f"{req.prefix}{path}"

    def self_and_bookmark(self, req, path: str) -> list[dict]:
        return [{"rel": "self", "href": self.href(req, path)},
                {"rel": "bookmark", "href": self.bookmark(req, path)}]


def quoted(value) -> str:
    """A value as one path segment of a link."""
    return quote(str(value), safe="")
