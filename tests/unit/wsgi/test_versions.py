"""Version discovery resources: a document per request, at the API's status,
without a token."""
import falcon
import falcon.testing

from onestack.wsgi import app as wsgi_app
from onestack.wsgi import versions


def test_discovery_answers_with_the_callers_host_and_its_status():
    resource = versions.Discovery(lambda req: {"href": f"{req.prefix}/v9/"},
                                  falcon.HTTP_300)
    assert resource.auth_required is False
    client = falcon.testing.TestClient(wsgi_app.create_app(
        None, "test", [("/", resource)], fault_style="glance"))
    reply = client.simulate_get("/", host="cloud.example")
    assert reply.status_code == 300
    assert reply.json == {"href": "http://cloud.example/v9/"}
