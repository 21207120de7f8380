"""The metadata of one instance as the paths an instance may GET, built
once from its facts (compute/instance_facts.py): both the EC2 view
(compatible with 2009-04-04) and the OpenStack one (2012-08-10 ... latest).

    tree = build(facts, random_seed)
    tree.answer(("2009-04-04", "meta-data", "public-keys", "0", "openssh-key"))
    -> Answer(content_type, body) or None

Everything is rendered here, ahead of time: serving a path is one lookup
of its segments, which never reach a file name or a query.
"""
from __future__ import annotations

import base64
import dataclasses
import ipaddress
import json

EC2_VERSIONS = ("1.0", "2007-01-19", "2007-03-01", "2007-08-29", "2007-10-10",
                "2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04")
# Nova's names for the OpenStack format's versions
FOLSOM, GRIZZLY, HAVANA, LIBERTY = "2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15"
NEWTON_ONE, NEWTON_TWO, OCATA = "2016-06-30", "2016-10-06", "2017-02-22"
ROCKY, VICTORIA = "2018-08-27", "2020-10-14"
OPENSTACK_VERSIONS = (FOLSOM, GRIZZLY, HAVANA, LIBERTY, NEWTON_ONE, NEWTON_TWO, OCATA,
                      ROCKY, VICTORIA)
LATEST = "latest"
DHCP_DOMAIN = "novalocal"
PASSWORD = "password"

TEXT = "text/plain; charset=UTF-8"
JSON = "application/json"
BINARY = "application/octet-stream"


@dataclasses.dataclass(frozen=True)
class Answer:
    content_type: str
    body: bytes


@dataclasses.dataclass(frozen=True)
class Tree:
    instance_uuid: str
    project_id: str
    addresses: frozenset[str]
    paths: dict[tuple[str, ...], Answer]

    def answer(self, segments: tuple[str, ...]) -> Answer | None:
        return self.paths.get(segments)


def _text(value: str) -> Answer:
    return Answer(TEXT, value.encode("utf-8"))


def _json(value) -> Answer:
    return Answer(JSON, json.dumps(value).encode("utf-8"))


def versions_listing(versions) -> Answer:
    return _text("\n".join([*versions, LATEST]))


EC2_ROOT = versions_listing(EC2_VERSIONS)
OPENSTACK_ROOT = versions_listing(OPENSTACK_VERSIONS)


def at_least(version: str, since: str) -> bool:
    """Whether a version (dates, 1.0 or latest) includes what came in since."""
    if version == LATEST:
        return True
    return version >= since  # 1.0 sorts before every date


def build(facts, random_seed: bytes) -> Tree:
    paths: dict[tuple[str, ...], Answer] = {}
    for version in (*EC2_VERSIONS, LATEST):
        _flatten(paths, (version,), ec2_data(facts, version))
    os_versions = (*OPENSTACK_VERSIONS, LATEST)
    for version in os_versions:
        files = openstack_files(facts, version, random_seed)
        listing = sorted([*files, *([PASSWORD] if at_least(version, GRIZZLY) else [])])
        paths[("openstack", version)] = _text("\n".join(listing))
        for name, answer in files.items():
            paths[("openstack", version, name)] = answer
    return Tree(facts.uuid, facts.project_id, frozenset(facts.addresses), paths)


# --- the EC2 view ------------------------------------------------------------------

def ec2_id(prefix: str, number: int | None) -> str:
    return f"{prefix}-{number or 0:08x}"


def hostname(facts) -> str:
    return f"{facts.hostname}.{DHCP_DOMAIN}" if facts.hostname else ""


def ec2_data(facts, version: str) -> dict:
    """{"meta-data": {...}, "user-data": bytes}: nested dicts are folders."""
    first = facts.interfaces[0] if facts.interfaces else None
    floating = next((address for i in facts.interfaces for address in i.floating), "")
    meta = {
        "ami-id": ec2_id("ami", facts.image_number),
        "ami-launch-index": str(facts.launch_index),
        "ami-manifest-path": "FIXME",
        "hostname": hostname(facts),
        "instance-id": ec2_id("i", facts.number),
        "local-ipv4": first.address if first else "",
        "reservation-id": facts.reservation_id,
        "security-groups": "\n".join(facts.security_groups),
    }
    if facts.key_name:
        meta["public-keys"] = {"0": _Listed(f"0={facts.key_name}",
                                            {"openssh-key": facts.key_data or ""})}
    if at_least(version, "2007-01-19"):
        meta.update({"local-hostname": hostname(facts),
                     "public-hostname": hostname(facts), "public-ipv4": floating})
    if at_least(version, "2007-08-29"):
        meta["instance-type"] = facts.flavor_name
    if at_least(version, "2007-12-15"):
        meta["block-device-mapping"] = block_device_mapping(facts)
        meta["kernel-id"] = ec2_id("aki", facts.kernel_number) \
            if facts.kernel_number else "none"
        meta["ramdisk-id"] = ec2_id("ari", facts.ramdisk_number) \
            if facts.ramdisk_number else "none"
    if at_least(version, "2008-02-01"):
        meta["placement"] = {"availability-zone": facts.availability_zone}
    if at_least(version, "2008-09-01"):
        meta["instance-action"] = "none"
    data = {"meta-data": meta}
    if facts.user_data is not None:
        data["user-data"] = facts.user_data
    return data


class _Listed(dict):
    """A folder its parent lists by another name: public-keys/ lists 0=mykey."""

    def __init__(self, listed_as: str, items: dict):
        super().__init__(items)
        self.listed_as = listed_as


def block_device_mapping(facts) -> dict:
    """The disks as the image's EC2 mapping names them: ami (the root disk),
    then ephemeral0 and swap when the flavor has them."""
    mapping = {"ami": "vda"}
    devices = iter("bcdefgh")
    if facts.ephemeral_gb:
        mapping["ephemeral0"] = "vd" + next(devices)
    if facts.swap_mb:
        mapping["swap"] = "vd" + next(devices)
    return mapping


def _flatten(paths: dict, prefix: tuple[str, ...], node: dict) -> None:
    names = []
    for name, value in sorted(node.items()):
        if isinstance(value, dict):
            _flatten(paths, (*prefix, name), value)
            names.append(getattr(value, "listed_as", name + "/"))
        else:
            paths[(*prefix, name)] = Answer(BINARY, value) if isinstance(value, bytes) \
                else _text(value)
            names.append(name)
    paths[prefix] = _text("\n".join(names))


# --- the OpenStack view ----------------------------------------------------------

def openstack_files(facts, version: str, random_seed: bytes) -> dict[str, Answer]:
    files = {"meta_data.json": _json(meta_data(facts, version, random_seed))}
    if facts.user_data is not None:
        files["user_data"] = Answer(BINARY, facts.user_data)
    if at_least(version, HAVANA):
        files["vendor_data.json"] = _json({})
    if at_least(version, LIBERTY):
        files["network_data.json"] = _json(network_data(facts))
    if at_least(version, NEWTON_TWO):
        files["vendor_data2.json"] = _json({})
    return files


def meta_data(facts, version: str, random_seed: bytes) -> dict:
    data = {"uuid": facts.uuid, "meta": dict(facts.metadata),
            "hostname": hostname(facts), "name": facts.name,
            "launch_index": facts.launch_index,
            "availability_zone": facts.availability_zone}
    if facts.key_name:
        data["public_keys"] = {facts.key_name: facts.key_data or ""}
        if at_least(version, LIBERTY):
            data["keys"] = [{"name": facts.key_name, "type": "ssh",
                             "data": facts.key_data or ""}]
    if at_least(version, GRIZZLY):
        data["random_seed"] = base64.b64encode(random_seed).decode("ascii")
    if at_least(version, LIBERTY):
        data["project_id"] = facts.project_id
    if at_least(version, NEWTON_ONE):
        data["devices"] = []
    if at_least(version, VICTORIA):
        data["dedicated_cpus"] = []
    return data


def network_data(facts) -> dict:
    """links (the interfaces), networks (an IPv4 subnet on each) and
    services (the DNS servers), in Nova's network_data.json form."""
    links, nets, dns = [], [], []
    for index, interface in enumerate(facts.interfaces):
        link_id = "tap" + interface.port_id[:11]
        links.append({"id": link_id, "vif_id": interface.port_id, "type": "bridge",
                      "mtu": interface.mtu or 1500,
                      "ethernet_mac_address": interface.mac})
        subnet = ipaddress.IPv4Network(interface.cidr)
        services = [{"type": "dns", "address": server} for server in interface.dns]
        net = {"id": f"network{index}",
               "type": "ipv4_dhcp" if interface.dhcp else "ipv4",
               "link": link_id, "ip_address": interface.address,
               "netmask": str(subnet.netmask), "network_id": interface.network_id,
               "routes": [], "services": services}
        if interface.gateway:
            net["routes"].append({"network": "0.0.0.0", "netmask": "0.0.0.0",
                                  "gateway": interface.gateway})
        nets.append(net)
        dns.extend(service for service in services if service not in dns)
    return {"links": links, "networks": nets, "services": dns}
