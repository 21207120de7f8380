"""Microversion negotiation per service type: the header of the service (or
its older one), latest, the range, and the headers every answer carries."""
import falcon
import falcon.testing
import pytest

from onestack.common import exceptions
from onestack.wsgi import app as wsgi_app
from onestack.wsgi import microversion

COMPUTE = microversion.Service("compute", "2.1", "2.79",
                               legacy_header="X-OpenStack-Nova-API-Version")
VOLUME = microversion.Service("volume", "3.0", "3.70")


def asked(service, headers):
    return str(service.requested(lambda name: headers.get(name)))


def test_each_service_reads_its_own_entry_of_the_header():
    both = {"OpenStack-API-Version": "volume 3.27, compute 2.60"}
    assert asked(COMPUTE, both) == "2.60"
    assert asked(VOLUME, both) == "3.27"
    assert asked(VOLUME, {"OpenStack-API-Version": "compute 2.60"}) == "3.0"


def test_the_older_header_latest_and_nothing():
    assert asked(COMPUTE, {"X-OpenStack-Nova-API-Version": "2.53"}) == "2.53"
    assert asked(VOLUME, {"X-OpenStack-Nova-API-Version": "3.5"}) == "3.0"
    assert asked(COMPUTE, {"OpenStack-API-Version": "compute latest"}) == "2.79"
    assert asked(COMPUTE, {}) == "2.1"


@pytest.mark.parametrize("text, error", [
    ("compute 2.80", exceptions.NotAcceptable), ("compute 1.9", exceptions.NotAcceptable),
    ("compute x.y", exceptions.BadRequest), ("compute 2.01", exceptions.BadRequest)])
def test_out_of_range_is_406_and_malformed_is_400(text, error):
    with pytest.raises(error):
        asked(COMPUTE, {"OpenStack-API-Version": text})


class Echo:
    def on_get(self, req, resp):
        resp.media = {"version": str(req.context.version),
                      "new": req.context.version.at_least("3.27")}


class Pin:
    def process_request(self, req, resp):
        req.context.version_pinned = req.path == "/old"


def client(service, first=()):
    return falcon.testing.TestClient(wsgi_app.create_app(
        None, "test", [("/", Echo()), ("/old", Echo())], fault_style="cinder",
        first_middleware=(*first, microversion.Middleware(service))))


def test_the_middleware_serves_and_names_the_version():
    reply = client(VOLUME).simulate_get("/", headers={
        "OpenStack-API-Version": "volume 3.27"})
    assert reply.json == {"version": "3.27", "new": True}
    assert reply.headers["OpenStack-API-Version"] == "volume 3.27"
    assert reply.headers["Vary"] == "OpenStack-API-Version"
    assert "X-OpenStack-Nova-API-Version" not in reply.headers


def test_a_refused_version_is_a_406_that_still_names_the_minimum():
    reply = client(COMPUTE).simulate_get("/", headers={
        "OpenStack-API-Version": "compute 9.99"})
    assert reply.status_code == 406
    assert "Minimum is 2.1 and maximum is 2.79" in reply.json["notAcceptable"]["message"]
    assert reply.headers["OpenStack-API-Version"] == "compute 2.1"
    assert reply.headers["X-OpenStack-Nova-API-Version"] == "2.1"
    assert reply.headers["Vary"] == \
        "OpenStack-API-Version, X-OpenStack-Nova-API-Version"


def test_a_pinned_request_runs_at_the_minimum():
    reply = client(COMPUTE, (Pin(),)).simulate_get("/old", headers={
        "OpenStack-API-Version": "compute 2.60"})
    assert reply.json["version"] == "2.1"
