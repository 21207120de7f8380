"""A simulated network host for tests of the linux network driver, per
DESIGN.md: a network namespace (the host) whose public interface pub0 is one
end of a veth pair; the other end is eth0 of a client namespace on the public
side. Stand-in instances are namespaces plugged into the host's bridges by
onestack/network/linux/vif.py, that take their address by DHCP (busybox
udhcpc) and talk through small Python programs run with `ip netns exec`.

Every name carries a random suffix; remove() ends the processes it started
(by PID) and deletes every namespace it made."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
import uuid

import pytest

from onestack.common import netns
from onestack.network.linux import vif

PUBLIC_HOST = "198.51.100.1"     # pub0, in the simulated host
PUBLIC_CLIENT = "198.51.100.2"   # eth0, in the client namespace
PUBLIC_PREFIX = 24
TOOLS = ("dnsmasq", "iptables-restore", "iptables-save", "ipset", "busybox", "ip",
         "sysctl")

# udhcpc's events: configure the interface as the lease says, note the lease
DHCP_SCRIPT = """#!/bin/sh
case "$1" in
  deconfig) ip addr flush dev "$interface" ;;
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/$mask" dev "$interface"
    for gateway in $router; do
      ip route replace default via "$gateway" dev "$interface"; break
    done
    echo "$ip $mask $router" > "$LEASE_FILE" ;;
esac
"""

HTTP_GET = textwrap.dedent("""
    import sys, urllib.request
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    print(opener.open(sys.argv[1], timeout=3).read().decode())
""")
TCP_CONNECT = textwrap.dedent("""
    import socket, sys
    host, port, source = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    sock = socket.socket()
    sock.settimeout(float(sys.argv[4]))
    if source:
        sock.bind((source, 0))
    sock.connect((host, port))
    print(sock.recv(100).decode())
""")
TCP_SERVE = textwrap.dedent("""
    import socket, sys
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", int(sys.argv[1])))
    server.listen(16)
    print("ready", flush=True)
    while True:
        connection, _ = server.accept()
        connection.sendall(sys.argv[2].encode())
        connection.close()
""")


def require_root_and_tools() -> None:
    """Skip (fail when ONESTACK_REQUIRE_SERVICES=1 and root) without root,
    network namespaces or the tools."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    reason = None
    if os.geteuid() != 0:
        pytest.skip("the linux network driver's tests need root (network namespaces)")
    if missing:
        reason = f"missing {', '.join(missing)} (make system-packages installs them)"
    elif not os.path.isdir("/proc/self/ns") or not os.path.exists("/proc/self/ns/net"):
        reason = "no network namespaces in this kernel"
    if reason:
        if os.environ.get("ONESTACK_REQUIRE_SERVICES") == "1":
            pytest.fail(reason + " and ONESTACK_REQUIRE_SERVICES=1")
        pytest.skip(reason)


def machine_snapshot() -> dict:
    """What the test must leave as it found it: the machine's own links, its
    namespaces, and its own iptables rules (without counters)."""
    links = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True,
                           check=True).stdout
    saved = subprocess.run(["iptables-save"], capture_output=True, text=True,
                           check=True).stdout
    return {"links": sorted(line.split(":")[1].strip().split("@")[0]
                            for line in links.splitlines()),
            "namespaces": set(netns.names()),
            "iptables": [line.split(" [")[0] for line in saved.splitlines()
                         if not line.startswith("#")]}


def run(namespace: str, *argv, check=True, timeout=15, env=None):
    return subprocess.run(netns.command(namespace, [str(a) for a in argv]),
                          capture_output=True, text=True, check=check, timeout=timeout,
                          env=env)


def python(namespace: str, code: str, *args, check=True, timeout=15):
    return run(namespace, sys.executable, "-S", "-c", code, *args, check=check,
               timeout=timeout)


class SimulatedHost:
    def __init__(self, state_dir: str):
        self.suffix = uuid.uuid4().hex[:6]
        self.state_dir = state_dir
        self.host = f"os-host-{self.suffix}"
        self.client = f"os-pub-{self.suffix}"
        self.namespaces: list[str] = []
        self.processes: list[subprocess.Popen] = []
        self.dhcp_script = os.path.join(state_dir, "udhcpc.sh")
        with open(self.dhcp_script, "w") as handle:
            handle.write(DHCP_SCRIPT)
        os.chmod(self.dhcp_script, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP
                 | stat.S_IROTH | stat.S_IXOTH)

    def namespace(self, name: str) -> str:
        netns.ensure(name)
        self.namespaces.append(name)
        return name

    def build(self) -> None:
        from pyroute2 import NetNS
        self.namespace(self.host)
        self.namespace(self.client)
        with NetNS(self.host) as host, NetNS(self.client) as client:
            host.link("add", ifname="pub0", kind="veth", peer="pubpeer")
            [peer] = host.link_lookup(ifname="pubpeer")
            host.link("set", index=peer, net_ns_fd=self.client)
            [end] = client.link_lookup(ifname="pubpeer")
            client.link("set", index=end, ifname="eth0", state="up")
            client.addr("add", index=end, address=PUBLIC_CLIENT, prefixlen=PUBLIC_PREFIX)
            [pub0] = host.link_lookup(ifname="pub0")
            host.link("set", index=pub0, state="up")
            host.addr("add", index=pub0, address=PUBLIC_HOST, prefixlen=PUBLIC_PREFIX)
            for ns in (host, client):
                [lo] = ns.link_lookup(ifname="lo")
                ns.link("set", index=lo, state="up")

    # stand-in instances
    def plug(self, name: str, port) -> str:
        """A namespace for an instance, plugged into its port's bridge."""
        namespace = self.namespace(f"os-{name}-{self.suffix}")
        vif.plug(vif.Vif(bridge=port.bridge, device=port.device, mac=port.mac,
                         instance_namespace=namespace), host_namespace=self.host)
        return namespace

    def dhcp(self, namespace: str) -> tuple[str, int, str]:
        """Take a lease with busybox udhcpc: (address, prefix, router)."""
        lease = os.path.join(self.state_dir, f"lease-{namespace}")
        if os.path.exists(lease):
            os.remove(lease)
        env = dict(os.environ, LEASE_FILE=lease)
        run(namespace, "busybox", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "8",
            "-T", "1", "-s", self.dhcp_script, env=env, timeout=30)
        with open(lease) as handle:
            address, prefix, router = handle.read().split()[:3]
        return address, int(prefix), router

    def serve(self, namespace: str, port: int, answer: str) -> None:
        process = subprocess.Popen(
            netns.command(namespace, [sys.executable, "-S", "-c", TCP_SERVE, str(port),
                                      answer]),
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.processes.append(process)
        assert process.stdout.readline().strip() == "ready"

    def connect(self, namespace: str, address: str, port: int, source: str = "",
                timeout: float = 1.0) -> str | None:
        """What the server at address:port answers, or None when nothing does."""
        result = python(namespace, TCP_CONNECT, address, port, source, timeout,
                        check=False)
        return result.stdout.strip() if result.returncode == 0 else None

    def ping(self, namespace: str, address: str) -> bool:
        return run(namespace, "busybox", "ping", "-c", "1", "-W", "1", address,
                   check=False).returncode == 0

    def get(self, namespace: str, url: str) -> str:
        return python(namespace, HTTP_GET, url).stdout

    # the end
    def remove(self) -> None:
        for process in self.processes:
            process.kill()
            process.wait(timeout=10)
        for namespace in reversed(self.namespaces):
            kill_processes_in(namespace)
            netns.remove(namespace)


def kill_processes_in(namespace: str) -> None:
    """What still runs in a namespace this test made (the dnsmasq the
    network service leaves running, by design, when it stops): a deleted
    namespace would otherwise live on with it."""
    listed = subprocess.run(["ip", "netns", "pids", namespace], capture_output=True,
                            text=True, check=False).stdout.split()
    for pid in (int(pid) for pid in listed if pid.isdigit()):
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
