"""What `onestack all` does about host networking when the operator did not
set network_driver: the linux driver inside a network namespace of its own
(a simulated host), so that the user's own interfaces, routes and iptables
are never touched, where it can (root, network namespaces, the tools);
otherwise the noop driver.

The simulated host, onestack-host, has one public interface, pub0, the end
of a veth pair whose other end is eth0 of onestack-public, a namespace that
stands for the public network: floating IPs are reached from there

    ip netns exec onestack-public ping 172.24.4.10

and the metadata API listens inside onestack-host, where instances reach it
through 169.254.169.254."""
from __future__ import annotations

import os
import shutil

from onestack.common import netns
from onestack.network.linux import names

HOST_NAMESPACE = "onestack-host"
PUBLIC_NAMESPACE = "onestack-public"
PUBLIC_INTERFACE = "pub0"
HOST_ADDRESS = "203.0.113.1"     # pub0's, in onestack-host (TEST-NET-3)
PUBLIC_ADDRESS = "203.0.113.2"   # eth0's, in onestack-public
PREFIX = 24
TOOLS = ("ip", "iptables-restore", "iptables-save", "ipset", "dnsmasq", "sysctl")


def unavailable() -> str | None:
    """Why the linux driver cannot run in a namespace here, or None."""
    if os.geteuid() != 0:
        return "not running as root"
    if not os.path.exists("/proc/self/ns/net"):
        return "no network namespaces in this kernel"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"missing {', '.join(missing)} (make system-packages installs them)"
    try:
        import pyroute2  # noqa: F401
    except ImportError:
        return "pyroute2 is not installed"
    return None


def choose(conf) -> str:
    """Pick the network driver of an all-in-one whose operator set none, set
    it (and what it implies) as overrides of conf, build the simulated host
    when it is linux; returns the line that tells the operator."""
    if conf.network_driver:
        where = (f" in network namespace {conf.network_namespace}"
                 if conf.network_driver == "linux" and conf.network_namespace else "")
        return f"Network driver: {conf.network_driver}{where} (network_driver is set)."
    if "network" not in conf.enabled_services:
        return "Network driver: none (the network service is not enabled)."
    why = unavailable()
    if why is None:
        try:
            build(conf.floating_range)
        except Exception as error:  # noqa: BLE001 - reported, and noop runs instead
            why = f"the simulated host could not be made ({error})"
    if why is not None:
        conf.set_override("network_driver", "noop")
        return (f"Network driver: noop ({why}): nothing on this host is changed; "
                "`onestack-manage network show-rules` shows what would be. Set "
                "network_driver = linux to manage this host's network.")
    for name, value in (("network_driver", "linux"),
                        ("network_namespace", HOST_NAMESPACE),
                        ("public_interface", PUBLIC_INTERFACE),
                        ("metadata_host", HOST_ADDRESS),
                        ("metadata_listen", HOST_ADDRESS),
                        ("routing_source_ip", HOST_ADDRESS)):
        conf.set_override(name, value)
    return (f"Network driver: linux in network namespace {HOST_NAMESPACE} (public "
            f"interface {PUBLIC_INTERFACE}, {HOST_ADDRESS}/{PREFIX}; the public side "
            f"is namespace {PUBLIC_NAMESPACE}, {PUBLIC_ADDRESS}). This host's own "
            "network is not touched. Set network_driver = noop to run none.")


def build(floating_range: str | None) -> None:
    """Make (or find) the two namespaces and their veth pair, addressed and
    up; floating_range routed from the public side to the host. Idempotent."""
    from pyroute2 import NetNS
    netns.ensure(HOST_NAMESPACE)
    netns.ensure(PUBLIC_NAMESPACE)
    with NetNS(HOST_NAMESPACE) as host, NetNS(PUBLIC_NAMESPACE) as public:
        if not host.link_lookup(ifname=PUBLIC_INTERFACE):
            stale = public.link_lookup(ifname="eth0")
            if stale:
                public.link("del", index=stale[0])
            host.link("add", ifname=PUBLIC_INTERFACE, kind="veth", peer="onestack-pub")
            [peer] = host.link_lookup(ifname="onestack-pub")
            host.link("set", index=peer, net_ns_fd=PUBLIC_NAMESPACE)
            [end] = public.link_lookup(ifname="onestack-pub")
            public.link("set", index=end, ifname="eth0")
        for ns, ifname, address in ((host, PUBLIC_INTERFACE, HOST_ADDRESS),
                                    (public, "eth0", PUBLIC_ADDRESS)):
            [index] = ns.link_lookup(ifname=ifname)
            ns.link("set", index=index, state="up")
            present = {a.get_attr("IFA_ADDRESS") for a in ns.get_addr(index=index,
                                                                       family=2)}
            if address not in present:
                ns.addr("add", index=index, address=address, prefixlen=PREFIX)
            [loopback] = ns.link_lookup(ifname="lo")
            ns.link("set", index=loopback, state="up")
        if floating_range:
            destination = names.network(floating_range)
            [eth0] = public.link_lookup(ifname="eth0")
            public.route("replace", dst=destination, gateway=HOST_ADDRESS, oif=eth0)
