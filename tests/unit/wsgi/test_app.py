"""The app factory's answers to what no resource expected: a 500 in the API's
fault format with the request id and nothing of the error, and text HTTP
cannot carry."""
import falcon.testing
import pytest

from onestack.wsgi import app as wsgi_app
from onestack.wsgi import faults


class Broken:
    def on_get(self, req, resp):
        resp.text = "half an answer"
        raise RuntimeError("secret detail /etc/onestack/onestack.conf")


class Tagged:
    def on_put(self, req, resp, tag):
        resp.status = falcon.HTTP_201
        resp.set_header("Location", f"http://cloud/servers/1/tags/{tag}")


def _client(style):
    return falcon.testing.TestClient(wsgi_app.create_app(
        None, "test", [("/broken", Broken()), ("/tags/{tag}", Tagged())],
        fault_style=style))


def _fault(style, body):
    if style == "keystone":
        return body["error"]
    if style == "glance":
        return body
    if style == "neutron":
        return body["NeutronError"]
    (_, fault), = body.items()
    return fault


@pytest.mark.allows_server_errors
@pytest.mark.parametrize("style", ["nova", "keystone", "glance", "neutron"])
def test_an_unexpected_error_is_a_500_fault_naming_only_the_request(style):
    before = faults.SERVER_ERRORS.count
    reply = _client(style).simulate_get("/broken")
    assert reply.status_code == 500
    request_id = reply.headers["X-Openstack-Request-Id"]
    fault = _fault(style, reply.json)
    assert fault.get("code", 500) == 500
    assert fault["message"].endswith(f"Request ID: {request_id}")
    for leak in ("secret", "RuntimeError", "Traceback", "half an answer", ".conf"):
        assert leak not in reply.text
    assert faults.SERVER_ERRORS.count == before + 1
    method, path, error = faults.SERVER_ERRORS.recent[-1]
    assert (method, path) == ("GET", "/broken") and "RuntimeError" in error


def test_a_location_outside_ascii_is_percent_encoded():
    reply = _client("nova").simulate_put("/tags/srv-%F0%9F%98%80")
    assert reply.status_code == 201
    assert reply.headers["Location"] == "http://cloud/servers/1/tags/srv-%F0%9F%98%80"


@pytest.mark.parametrize("url", ["/tags/a%00b", "/broken?name=%00"])
def test_nul_in_the_url_is_refused(url):
    path, _, query = url.partition("?")
    method = "simulate_put" if path.startswith("/tags") else "simulate_get"
    reply = getattr(_client("nova"), method)(path, query_string=query)
    assert reply.status_code == 400
    assert reply.json == {"badRequest": {
        "code": 400, "message": "The URL may not contain NUL characters."}}
