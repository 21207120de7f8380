"""Each accepted body of tests/fuzz/seeds.py with one value at a time
replaced by values of the wrong type or size, or left out: the sweep that
found `os:scheduler_hints.group` as [null] and `locked_reason` as a list.
Nothing may answer 500, and every refusal is a fault of its API."""
import copy
import json

import pytest
import requests

from tests.fuzz import routes as route_table
from tests.fuzz.test_every_route import check_fault

# a value of each JSON type, numbers past every column, text past every length
WRONG = (None, True, -1, 2 ** 70, 1e308, "x" * 300, [None], {"a": 1})
REMOVED = object()
SEEDED = [route for route in route_table.all_routes() if route.method != "GET"]


def positions(document, path=()):
    """The path of every value inside document."""
    items = document.items() if isinstance(document, dict) else \
        enumerate(document) if isinstance(document, list) else ()
    for key, value in items:
        yield (*path, key)
        yield from positions(value, (*path, key))


def changed(document, path, value):
    result = copy.deepcopy(document)
    holder = result
    for key in path[:-1]:
        holder = holder[key]
    if value is REMOVED:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return result


class Sender:
    def __init__(self, world, route):
        self.world, self.route = world, route
        values = {p: world.ids[(route.api, p)][0] for p in route.params}
        self.url = world.urls[route.api] + route.template.format(**values)
        self.content_type = "application/openstack-images-v2.1-json-patch" \
            if route.api == "image" and route.method == "PATCH" else "application/json"

    def __call__(self, persona, body):
        headers = {"X-Auth-Token": self.world.tokens[persona],
                   "Content-Type": self.content_type, "Accept": "application/json",
                   "OpenStack-API-Version": "compute 2.79"}
        return requests.request(self.route.method, self.url, data=json.dumps(body),
                                headers=headers, timeout=60)


@pytest.mark.parametrize("api", ["compute", "identity", "image", "network"])
def test_one_wrong_value_at_a_time(world, api):
    wrong = []
    for route in [r for r in SEEDED if r.api == api]:
        send = Sender(world, route)
        for seed in world.seeds.get(f"{route.method} {route.template}", []):
            persona = "member" if send("member", seed).status_code not in (401, 403) \
                else "admin"
            for path in positions(seed):
                for value in (REMOVED, *WRONG):
                    body = changed(seed, path, value)
                    reply = send(persona, body)
                    try:
                        assert reply.status_code < 500 or reply.status_code in (501, 503)
                        if reply.status_code >= 400:
                            check_fault(api, reply)
                    except (AssertionError, ValueError, KeyError, TypeError):
                        wrong.append(f"{route} as {persona} {json.dumps(body)[:300]}: "
                                     f"{reply.status_code} {reply.text[:300]}")
    assert not wrong, "\n".join(wrong)
