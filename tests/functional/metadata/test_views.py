"""The metadata of a server booted through the real CLI with a key pair,
user data and metadata, asked for from its fixed IP as the instance asks:
the seed's two examples, every key of both formats, and that they agree."""
from __future__ import annotations

import re

import pytest

from onestack.db import instances
from tests.functional.metadata import support
from tests.functional.metadata.support import ask

SEED_EC2_KEYS = """ami-id ami-launch-index ami-manifest-path block-device-mapping/
hostname instance-action instance-id instance-type kernel-id local-hostname
local-ipv4 placement/ public-hostname public-ipv4 public-keys/ ramdisk-id
reservation-id security-groups""".split()
SEED_EC2_VERSIONS = ["1.0", "2007-01-19", "2007-03-01", "2007-08-29", "2007-10-10",
                     "2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04", "latest"]


@pytest.fixture(scope="module")
def booted(cloud, tmp_path_factory):
    from tests.functional.compute.conftest import new_tenant
    sdk, project = new_tenant(cloud)
    env = support.member_env(cloud, project)
    tmp = tmp_path_factory.mktemp("booted")
    key = support.make_key_pair(cloud, tmp, env)
    server = support.boot(cloud, sdk, env, key.name, tmp)
    return {**server, "key": key, "project": project, "sdk": sdk, "env": env}


def get(cloud, booted, path):
    reply = ask(cloud, path, source=booted["address"])
    assert reply.status == 200, (path, reply.status, reply.body)
    return reply


def test_the_version_lists_are_the_seeds(cloud):
    assert ask(cloud, "/").text.split("\n") == SEED_EC2_VERSIONS
    openstack = ask(cloud, "/openstack").text.split("\n")
    assert openstack[0] == "2012-08-10" and openstack[-1] == "latest"
    assert openstack == sorted(openstack[:-1]) + ["latest"]


def test_openstack_meta_data_has_the_seeds_shape(cloud, booted):
    reply = get(cloud, booted, "/openstack/2012-08-10/meta_data.json")
    assert reply.headers["Content-Type"] == "application/json"
    data = reply.json()
    assert set(data) == {"uuid", "availability_zone", "hostname", "launch_index",
                         "meta", "public_keys", "name"}
    assert data == {"uuid": booted["id"], "availability_zone": "nova",
                    "hostname": "test.novalocal", "launch_index": 0,
                    "meta": {"priority": "low", "role": "webserver"},
                    "public_keys": {booted["key"].name: booted["key"].public_key + "\n"},
                    "name": "test"}


def test_later_versions_add_their_keys(cloud, booted):
    grizzly = get(cloud, booted, "/openstack/2013-04-04/meta_data.json").json()
    assert "random_seed" in grizzly and "project_id" not in grizzly
    latest = get(cloud, booted, "/openstack/latest/meta_data.json").json()
    assert latest["project_id"] == booted["project"].id
    assert latest["keys"] == [{"name": booted["key"].name, "type": "ssh",
                               "data": booted["key"].public_key + "\n"}]
    assert latest["devices"] == [] and len(latest["random_seed"]) > 600
    listing = get(cloud, booted, "/openstack/latest/").text.split("\n")
    assert listing == ["meta_data.json", "network_data.json", "password", "user_data",
                       "vendor_data.json", "vendor_data2.json"]
    assert get(cloud, booted, "/openstack/2012-08-10").text.split("\n") == [
        "meta_data.json", "user_data"]
    assert get(cloud, booted, "/openstack/latest/vendor_data.json").json() == {}


def test_user_data_in_both_formats(cloud, booted):
    for path in ("/openstack/2012-08-10/user_data", "/2009-04-04/user-data",
                 "/latest/user-data"):
        assert get(cloud, booted, path).text == support.USER_DATA
    assert get(cloud, booted, "/2009-04-04/").text.split("\n") == ["meta-data/",
                                                                    "user-data"]


def test_network_data_from_the_fixed_ips(cloud, booted):
    data = get(cloud, booted, "/openstack/latest/network_data.json").json()
    server = booted["sdk"].compute.get_server(booted["id"])
    (entry,) = [e for entries in server.addresses.values() for e in entries]
    (link,) = data["links"]
    assert link["ethernet_mac_address"] == entry["OS-EXT-IPS-MAC:mac_addr"]
    (network,) = data["networks"]
    assert network["ip_address"] == booted["address"]
    assert network["link"] == link["id"] and network["netmask"] == "255.255.255.0"
    assert network["routes"] == [{"network": "0.0.0.0", "netmask": "0.0.0.0",
                                  "gateway": "127.42.0.1"}]
    assert isinstance(data["services"], list)


def test_ec2_meta_data_lists_exactly_the_seeds_keys(cloud, booted):
    assert get(cloud, booted, "/2009-04-04/meta-data/").text.split("\n") == \
        SEED_EC2_KEYS
    assert get(cloud, booted, "/2009-04-04/meta-data").text.split("\n") == \
        SEED_EC2_KEYS


def test_every_ec2_key(cloud, booted):
    def meta(name):
        return get(cloud, booted, "/2009-04-04/meta-data/" + name).text
    number = instances.get(booted["id"]).id
    admin_view = cloud.sdk().compute.get_server(booted["id"])
    assert meta("instance-id") == f"i-{number:08x}"
    assert re.fullmatch(r"ami-[0-9a-f]{8}", meta("ami-id"))
    assert meta("ami-id") != "ami-00000000"
    assert meta("ami-launch-index") == "0"
    assert meta("ami-manifest-path") == "FIXME"
    assert meta("block-device-mapping/") == "ami"
    assert meta("block-device-mapping/ami") == "vda"
    assert meta("hostname") == meta("local-hostname") == meta("public-hostname") \
        == "test.novalocal"
    assert meta("instance-action") == "none"
    assert meta("instance-type") == "m1.tiny"
    assert meta("kernel-id") == meta("ramdisk-id") == "none"
    assert meta("local-ipv4") == booted["address"]
    assert meta("public-ipv4") == ""
    assert meta("placement/") == "availability-zone"
    assert meta("placement/availability-zone") == "nova"
    assert meta("public-keys/") == f"0={booted['key'].name}"
    assert meta("public-keys/0") == "openssh-key"
    # as the key pair holds it: the file `keypair create --public-key` read
    assert meta("public-keys/0/openssh-key") == booted["key"].public_key + "\n"
    assert meta("reservation-id") == admin_view.reservation_id
    assert meta("security-groups") == "default"


def test_the_ec2_id_is_the_same_for_every_version(cloud, booted):
    ids = {get(cloud, booted, f"/{version}/meta-data/ami-id").text
           for version in SEED_EC2_VERSIONS}
    assert len(ids) == 1
    # the oldest version has the oldest keys only
    assert "placement/" not in get(cloud, booted, "/1.0/meta-data/").text


def test_ec2_and_openstack_agree(cloud, booted):
    os_data = get(cloud, booted, "/openstack/latest/meta_data.json").json()

    def ec2(name):
        return get(cloud, booted, "/latest/meta-data/" + name).text
    assert ec2("hostname") == os_data["hostname"]
    assert ec2("placement/availability-zone") == os_data["availability_zone"]
    assert ec2("ami-launch-index") == str(os_data["launch_index"])
    assert ec2("public-keys/0/openssh-key") == os_data["public_keys"][
        booted["key"].name]
    assert get(cloud, booted, "/latest/user-data").body == \
        get(cloud, booted, "/openstack/latest/user_data").body


def test_a_server_without_user_data_or_key(cloud, tenant):
    sdk, project = tenant
    server = sdk.compute.create_server(
        name="bare", image_id=sdk.image.find_image(
            cloud.conf.image.default_image_name).id,
        flavor_id=sdk.compute.find_flavor("m1.tiny").id, networks="auto")
    from tests.functional.compute.conftest import wait_status
    active = wait_status(sdk, server.id, "ACTIVE")
    (address,) = [e["addr"] for entries in active.addresses.values() for e in entries]
    for path in ("/openstack/latest/user_data", "/latest/user-data",
                 "/latest/meta-data/public-keys/"):
        assert ask(cloud, path, source=address).status == 404, path
    data = ask(cloud, "/openstack/latest/meta_data.json", source=address).json()
    assert data["uuid"] == server.id and "public_keys" not in data
    assert "user_data" not in ask(cloud, "/openstack/latest", source=address).text
