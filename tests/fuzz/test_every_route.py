"""Fuzzing every route of the compute, identity and image APIs: as the admin,
as a member and unauthenticated; with existing and garbage path ids, query
strings, and bodies drawn from the routes' schemas, mutated or malformed.
No answer may be a 500 (the conftest's check counts those too), and every
error comes in its API's fault format.

Bounded for CI: FUZZ_EXAMPLES requests a route (default 12), derandomized, so
a run is reproducible; raise FUZZ_EXAMPLES to search longer.
"""
import os

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import routes as route_table
from tests.fuzz.strategies import Request, requests_for

ROUTES = route_table.all_routes()
API_SCHEMAS = route_table.api_schemas(ROUTES)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
SESSION = requests.Session()


def send(world, request: Request) -> requests.Response:
    url = world.urls[request.api] + request.path
    if request.query:
        url += "?" + request.query
    return SESSION.request(request.method, url, data=request.body,
                           headers=request.headers, timeout=60)


def check_fault(api: str, reply: requests.Response) -> None:
    """An error body as the API's clients parse it."""
    body = reply.json()
    if api == "identity":
        body = body["error"]
        assert isinstance(body["title"], str)
    elif api == "compute":
        (name, body), = body.items()
        assert isinstance(name, str)
    elif api == "network":
        body = body["NeutronError"]
        assert isinstance(body["type"], str) and body["detail"] == ""
        assert isinstance(body["message"], str) and body["message"]
        return
    else:
        assert isinstance(body["title"], str)
    assert body["code"] == reply.status_code
    assert isinstance(body["message"], str) and body["message"]


@pytest.mark.parametrize("route", ROUTES, ids=str)
@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_route_answers_500(world, route, data):
    request = data.draw(requests_for(route, world, API_SCHEMAS), label="request")
    reply = send(world, request)
    assert reply.status_code < 500 or reply.status_code in (501, 503), \
        f"{reply.status_code} for {request}: {reply.text[:500]}"
    if reply.status_code >= 400 and request.method != "HEAD":
        try:
            check_fault(route.api, reply)
        except (ValueError, KeyError, TypeError, AssertionError) as error:
            raise AssertionError(f"not a {route.api} fault ({error!r}) for {request}: "
                                 f"{reply.status_code} {reply.text[:500]}") from error
