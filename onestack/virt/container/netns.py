"""An instance's network namespace and its veth interfaces.

The seam between the container driver and host networking: the instance
gets a named network namespace (`ip netns`), and each of its interfaces is a
veth pair whose guest end is ethN (with the MAC the network service chose)
inside it and whose host end (tap + the port id, as Nova names them) is in
the host namespace ([container] host_netns), plugged into the interface's
bridge when that bridge exists there. Without one (the noop network driver)
the host end stays unplugged. Every name is validated before it reaches `ip`.
"""
from __future__ import annotations

import re
import subprocess

from onestack.common import netns as namespaces
from onestack.virt.driver import VirtError

_IFNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$")
_MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
_PORT = re.compile(r"^[0-9a-f-]{11,36}$")


class NetnsError(VirtError):
    pass


def run(argv: list[str]) -> str:
    """The one place commands run; tests may replace it."""
    result = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise NetnsError(f"{' '.join(argv)} failed: {result.stderr.strip()}")
    return result.stdout


def valid_netns(name: str) -> str:
    try:
        return namespaces.check_name(name)
    except ValueError:
        raise NetnsError(f"Invalid network namespace name: {name!r}") from None


def valid_ifname(name: str) -> str:
    if not _IFNAME.match(name or ""):
        raise NetnsError(f"Invalid interface name: {name!r}")
    return name


def host_name(port_id: str) -> str:
    """The host end's name: tap and the first 11 characters of the port id."""
    if not _PORT.match(port_id or ""):
        raise NetnsError(f"Invalid port id: {port_id!r}")
    return valid_ifname("tap" + port_id[:11])


def create(name: str) -> None:
    """The namespace with lo up; there already is no error."""
    if not namespaces.exists(name):
        run(["ip", "netns", "add", valid_netns(name)])
    run(["ip", "-n", name, "link", "set", "lo", "up"])


def delete(name: str) -> None:
    """Remove the namespace (its veth ends and their peers go with it)."""
    if namespaces.exists(name):
        run(["ip", "netns", "delete", valid_netns(name)])


def _ip(host_netns: str) -> list[str]:
    return ["ip", "-n", valid_netns(host_netns)] if host_netns else ["ip"]


def link_exists(name: str, netns: str = "") -> bool:
    result = subprocess.run([*_ip(netns), "-o", "link", "show", "dev",
                             valid_ifname(name)], capture_output=True, timeout=30)
    return result.returncode == 0


def guest_links(netns: str) -> list[str]:
    """The ethN interfaces in the instance's namespace."""
    output = run(["ip", "-n", valid_netns(netns), "-o", "link", "show"])
    names = []
    for line in output.splitlines():
        name = line.split(":")[1].strip().split("@")[0]
        if re.match(r"^eth[0-9]+$", name):
            names.append(name)
    return names


def plug(netns: str, port_id: str, mac: str, bridge: str | None,
         host_netns: str = "") -> str:
    """A veth pair: ethN (next free N) in netns with mac, its host end in
    host_netns, in bridge if that exists there. Returns the guest name.
    Plugging a port that is plugged is no error."""
    tap = host_name(port_id)
    mac = mac.lower()
    if not _MAC.match(mac):
        raise NetnsError(f"Invalid MAC address: {mac!r}")
    if link_exists(tap, host_netns):
        return ""
    index = len(guest_links(netns))
    guest = f"eth{index}"
    run([*_ip(host_netns), "link", "add", tap, "type", "veth", "peer", "name", guest,
         "address", mac, "netns", valid_netns(netns)])
    try:
        if bridge and link_exists(valid_ifname(bridge), host_netns):
            run([*_ip(host_netns), "link", "set", tap, "master", bridge])
        run([*_ip(host_netns), "link", "set", tap, "up"])
    except NetnsError:
        unplug(port_id, host_netns)
        raise
    return guest


def bridged(port_id: str, bridge: str | None, host_netns: str = "") -> bool:
    """Whether the port's host end is in a bridge; it is put into bridge
    first if it is not and that bridge exists now (the network service may
    have made it after the port was plugged)."""
    tap = host_name(port_id)
    output = run([*_ip(host_netns), "-o", "link", "show", "dev", tap])
    if " master " in output:
        return True
    if bridge and link_exists(valid_ifname(bridge), host_netns):
        run([*_ip(host_netns), "link", "set", tap, "master", bridge])
        return True
    return False


def unplug(port_id: str, host_netns: str = "") -> None:
    """Remove the veth pair by its host end; gone already is no error."""
    tap = host_name(port_id)
    if host_netns and not namespaces.exists(host_netns):
        return
    if link_exists(tap, host_netns):
        try:
            run([*_ip(host_netns), "link", "delete", tap])
        except NetnsError as error:
            # its peer's namespace was deleted meanwhile, which takes the pair
            if link_exists(tap, host_netns):
                raise error
