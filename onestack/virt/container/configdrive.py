"""The config drive: what the instance is, in OpenStack's config drive layout
(openstack/latest/meta_data.json, user_data, network_data.json), bound
read-only at /mnt/config in the instance. The guest reads it when the
metadata service cannot be reached (no network, or the noop network driver).

network_data.json has one link and one network per line so that a guest with
only a shell can read it; a network's type is ipv4_dhcp when its interface is
plugged into a bridge (the network service's DHCP server is there), ipv4
(static) otherwise.
"""
from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import os


def write(directory: str, spec, bridged: dict[str, bool]) -> None:
    """The drive of spec into directory (made anew); bridged: port id ->
    whether its interface is in a bridge."""
    latest = os.path.join(directory, "openstack", "latest")
    os.makedirs(latest, mode=0o755, exist_ok=True)
    meta = {"uuid": spec.uuid, "name": spec.hostname, "hostname": spec.hostname,
            "launch_index": 0, "availability_zone": None, "meta": {}}
    if spec.key_data:
        meta["public_keys"] = {"default": spec.key_data.strip()}
        meta["keys"] = [{"name": "default", "type": "ssh",
                         "data": spec.key_data.strip()}]
    _write(os.path.join(latest, "meta_data.json"), json.dumps(meta).encode())
    user_data = _decoded(spec.user_data)
    if user_data is not None:
        _write(os.path.join(latest, "user_data"), user_data, mode=0o600)
    _write(os.path.join(latest, "network_data.json"),
           network_data(spec.interfaces, bridged).encode())


def network_data(interfaces, bridged: dict[str, bool]) -> str:
    links, networks = [], []
    for index, interface in enumerate(interfaces):
        link_id = f"tap{interface.id[:11]}"
        links.append({"id": link_id, "type": "phy", "name": f"eth{index}",
                      "ethernet_mac_address": interface.mac, "mtu": 1500})
        for number, address in enumerate(interface.addresses):
            network = ipaddress.IPv4Interface(address)
            entry = {"id": f"network{index}-{number}", "link": link_id,
                     "type": "ipv4_dhcp" if bridged.get(interface.id) else "ipv4",
                     "ip_address": str(network.ip),
                     "netmask": str(network.network.netmask),
                     "prefix": network.network.prefixlen,
                     "network_id": interface.network_label or ""}
            if interface.gateway and bridged.get(interface.id):
                entry["routes"] = [{"network": "0.0.0.0", "netmask": "0.0.0.0",
                                    "gateway": interface.gateway}]
            networks.append(entry)
    lines = ['{"links": [', ",\n".join(json.dumps(link) for link in links),
             '], "networks": [', ",\n".join(json.dumps(n) for n in networks),
             '], "services": []}']
    return "\n".join(lines) + "\n"


def _decoded(user_data: str | None) -> bytes | None:
    """The server's user data, which the API keeps base64-encoded."""
    if user_data is None:
        return None
    try:
        return base64.b64decode(user_data, validate=True)
    except (binascii.Error, ValueError):
        return user_data.encode()


def _write(path: str, data: bytes, mode: int = 0o644) -> None:
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode), "wb") as handle:
        handle.write(data)
