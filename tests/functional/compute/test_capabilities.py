"""An action the instance's host cannot do is refused up front with a 409,
not cast to a driver that would fail it."""
import json

from onestack.db import compute_nodes
from onestack.virt import fake
from tests.functional.compute.conftest import wait_status


def _report_without(cloud, *capabilities):
    """The all-in-one's compute host reports a driver that lacks these."""
    fake.WITHOUT.clear()
    fake.WITHOUT.update(capabilities)
    compute = next(item for item in cloud.started
                   if getattr(item, "binary", None) == "onestack-compute")
    compute.manager.report_resources()


def test_actions_the_driver_cannot_do_are_409(cloud, image_id, tenant):
    sdk, _ = tenant
    flavor = sdk.compute.find_flavor("m1.tiny")
    server = sdk.compute.create_server(name="cap", image_id=image_id,
                                       flavor_id=flavor.id, networks="none")
    wait_status(sdk, server.id, "ACTIVE")
    assert json.loads(compute_nodes.list_(cloud.conf.host)[0].capabilities)["pause"]
    _report_without(cloud, "pause", "snapshot")
    try:
        reply = sdk.compute.post(f"/servers/{server.id}/action", json={"pause": None},
                                 raise_exc=False)
        assert reply.status_code == 409
        assert "does not support pause" in reply.json()["conflictingRequest"]["message"]
        reply = sdk.compute.post(f"/servers/{server.id}/action",
                                 json={"createImage": {"name": "never"}},
                                 raise_exc=False)
        assert reply.status_code == 409
        assert "does not support snapshot" in reply.text
        assert not list(sdk.image.images(name="never"))   # nothing half-made
        assert sdk.compute.get_server(server.id).status == "ACTIVE"
    finally:
        _report_without(cloud)
    sdk.compute.pause_server(server)
    wait_status(sdk, server.id, "PAUSED")
    sdk.compute.delete_server(server)
