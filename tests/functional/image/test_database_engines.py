"""The image service on PostgreSQL and MariaDB: onestack-manage bootstraps the
default image and onestack-api serves listings, paging, patches, members and
uploads with the same answers as on SQLite."""
import hashlib

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from tests.support import services
from tests.support.cloud import ADMIN_PASSWORD, DEMO_PASSWORD, load_config, write_config
from tests.support.processes import Processes, answers, run, wait_for

pytestmark = pytest.mark.services

PATCH = {"Content-Type": "application/openstack-images-v2.1-json-patch",
         "Accept": "application/json"}


@pytest.fixture(params=["postgresql", "mysql"])
def image_api(request, tmp_path):
    database = services.TemporaryDatabase(request.param)
    config_file = write_config(str(tmp_path / "state"), {
        "DEFAULT.enabled_apis": "identity,image", "DEFAULT.enabled_services": "",
        "database.connection": database.url})
    processes = Processes(str(tmp_path))
    try:
        run("onestack-manage", "--config-file", config_file, "db", "sync")
        run("onestack-manage", "--config-file", config_file, "bootstrap")
        processes.start("api", "onestack-api", "--config-file", config_file)
        conf = load_config(config_file)
        base = f"http://127.0.0.1:{conf.image_listen_port}"
        wait_for(lambda: answers(base + "/versions"), what=f"onestack-api ({processes.log('api')})")
        yield conf, base
    finally:
        processes.stop_all()
        database.drop()


def _session(conf, user, password):
    auth = v3.Password(auth_url=f"http://127.0.0.1:{conf.identity_listen_port}/v3",
                       username=user, password=password, project_name=user,
                       user_domain_id="default", project_domain_id="default")
    return ks_session.Session(auth=auth)


def test_image_service_on_a_database_server(image_api):
    conf, base = image_api
    admin, demo = _session(conf, "admin", ADMIN_PASSWORD), _session(conf, "demo",
                                                                     DEMO_PASSWORD)

    def call(who, method, path, **kwargs):
        kwargs["headers"] = {"Accept": "application/json", **kwargs.get("headers", {})}
        return who.request(base + path, method, raise_exc=False, **kwargs)

    default = call(demo, "GET", "/v2/images?name=tiny-rootfs").json()["images"]
    assert [(i["status"], i["visibility"]) for i in default] == [("active", "public")]

    ids = {}
    for name, size in (("b", 30), ("a", 10), ("c", None)):
        image = call(admin, "POST", "/v2/images", json={
            "name": f"engine-{name}", "disk_format": "raw", "container_format": "bare",
            "tags": ["engine"], "os_distro": "x" if name != "c" else "y"}).json()
        ids[name] = image["id"]
        if size:
            reply = call(admin, "PUT", f"/v2/images/{image['id']}/file", data=b"d" * size,
                         headers={"Content-Type": "application/octet-stream"})
            assert reply.status_code == 204
    shown = call(admin, "GET", f"/v2/images/{ids['b']}").json()
    assert shown["size"] == 30 and shown["checksum"] == hashlib.md5(b"d" * 30).hexdigest()

    names, path = [], "/v2/images?tag=engine&sort=size:desc,name:asc&limit=1"
    while path:
        page = call(admin, "GET", path).json()
        names += [i["name"] for i in page["images"]]
        path = page.get("next")
    assert names == ["engine-b", "engine-a", "engine-c"]
    assert [i["name"] for i in call(admin, "GET", "/v2/images?tag=engine&os_distro=x"
                                    "&status=in:active,queued&sort=name").json()[
        "images"]] == ["engine-b", "engine-a"]

    patched = call(admin, "PATCH", f"/v2/images/{ids['a']}", headers=PATCH, json=[
        {"op": "replace", "path": "/name", "value": "engine-a2"},
        {"op": "remove", "path": "/os_distro"},
        {"op": "add", "path": "/tags", "value": ["engine", "more"]}]).json()
    assert patched["name"] == "engine-a2" and "os_distro" not in patched
    assert patched["tags"] == ["engine", "more"]

    demo_project = demo.get_project_id()
    member = call(admin, "POST", f"/v2/images/{ids['b']}/members",
                  json={"member": demo_project}).json()
    assert member["status"] == "pending"
    assert ids["b"] not in [i["id"] for i in call(demo, "GET", "/v2/images").json()[
        "images"]]
    call(demo, "PUT", f"/v2/images/{ids['b']}/members/{demo_project}",
         json={"status": "accepted"})
    assert ids["b"] in [i["id"] for i in call(demo, "GET", "/v2/images").json()["images"]]
    assert call(demo, "GET", f"/v2/images/{ids['b']}/file").content == b"d" * 30

    for image_id in ids.values():
        assert call(admin, "DELETE", f"/v2/images/{image_id}").status_code == 204
    assert call(admin, "GET", "/v2/images?tag=engine").json()["images"] == []
