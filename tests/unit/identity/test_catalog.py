"""The stored catalog is exactly what bootstrap is given: endpoints of the
served APIs with this configuration's URLs, stale services removed."""
from onestack.db import identity as db
from onestack.identity import catalog
from onestack.wsgi.registry import CatalogEntry

COMPUTE = ("compute", CatalogEntry("compute", "nova", "/v2.1"))
# a service whose URL names the project, as Cinder's do
PER_PROJECT = ("compute", CatalogEntry("volumev3", "cinderv3", "/v3/$(project_id)s"))


def _urls(project_id):
    return {service["type"]: {e["interface"]: e["url"] for e in service["endpoints"]}
            for service in catalog.for_project(project_id)}


def test_store_writes_each_interface_and_substitutes_the_project(database):
    database.set_override("osapi_compute_listen_port", 18774)
    database.set_override("public_endpoint_host", "cloud.example.org")
    catalog.store(database, [COMPUTE, PER_PROJECT])
    urls = _urls("p1")
    assert urls["compute"] == {"public": "http://cloud.example.org:18774/v2.1",
                               "internal": "http://127.0.0.1:18774/v2.1",
                               "admin": "http://127.0.0.1:18774/v2.1"}
    assert urls["volumev3"]["public"] == "http://cloud.example.org:18774/v3/p1"
    # an unscoped token's catalog leaves out what needs a project
    assert set(_urls(None)) == {"compute"}


def test_store_again_removes_stale_services_and_endpoints(database):
    catalog.store(database, [COMPUTE, PER_PROJECT])
    database.set_override("osapi_compute_listen_port", 28774)
    catalog.store(database, [COMPUTE])
    assert [s.type for s in db.list_("service")] == ["compute"]
    assert sorted(e.url for e in db.list_("endpoint")) == [
        "http://127.0.0.1:28774/v2.1"] * 3
