"""injectNetworkInfo (admin): the server's host hands the guest its network
information again, as Tempest's ServersAdminTestJSON.test_inject_network_info
asks; a host whose driver cannot is refused with 409 up front."""
from onestack.db import networks
from onestack.virt import fake
from tests.functional.compute.conftest import wait_gone, wait_status
from tests.functional.compute.test_capabilities import _report_without
from tests.support.processes import wait_for

INJECT = {"injectNetworkInfo": None}


def _inject(sdk, server_id):
    return sdk.compute.post(f"/servers/{server_id}/action", json=INJECT,
                            raise_exc=False)


def _guest(cloud, server_id) -> dict:
    """The fake driver's record of the guest."""
    return fake.FakeDriver(cloud.conf, cloud.conf.host)._instances[server_id]


def test_admin_injects_the_servers_network_info(cloud, image_id, tenant):
    sdk, _ = tenant
    admin = cloud.sdk()
    flavor = sdk.compute.find_flavor("m1.tiny")
    server = sdk.compute.create_server(name="inject", image_id=image_id,
                                       flavor_id=flavor.id, networks="auto")
    wait_status(sdk, server.id, "ACTIVE")

    refused = _inject(sdk, server.id)
    assert refused.status_code == 403 and "forbidden" in refused.json()

    sdk.compute.lock_server(server.id)   # the admin acts on a locked server
    reply = _inject(admin, server.id)
    assert reply.status_code == 202 and not reply.content
    [held] = networks.of_instances([server.id])
    injected = wait_for(lambda: _guest(cloud, server.id).get("network_info"),
                        what="the guest's network info")
    assert [(i["id"], i["mac"]) for i in injected] == [(held.uuid, held.mac_address)]
    assert injected[0]["addresses"][0].startswith(held.address + "/")
    console = admin.compute.get_server_console_output(server.id)["output"]
    assert "network info injected: 1 interface(s)" in console
    actions = admin.compute.get(f"/servers/{server.id}/os-instance-actions").json()
    assert "injectNetworkInfo" in [a["action"] for a in actions["instanceActions"]]
    assert admin.compute.get_server(server.id).status == "ACTIVE"

    sdk.compute.unlock_server(server.id)
    sdk.compute.stop_server(server.id)
    wait_status(sdk, server.id, "SHUTOFF")
    assert _inject(admin, server.id).status_code == 202   # any state with a host
    sdk.compute.delete_server(server.id)
    wait_gone(sdk, server.id)
    assert _inject(admin, server.id).status_code == 404


def test_a_host_whose_driver_cannot_is_409(cloud, image_id):
    sdk = cloud.sdk()
    server = sdk.compute.create_server(name="inject-cap", image_id=image_id,
                                       flavor_id=sdk.compute.find_flavor("m1.tiny").id,
                                       networks="none")
    wait_status(sdk, server.id, "ACTIVE")
    _report_without(cloud, "inject_network_info")
    try:
        reply = _inject(sdk, server.id)
        assert reply.status_code == 409
        assert "does not support inject network info" in \
            reply.json()["conflictingRequest"]["message"]
    finally:
        _report_without(cloud)
    assert "network_info" not in _guest(cloud, server.id)
    assert _inject(sdk, server.id).status_code == 202
    wait_for(lambda: _guest(cloud, server.id).get("network_info") == [],
             what="an empty network info for a server on no network")
    sdk.compute.delete_server(server.id)
    wait_gone(sdk, server.id)


def test_a_failing_driver_leaves_a_fault_and_the_state(cloud, image_id):
    sdk = cloud.sdk()
    server = sdk.compute.create_server(name="inject-fail", image_id=image_id,
                                       flavor_id=sdk.compute.find_flavor("m1.tiny").id,
                                       networks="none")
    wait_status(sdk, server.id, "ACTIVE")
    fake.fail_step("inject_network_info", "the guest agent did not answer")
    try:
        assert _inject(sdk, server.id).status_code == 202

        def failed_event():
            actions = sdk.compute.get(
                f"/servers/{server.id}/os-instance-actions").json()["instanceActions"]
            [action] = [a for a in actions if a["action"] == "injectNetworkInfo"]
            shown = sdk.compute.get(f"/servers/{server.id}/os-instance-actions/"
                                    f"{action['request_id']}").json()["instanceAction"]
            return [e for e in shown["events"] if e["result"] == "Error"]
        [event] = wait_for(failed_event, what="the failed injection's event")
        assert event["event"] == "compute_inject_network_info"
    finally:
        fake.reset()
    assert sdk.compute.get_server(server.id).status == "ACTIVE"
    sdk.compute.delete_server(server.id)
    wait_gone(sdk, server.id)
