"""What the network tests share: raw compute calls through openstacksdk's
session (no client has methods for os-networks any more), onestack-manage,
the nova CLI as a project's member, and networks that are removed after
the test even when it fails, so the shared cloud keeps only `private`."""
from __future__ import annotations

import os
import subprocess
import uuid

import pytest

from tests.support.cloud import VENV_BIN
from tests.support.processes import run

NOVA_FIELDS = {"id", "cidr", "netmask", "gateway", "broadcast", "dns1", "dns2",
               "cidr_v6", "gateway_v6", "label", "netmask_v6"}
ADMIN_FIELDS = NOVA_FIELDS | {
    "created_at", "updated_at", "deleted_at", "deleted", "injected", "bridge", "vlan",
    "vpn_public_address", "vpn_public_port", "vpn_private_address", "dhcp_start",
    "project_id", "host", "bridge_interface", "multi_host", "priority", "rxtx_base",
    "mtu", "dhcp_server", "enable_dhcp", "share_address"}


def manage(cloud, *args, check=True) -> subprocess.CompletedProcess:
    return run("onestack-manage", "--config-file", cloud.config_file, *args,
               check=check)


def nova(cloud, project, *args, check=True) -> subprocess.CompletedProcess:
    """The real nova CLI as the member of project (made by the tenant fixture:
    user and project share its name, password pw)."""
    env = cloud.cli_env("admin")
    env.update(OS_USERNAME=project.name, OS_PASSWORD="pw", OS_PROJECT_NAME=project.name)
    result = subprocess.run([os.path.join(VENV_BIN, "nova"), *args], env=env,
                            capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"nova {' '.join(args)} failed:\n{result.stderr}")
    return result


def admin_view(cloud, network_id: str) -> dict:
    reply = cloud.sdk().compute.get(f"/os-networks/{network_id}")
    assert reply.status_code == 200, reply.text
    return reply.json()["network"]


def fault_message(reply, code: int) -> str:
    assert reply.status_code == code, (reply.status_code, reply.text)
    (body,) = reply.json().values()
    assert body["code"] == code
    return body["message"]


class Networks:
    """Networks the admin makes through os-networks; removed at teardown."""

    def __init__(self, cloud):
        self.compute = cloud.sdk().compute
        self.uuids: list[str] = []

    def create(self, **fields) -> dict:
        fields.setdefault("label", "net-" + uuid.uuid4().hex[:6])
        reply = self.compute.post("/os-networks", json={"network": fields})
        assert reply.status_code == 200, reply.text
        network = reply.json()["network"]
        self.uuids.append(network["id"])
        return network

    def adopt(self, network_id: str) -> str:
        self.uuids.append(network_id)
        return network_id

    def remove_all(self) -> None:
        for network_id in self.uuids:
            self.compute.post(f"/os-networks/{network_id}/action", raise_exc=False,
                              json={"disassociate_project": None})
            self.compute.delete(f"/os-networks/{network_id}", raise_exc=False)


@pytest.fixture
def made(cloud):
    networks = Networks(cloud)
    yield networks
    networks.remove_all()
