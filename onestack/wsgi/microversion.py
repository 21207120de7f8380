"""Microversions for every API that has them, one Service a service type:

    COMPUTE = Service("compute", "2.1", "2.79",
                      legacy_header="X-OpenStack-Nova-API-Version")
    VOLUME = Service("volume", "3.0", "3.x")
    create_app(..., first_middleware=(Middleware(COMPUTE),))
    req.context.version.at_least("2.47")

A request names its version in `OpenStack-API-Version: <service type> X.Y`
(or "latest"), or in the service's older header; none is the minimum. A
version outside [min, max] is 406, a malformed one 400. Every answer names
the version it was served at in the headers it was asked in, with Vary on them.
A resource that must run at the minimum whatever is asked (Nova's /v2) sets
`req.context.version_pinned` before this middleware runs.
"""
from __future__ import annotations

import dataclasses
import functools
import re

from onestack.common import exceptions

HEADER = "OpenStack-API-Version"
_VERSION = re.compile(r"^([1-9]\d*)\.([1-9]\d*|0)$")


@functools.total_ordering
class Version:
    def __init__(self, text: str):
        match = _VERSION.match(text.strip())
        if not match:
            raise exceptions.BadRequest(f"Invalid API version request: {text!r}; "
                                        "expected X.Y, e.g. 2.1.")
        self.major, self.minor = int(match.group(1)), int(match.group(2))

    def __eq__(self, other):
        return (self.major, self.minor) == (other.major, other.minor)

    def __hash__(self):
        return hash((self.major, self.minor))

    def __lt__(self, other):
        return (self.major, self.minor) < (other.major, other.minor)

    def __str__(self):
        return f"{self.major}.{self.minor}"

    def at_least(self, text: str) -> bool:
        other = parse(text)
        return (self.major, self.minor) >= (other.major, other.minor)


@functools.lru_cache(maxsize=256)
def parse(text: str) -> Version:
    """A Version from text, cached: views compare against the same few constants
    thousands of times per page of servers."""
    return Version(text)


@dataclasses.dataclass(frozen=True)
class Service:
    service_type: str
    min_version: str
    max_version: str
    legacy_header: str | None = None  # the service's own header, before HEADER

    @property
    def min(self) -> Version:
        return parse(self.min_version)

    @property
    def max(self) -> Version:
        return parse(self.max_version)

    def asked(self, get_header) -> str | None:
        """The version text a request names for this service, if any."""
        header = get_header(HEADER)
        text = None
        if header:
            for item in header.split(","):
                service, _, value = item.strip().partition(" ")
                if service.lower() == self.service_type:
                    text = value.strip()
        if text is None and self.legacy_header:
            text = get_header(self.legacy_header)
        return text

    def requested(self, get_header) -> Version:
        """The version a request asks for (get_header: name -> value or None)."""
        text = self.asked(get_header)
        if text is None:
            return self.min
        if text.strip().lower() == "latest":
            return self.max
        version = Version(text)
        if not self.min <= version <= self.max:
            raise exceptions.NotAcceptable(
                f"Version {version} is not supported by the API. Minimum is "
                f"{self.min} and maximum is {self.max}.")
        return version

    def headers(self, version: Version) -> list[tuple[str, str]]:
        """The headers that name the version an answer was served at."""
        named = [(HEADER, f"{self.service_type} {version}")]
        if self.legacy_header:
            named.append((self.legacy_header, str(version)))
        return named

    @property
    def vary(self) -> str:
        return ", ".join([HEADER] + ([self.legacy_header] if self.legacy_header else []))


class Middleware:
    """Puts the requested version in req.context.version and names it in the answer."""

    def __init__(self, service: Service):
        self.service = service

    def process_request(self, req, resp):
        req.context.version = self.service.min
        if not req.context.get("version_pinned"):
            req.context.version = self.service.requested(req.get_header)

    def process_response(self, req, resp, resource, req_succeeded):
        version = req.context.get("version") or self.service.min
        for name, value in self.service.headers(version):
            resp.set_header(name, value)
        resp.append_header("Vary", self.service.vary)
