"""The issue's acceptance path with the real `openstack` CLI."""
import json
import os

import pytest

from tests.functional.image.conftest import unique

pytestmark = pytest.mark.cli


def _json(result):
    return json.loads(result.stdout)


def test_image_lifecycle_with_openstack_cli(cloud, tmp_path):
    data = os.urandom(3 * 1024 * 1024 + 17)
    source, saved = tmp_path / "disk.raw", tmp_path / "saved.raw"
    source.write_bytes(data)
    name = unique("cli-image")

    created = _json(cloud.cli("image", "create", "--file", str(source), "--disk-format",
                              "raw", "--container-format", "bare", name, "-f", "json"))
    assert created["name"] == name and created["status"] == "active"
    assert created["size"] == len(data)

    listed = _json(cloud.cli("image", "list", "-f", "json"))
    assert {"ID": created["id"], "Name": name, "Status": "active"} in listed

    shown = _json(cloud.cli("image", "show", name, "-f", "json"))
    assert shown["id"] == created["id"] and shown["disk_format"] == "raw"
    assert shown["container_format"] == "bare" and shown["visibility"] == "shared"

    cloud.cli("image", "save", "--file", str(saved), name)
    assert saved.read_bytes() == data

    cloud.cli("image", "set", "--property", "os_distro=cirros", "--property",
              "instance_uuid=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", name)
    properties = _json(cloud.cli("image", "show", name, "-f", "json"))["properties"]
    assert properties["os_distro"] == "cirros"
    assert properties["instance_uuid"] == "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

    cloud.cli("image", "set", "--tag", "nightly", "--min-disk", "1", name)
    shown = _json(cloud.cli("image", "show", name, "-f", "json"))
    assert shown["tags"] == ["nightly"] and shown["min_disk"] == 1

    cloud.cli("image", "unset", "--property", "os_distro", name)
    assert "os_distro" not in _json(cloud.cli("image", "show", name, "-f",
                                              "json"))["properties"]

    cloud.cli("image", "delete", name)
    assert created["id"] not in [i["ID"] for i in _json(cloud.cli("image", "list",
                                                                  "-f", "json"))]
    missing = cloud.cli("image", "show", created["id"], check=False)
    assert missing.returncode != 0


def test_sharing_between_admin_and_demo_with_cli(cloud, tmp_path):
    source = tmp_path / "shared.raw"
    source.write_bytes(b"shared bytes")
    name = unique("cli-shared")
    image = _json(cloud.cli("image", "create", "--file", str(source), "--disk-format",
                            "raw", "--container-format", "bare", "--shared", name,
                            "-f", "json"))
    demo_list = [i["ID"] for i in _json(cloud.cli("image", "list", "-f", "json",
                                                  who="demo"))]
    assert image["id"] not in demo_list

    member = _json(cloud.cli("image", "add", "project", image["id"], "demo", "-f",
                             "json"))
    assert member["status"] == "pending"
    assert image["id"] not in [i["ID"] for i in _json(
        cloud.cli("image", "list", "-f", "json", who="demo"))]

    cloud.cli("image", "set", "--accept", image["id"], who="demo")
    demo_list = _json(cloud.cli("image", "list", "-f", "json", who="demo"))
    assert {"ID": image["id"], "Name": name, "Status": "active"} in demo_list
    members = _json(cloud.cli("image", "member", "list", image["id"], "-f", "json"))
    assert [m["Status"] for m in members] == ["accepted"]

    out = tmp_path / "demo-copy.raw"
    cloud.cli("image", "save", "--file", str(out), image["id"], who="demo")
    assert out.read_bytes() == b"shared bytes"

    refused = cloud.cli("image", "delete", image["id"], who="demo", check=False)
    assert refused.returncode != 0 and "403" in refused.stderr
    cloud.cli("image", "remove", "project", image["id"], "demo")
    assert image["id"] not in [i["ID"] for i in _json(
        cloud.cli("image", "list", "-f", "json", who="demo"))]
    cloud.cli("image", "delete", image["id"])


def test_demo_cannot_make_an_image_public_with_cli(cloud, tmp_path):
    name = unique("cli-public")
    refused = cloud.cli("image", "create", "--public", "--disk-format", "raw", name,
                        who="demo", check=False)
    assert refused.returncode != 0 and "403" in refused.stderr
    assert name not in [i["Name"] for i in _json(cloud.cli("image", "list", "-f",
                                                           "json"))]
