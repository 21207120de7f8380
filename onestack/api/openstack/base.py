"""What every compute API resource shares: policy, microversions, paging, links."""
from __future__ import annotations

import re

from onestack import policy
from onestack.common import exceptions
from onestack.wsgi import links, middleware, paging

# the compute API's version root: every link and Location is built from it
ROOT = links.Root("/v2.1")
link = ROOT.self_and_bookmark


# /v2/{project_id}/... and /v2.1/{project_id}/... as older clients send them
_PROJECT_IN_URL = re.compile(r"^/(v2|v2\.1)/([0-9a-fA-F]{32}|[0-9a-fA-F-]{36})(/.*)?$")
_LEGACY = re.compile(r"^/v2(/.*)?$")


class UrlRewrite:
    """Drops a project id from the URL (ProjectInUrlCheck compares it with the
    token's) and serves /v2 with the /v2.1 resources at microversion 2.1.

    A resource path with a trailing slash is 404, as in Nova: `GET
    /servers/{id}` with an empty id must not list the servers."""

    def process_request(self, req, resp):
        _refuse_trailing_slash(req.env.get("PATH_INFO", ""))
        req.context.url_project_id = None
        req.context.version_pinned = False
        match = _PROJECT_IN_URL.match(req.path)
        if match:
            req.context.url_project_id = match.group(2)
            req.path = f"/{match.group(1)}{match.group(3) or ''}"
        legacy = _LEGACY.match(req.path)
        if legacy and legacy.group(1) not in (None, "/"):
            req.context.version_pinned = True
            req.path = ROOT.path + legacy.group(1)


def _refuse_trailing_slash(raw_path: str) -> None:
    match = _PROJECT_IN_URL.match(raw_path)
    if match:
        raw_path = f"/{match.group(1)}{match.group(3) or ''}"
    middleware.refuse_trailing_slash(raw_path)


class ProjectInUrlCheck:
    def process_resource(self, req, resp, resource, params):
        ctx = req.context.get("ctx")
        url_project = req.context.get("url_project_id")
        if ctx is not None and url_project and url_project != ctx.project_id:
            raise exceptions.BadRequest(
                f"Malformed request URL: URL's project_id '{url_project}' doesn't "
                f"match Context's project_id '{ctx.project_id}'")


class Resource:
    def __init__(self, conf):
        self.conf = conf

    def authorize(self, req, rule: str, target: dict | None = None) -> None:
        """Forbidden unless the caller may; target defaults to its own project."""
        policy.authorize(self.conf, req.context.ctx, rule, target)

    def allows(self, req, rule: str, target: dict | None = None) -> bool:
        return policy.allows(self.conf, req.context.ctx, rule, target)


def version(req):
    return req.context.version


def at_least(req, text: str) -> bool:
    return req.context.version.at_least(text)


def limit_and_marker(req) -> tuple[int, str | None]:
    """The limit (at most 1000) and marker of a Nova list request."""
    page = paging.requested(req.params)
    return page.limit, page.marker


def next_links(req, path: str, markers: list, limit: int | None) -> list[dict]:
    """Nova's [{"rel": "next", ...}] for a full page, its last marker in the query."""
    return paging.nova_next(req, ROOT, path, markers, limit)


def bool_param(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "t", "yes", "y", "on"):
        return True
    if text in ("0", "false", "f", "no", "n", "off", ""):
        return False
    raise exceptions.BadRequest(f"Invalid boolean value: {value!r}")
