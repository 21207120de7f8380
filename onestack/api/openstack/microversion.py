"""Compute API microversions: `OpenStack-API-Version: compute X.Y` (or the older
`X-OpenStack-Nova-API-Version`), echoed back with `Vary`."""
from __future__ import annotations

import functools
import re

from onestack.common import exceptions

MIN_VERSION = "2.1"
MAX_VERSION = "2.79"

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


MIN = Version(MIN_VERSION)
MAX = Version(MAX_VERSION)


def requested(req) -> Version:
    """The version a request asks for; 2.1 when it names none (and for /v2)."""
    if req.context.get("legacy_v2"):
        return MIN
    text = None
    header = req.get_header("OpenStack-API-Version")
    if header:
        for item in header.split(","):
            service, _, value = item.strip().partition(" ")
            if service.lower() == "compute":
                text = value.strip()
    if text is None:
        text = req.get_header("X-OpenStack-Nova-API-Version")
    if text is None:
        return MIN
    if text.strip().lower() == "latest":
        return MAX
    version = Version(text)
    if not MIN <= version <= MAX:
        raise exceptions.NotAcceptable(
            f"Version {version} is not supported by the API. Minimum is {MIN} "
            f"and maximum is {MAX}.")
    return version


class MicroversionMiddleware:
    def process_request(self, req, resp):
        req.context.version = MIN
        req.context.version = requested(req)

    def process_response(self, req, resp, resource, req_succeeded):
        version = req.context.get("version") or MIN
        resp.set_header("OpenStack-API-Version", f"compute {version}")
        resp.set_header("X-OpenStack-Nova-API-Version", str(version))
        resp.append_header("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version")
