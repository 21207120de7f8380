"""The one thing the linux network driver touches the host through: netlink
(pyroute2) for links and addresses, and commands (iptables-restore, ipset,
dnsmasq, sysctl) run inside the driver's network namespace, or on the host
itself when it has none. Tests hand the driver a fake one instead.

Every name and address is checked (names.py) before it gets here."""
from __future__ import annotations

import dataclasses
import os
import shutil
import signal as signals
import subprocess
import time

from oslo_log import log as logging

from onestack.common import netns
from onestack.network.linux import names

LOG = logging.getLogger(__name__)
COMMAND_TIMEOUT = 60


class CommandFailed(Exception):
    def __init__(self, argv, returncode, stderr):
        self.argv, self.returncode, self.stderr = argv, returncode, stderr
        super().__init__(f"{' '.join(argv)} exited {returncode}: {stderr.strip()}")


@dataclasses.dataclass(frozen=True)
class Link:
    name: str
    kind: str | None      # bridge, veth, vlan, ... (None: a physical one)
    alias: str | None     # ifalias: how we mark what we made
    master: str | None    # the bridge it is enslaved to
    up: bool
    mtu: int | None = None


class Host:
    """The host (or the network namespace namespace) as the driver sees it."""

    def __init__(self, namespace: str | None = None):
        self.namespace = netns.check_name(namespace) if namespace else None
        self._ipr = None

    # netlink
    @property
    def ipr(self):
        if self._ipr is None:
            from pyroute2 import IPRoute, NetNS
            self._ipr = NetNS(self.namespace) if self.namespace else IPRoute()
        return self._ipr

    def close(self) -> None:
        if self._ipr is not None:
            self._ipr.close()
            self._ipr = None

    def links(self) -> dict[str, Link]:
        found = {}
        raw = list(self.ipr.get_links())
        by_index = {link["index"]: link.get_attr("IFLA_IFNAME") for link in raw}
        for link in raw:
            info = link.get_attr("IFLA_LINKINFO")
            name = link.get_attr("IFLA_IFNAME")
            found[name] = Link(
                name=name, kind=info.get_attr("IFLA_INFO_KIND") if info else None,
                alias=link.get_attr("IFLA_IFALIAS"),
                master=by_index.get(link.get_attr("IFLA_MASTER")),
                up=bool(link["flags"] & 1), mtu=link.get_attr("IFLA_MTU"))
        return found

    def _index(self, name: str) -> int:
        found = self.ipr.link_lookup(ifname=names.interface(name))
        if not found:
            raise LookupError(f"no interface {name}")
        return found[0]

    def add_bridge(self, name: str, alias: str) -> None:
        self.ipr.link("add", ifname=names.interface(name), kind="bridge")
        self.ipr.link("set", index=self._index(name), ifalias=alias)

    def add_vlan(self, name: str, parent: str, vlan: int, alias: str) -> None:
        self.ipr.link("add", ifname=names.interface(name), kind="vlan",
                      link=self._index(parent), vlan_id=int(vlan))
        self.ipr.link("set", index=self._index(name), ifalias=alias)

    def delete_link(self, name: str) -> None:
        self.ipr.link("del", index=self._index(name))

    def set_link(self, name: str, up: bool | None = None, master: str | None = None,
                 mtu: int | None = None) -> None:
        changes: dict = {}
        if master is not None:
            changes["master"] = self._index(master)
        if mtu is not None:
            changes["mtu"] = int(mtu)
        if up is not None:
            changes["state"] = "up" if up else "down"
        if changes:
            self.ipr.link("set", index=self._index(name), **changes)

    def addresses(self, name: str) -> set[str]:
        """The IPv4 addresses of an interface, each as address/prefix."""
        return {f"{a.get_attr('IFA_ADDRESS')}/{a['prefixlen']}"
                for a in self.ipr.get_addr(family=2, index=self._index(name))}

    def add_address(self, name: str, cidr: str) -> None:
        address, prefix = names.interface_address(cidr)
        self.ipr.addr("add", index=self._index(name), address=address, prefixlen=prefix)

    def delete_address(self, name: str, cidr: str) -> None:
        address, prefix = names.interface_address(cidr)
        self.ipr.addr("del", index=self._index(name), address=address, prefixlen=prefix)

    def vlan_supported(self) -> bool:
        """Whether the kernel makes 802.1Q interfaces (CONFIG_VLAN_8021Q):
        tried on a veth inside a scratch namespace, so the host is untouched."""
        if os.path.exists("/proc/net/vlan"):
            return True
        from pyroute2 import NetNS, NetlinkError
        scratch = f"onestack-vlan-probe-{os.getpid()}"
        netns.ensure(scratch)
        try:
            with NetNS(scratch) as ns:
                ns.link("add", ifname="probe0", kind="veth", peer="probe1")
                parent = ns.link_lookup(ifname="probe0")[0]
                try:
                    ns.link("add", ifname="probe0.2", kind="vlan", link=parent, vlan_id=2)
                    return True
                except NetlinkError:
                    return False
        finally:
            netns.remove(scratch)

    # commands
    def command(self, argv: list[str]) -> list[str]:
        return netns.command(self.namespace, argv)

    def has(self, binary: str) -> bool:
        return shutil.which(binary) is not None

    def run(self, argv: list[str], stdin: str | None = None) -> str:
        """Run argv (inside the namespace); its output, or CommandFailed."""
        full = self.command(argv)
        result = subprocess.run(full, input=stdin, capture_output=True, text=True,
                                timeout=COMMAND_TIMEOUT, check=False)
        if result.returncode != 0:
            raise CommandFailed(full, result.returncode, result.stderr)
        return result.stdout

    # files and processes (dnsmasq's)
    def write_file(self, path: str, text: str) -> None:
        os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
        partial = path + ".new"
        with open(partial, "w") as handle:
            handle.write(text)
        os.chmod(partial, 0o644)
        os.replace(partial, path)

    def read_file(self, path: str) -> str | None:
        try:
            with open(path) as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    def list_dir(self, path: str) -> list[str]:
        try:
            return sorted(os.listdir(path))
        except FileNotFoundError:
            return []

    def remove_tree(self, path: str) -> None:
        shutil.rmtree(path, ignore_errors=True)

    def process_running(self, pid: int, marker: str) -> bool:
        """Whether pid is alive and its command line holds marker (so a pid
        reused by another process is not taken for ours)."""
        try:
            with open(f"/proc/{int(pid)}/cmdline", "rb") as handle:
                cmdline = handle.read().decode(errors="replace")
            with open(f"/proc/{int(pid)}/stat") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            return False
        return state != "Z" and marker in cmdline

    def signal(self, pid: int, signum: int = signals.SIGTERM) -> None:
        try:
            os.kill(int(pid), signum)
        except ProcessLookupError:
            pass

    def wait_gone(self, pid: int, timeout: float = 5.0) -> None:
        """Until pid has ended (it frees what a successor binds), or timeout."""
        deadline = time.monotonic() + timeout
        while self.process_running(pid, "") and time.monotonic() < deadline:
            time.sleep(0.02)
