"""Plugging an instance's interface into its network's bridge: a veth pair
whose host end (tap..., wanted.device_of(port_id)) is enslaved to the bridge
and whose other end is the instance's eth0, in the instance's network
namespace, with the MAC the network service chose.

    plug(Vif(bridge="br100", device=device_of(port_id), mac=mac,
             instance_namespace="inst-1"), host_namespace="onestack-host")
    unplug(device, host_namespace="onestack-host")

Both are idempotent: plugging what is plugged changes nothing, unplugging
what is gone is no error. Removing the host end removes the pair."""
from __future__ import annotations

import dataclasses

from onestack.common import netns
from onestack.network.linux import names


@dataclasses.dataclass(frozen=True)
class Vif:
    bridge: str
    device: str                 # the host end, tap + the port id's start
    mac: str
    instance_namespace: str     # where the instance's end lives
    ifname: str = "eth0"
    mtu: int | None = None

    def check(self) -> None:
        names.interface(self.bridge)
        names.interface(self.device)
        names.interface(self.ifname)
        names.mac(self.mac)
        netns.check_name(self.instance_namespace)


def _netlink(namespace: str | None):
    from pyroute2 import IPRoute, NetNS
    return NetNS(namespace) if namespace else IPRoute()


def _peer_name(device: str) -> str:
    """The instance end's name until it moves into the instance's namespace."""
    return ("p" + device)[:15] if not device.startswith("tap") else "tmp" + device[3:]


def plug(vif: Vif, host_namespace: str | None = None) -> None:
    """Make vif's pair (again): the host end up on the bridge, the instance
    end up as ifname with vif.mac in the instance's namespace (made when
    missing)."""
    vif.check()
    netns.ensure(vif.instance_namespace)
    peer = _peer_name(vif.device)
    with _netlink(host_namespace) as host, _netlink(vif.instance_namespace) as inside:
        [bridge] = host.link_lookup(ifname=vif.bridge) or [None]
        if bridge is None:
            raise LookupError(f"bridge {vif.bridge} does not exist")
        plugged_inside = inside.link_lookup(ifname=vif.ifname)
        if not host.link_lookup(ifname=vif.device):
            if plugged_inside:  # a stale end from an earlier pair
                inside.link("del", index=plugged_inside[0])
            host.link("add", ifname=vif.device, kind="veth", peer=peer)
            [moving] = host.link_lookup(ifname=peer)
            host.link("set", index=moving, net_ns_fd=vif.instance_namespace)
            [end] = inside.link_lookup(ifname=peer)
            inside.link("set", index=end, ifname=vif.ifname, address=vif.mac,
                        **({"mtu": vif.mtu} if vif.mtu else {}))
        [device] = host.link_lookup(ifname=vif.device)
        changes = {"mtu": vif.mtu} if vif.mtu else {}
        host.link("set", index=device, master=bridge, state="up", **changes)
        [end] = inside.link_lookup(ifname=vif.ifname)
        inside.link("set", index=end, state="up")
        [loopback] = inside.link_lookup(ifname="lo")
        inside.link("set", index=loopback, state="up")


def unplug(device: str, host_namespace: str | None = None) -> None:
    """Remove the pair whose host end is device; nothing when it is gone."""
    names.interface(device)
    with _netlink(host_namespace) as host:
        found = host.link_lookup(ifname=device)
        if found:
            host.link("del", index=found[0])
