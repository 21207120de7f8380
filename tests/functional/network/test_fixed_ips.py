"""os-fixed-ips for the administrator (through openstacksdk's compute
session: no client has methods for it any more) and onestack-manage's
fixed commands: an address's network and holder, and reservations that
keep an address from every server."""
from __future__ import annotations

import pytest

from tests.functional.compute.conftest import wait_gone, wait_status
from tests.functional.network.helpers import fault_message, made, manage

__all__ = ["made"]  # the fixture, for pytest


@pytest.fixture
def small(cloud, tenant, made):
    """A /29 of the tenant's (five addresses to hand out)."""
    _, project = tenant
    return made.create(label="small", cidr="10.90.0.0/29", project_id=project.id)


def boot_on(sdk, image_id, network_id, name="fixed"):
    server = sdk.compute.create_server(name=name, image_id=image_id, flavor_id="1",
                                       networks=[{"uuid": network_id}])
    return wait_status(sdk, server.id, "ACTIVE")


def show(compute, address, version="2.4"):
    return compute.get(f"/os-fixed-ips/{address}", raise_exc=False,
                       headers={"OpenStack-API-Version": f"compute {version}"})


def act(compute, address, action, value=None):
    return compute.post(f"/os-fixed-ips/{address}/action", json={action: value},
                        raise_exc=False)


def test_an_address_shows_its_network_and_the_server_holding_it(cloud, tenant,
                                                                image_id, small):
    member, _ = tenant
    admin = cloud.sdk().compute
    server = boot_on(member, image_id, small["id"])
    address = server.addresses["small"][0]["addr"]
    held = show(admin, address).json()["fixed_ip"]
    assert held == {"address": "10.90.0.2", "cidr": "10.90.0.0/29",
                    "hostname": "fixed", "host": cloud.conf.host, "reserved": False}
    assert show(admin, address, "2.3").json()["fixed_ip"] == {
        "address": "10.90.0.2", "cidr": "10.90.0.0/29", "hostname": "fixed",
        "host": cloud.conf.host}
    assert show(admin, "10.90.0.5").json()["fixed_ip"] == {
        "address": "10.90.0.5", "cidr": "10.90.0.0/29", "hostname": None,
        "host": None, "reserved": False}
    listed = manage(cloud, "fixed", "list", "--host", cloud.conf.host).stdout
    assert any(line.split("\t")[:4] == ["10.90.0.0/29      ", "10.90.0.2      ",
                                        "fixed               ",
                                        f"{cloud.conf.host:<20}"]
               for line in listed.splitlines())
    assert "10.90.0.2" not in manage(cloud, "fixed", "list", "no-such-host").stdout
    refused = act(admin, address, "reserve")
    assert "is held by instance" in fault_message(refused, 409)
    member.compute.delete_server(server.id)
    wait_gone(member, server.id)
    assert show(admin, address).json()["fixed_ip"]["hostname"] is None


@pytest.mark.parametrize("address, code, message", [
    ("192.0.2.1", 404, "does not belong to any network"),
    ("2001:db8::1", 404, "does not belong to any network"),
    ("10.0.0.300", 400, "is not a valid IP address"),
    ("not-an-address", 400, "is not a valid IP address"),
])
def test_an_address_in_no_network_or_no_address_at_all(cloud, address, code, message):
    admin = cloud.sdk().compute
    assert message in fault_message(show(admin, address), code)
    for action in ("reserve", "unreserve"):
        assert message in fault_message(act(admin, address, action), code)


def test_a_reserved_address_is_given_to_no_server(cloud, tenant, image_id, small):
    member, _ = tenant
    admin = cloud.sdk().compute
    for _ in range(2):   # reserving it again is no error
        assert act(admin, "10.90.0.2", "reserve").status_code == 202
    assert show(admin, "10.90.0.2").json()["fixed_ip"]["reserved"] is True
    manage(cloud, "fixed", "reserve", "--address", "10.90.0.3")
    listed = manage(cloud, "fixed", "list").stdout.splitlines()
    assert [line.split("\t")[1].strip() for line in listed
            if line.startswith("10.90.0.0/29") and line.endswith("yes")] == [
        "10.90.0.2", "10.90.0.3"]
    server = boot_on(member, image_id, small["id"])
    assert server.addresses["small"][0]["addr"] == "10.90.0.4"
    assert act(admin, "10.90.0.2", "unreserve").status_code == 202
    unreserved = manage(cloud, "fixed", "unreserve", "--address", "10.90.0.3")
    assert unreserved.stdout.strip() == "Fixed IP 10.90.0.3 is no longer reserved."
    assert show(admin, "10.90.0.3").json()["fixed_ip"]["reserved"] is False
    second = boot_on(member, image_id, small["id"], "second")
    assert second.addresses["small"][0]["addr"] == "10.90.0.2"
    for each in (server, second):
        member.compute.delete_server(each.id)
        wait_gone(member, each.id)


@pytest.mark.parametrize("body, message", [
    ({"reserve": 1}, "Invalid input"),
    ({"reserve": None, "unreserve": None}, "Malformed request body"),
    ({"release": None}, "no such action"),
])
def test_bad_reservation_bodies_are_refused(cloud, body, message):
    reply = cloud.sdk().compute.post("/os-fixed-ips/10.0.0.9/action", json=body,
                                     raise_exc=False)
    assert message in fault_message(reply, 400)
    assert show(cloud.sdk().compute, "10.0.0.9").json()["fixed_ip"]["reserved"] is False


def test_the_command_line_says_what_is_wrong(cloud):
    missing = manage(cloud, "fixed", "reserve", "--address", "192.0.2.1", check=False)
    assert (missing.returncode, missing.stderr.strip()) == (   # 2: matches nothing
        2, "ERROR: Fixed IP 192.0.2.1 does not belong to any network.")
    malformed = manage(cloud, "fixed", "unreserve", "--address", "x", check=False)
    assert malformed.returncode == 1
    assert malformed.stderr.strip() == "ERROR: Fixed IP address x is not a valid IP " \
        "address."
