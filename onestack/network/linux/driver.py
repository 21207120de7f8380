"""The linux network driver: makes a network host what its wanted state
says, through one executor (host.py) that alone touches the host.

Every apply converges the whole host: bridges (and VLAN interfaces) with
their gateway addresses, floating IPs on the public interface, IP
forwarding, the ipsets and iptables chains, and one dnsmasq per DHCP
network. What this driver made and no longer wants goes away; nothing it
did not make is changed. What it made is known again after a restart: the
links carry the ifalias ALIAS, the chains and sets are named onestack-...,
and the floating addresses and dnsmasq processes are recorded under
state_path/network/<namespace>/."""
from __future__ import annotations

import os
import signal

from oslo_log import log as logging

from onestack.common import netns
from onestack.network.linux import checks, dnsmasq, host as linux_host, ipset, iptables
from onestack.network.wanted import WantedState

LOG = logging.getLogger(__name__)

ALIAS = "onestack"           # the ifalias of the links this driver makes
TOOLS = ("iptables-restore", "iptables-save", "ipset", "dnsmasq", "sysctl")
VLAN_MISSING = ("VlanManager needs 802.1Q VLAN interfaces, and this kernel cannot "
                "make them (CONFIG_VLAN_8021Q is not enabled): use FlatDHCPManager "
                "or FlatManager, or a kernel with 802.1Q support")


class DriverUnavailable(RuntimeError):
    """The host lacks what the driver needs (a tool, a kernel feature)."""


class LinuxDriver:
    def __init__(self, conf, host: str, executor=None):
        self.conf = conf
        self.host = host
        self.namespace = conf.network_namespace or None
        if executor is None:
            if self.namespace:
                netns.ensure(self.namespace)
            executor = linux_host.Host(self.namespace)
        self.executor = executor
        # absolute: dnsmasq runs from / and is handed paths below it
        self.state_dir = os.path.join(os.path.abspath(conf.state_path), "network",
                                      self.namespace or "host")
        self.applied: WantedState | None = None
        self._vlan_supported: bool | None = None
        self._sysctl_done = False
        self._known_tables: dict[str, str] | None = None

    # start and checks
    def start(self) -> None:
        """Refuse to run without the tools or, under VlanManager, without
        802.1Q in the kernel (DriverUnavailable, naming what is missing)."""
        missing = [tool for tool in TOOLS if not self.executor.has(tool)]
        if missing:
            raise DriverUnavailable(
                f"network_driver linux needs {', '.join(missing)} (Debian: "
                "iptables, ipset, dnsmasq-base, procps)")
        if self.conf.network_manager.rsplit(".", 1)[-1] == "VlanManager" \
                and not self.vlan_supported():
            raise DriverUnavailable(VLAN_MISSING)
        where = f"network namespace {self.namespace}" if self.namespace else "this host"
        LOG.info("network_driver linux manages %s", where)

    def vlan_supported(self) -> bool:
        if self._vlan_supported is None:
            self._vlan_supported = self.executor.vlan_supported()
        return self._vlan_supported

    # convergence
    def apply(self, state: WantedState) -> None:
        state = checks.checked(state)
        self._sysctls()
        self._links(state)
        self._floating(state)
        stale_sets = self._ipsets(state)
        self._iptables(state)
        for name in stale_sets:
            self.executor.run(["ipset", "destroy", name])
        self._dhcp(state)
        self.applied = state

    def stop(self) -> None:
        close = getattr(self.executor, "close", None)
        if close is not None:
            close()

    def heal(self) -> None:
        """Restart the dnsmasq of the last state that died since."""
        if self.applied is not None:
            self._dhcp(self.applied)

    def _sysctls(self) -> None:
        if self._sysctl_done:
            return
        self.executor.run(["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"])
        try:  # bridged traffic through iptables (br_netfilter), for the per-port chains
            self.executor.run(["sysctl", "-q", "-w",
                               "net.bridge.bridge-nf-call-iptables=1"])
        except linux_host.CommandFailed as error:
            LOG.warning("Bridged traffic is not filtered (is br_netfilter loaded?): %s",
                        error)
        self._sysctl_done = True

    def _links(self, state: WantedState) -> None:
        links = self.executor.links()
        wanted: set[str] = set()
        # networks that share a bridge (all of them under FlatDHCPManager)
        # each want their address on it
        addresses: dict[str, set[str]] = {}
        for bridge in state.bridges:
            addresses.setdefault(bridge.name, set()).update(
                [bridge.gateway] if bridge.gateway else [])
        for bridge in state.bridges:
            if bridge.name in wanted:
                continue
            wanted.add(bridge.name)
            if bridge.vlan is not None:
                if not self.vlan_supported():
                    LOG.error("Bridge %s: %s", bridge.name, VLAN_MISSING)
                    continue
                if bridge.interface and bridge.interface not in links:
                    self.executor.add_vlan(bridge.interface, bridge.vlan_parent,
                                           bridge.vlan, ALIAS)
                if bridge.interface:
                    wanted.add(bridge.interface)
            existing = links.get(bridge.name)
            if existing is None:
                self.executor.add_bridge(bridge.name, ALIAS)
                ours = True
            elif existing.kind != "bridge":
                LOG.error("%s is a %s, not a bridge: left alone", bridge.name,
                          existing.kind)
                continue
            else:
                ours = existing.alias == ALIAS
            if bridge.mtu and (existing is None or existing.mtu != bridge.mtu):
                self.executor.set_link(bridge.name, mtu=bridge.mtu)
            if existing is None or not existing.up:
                self.executor.set_link(bridge.name, up=True)
            self._bridge_addresses(bridge.name, addresses[bridge.name], ours)
            self._enslave(bridge, links)
        for name, link in links.items():
            if link.alias == ALIAS and name not in wanted:
                LOG.info("Removing %s (%s), which no network served here uses", name,
                         link.kind)
                self.executor.delete_link(name)

    def _bridge_addresses(self, name: str, want: set[str], ours: bool) -> None:
        present = self.executor.addresses(name)
        for cidr in sorted(want - present):
            self.executor.add_address(name, cidr)
        if ours:  # a bridge the operator made keeps the addresses they gave it
            for cidr in sorted(present - want):
                self.executor.delete_address(name, cidr)

    def _enslave(self, bridge, links) -> None:
        interface = bridge.interface
        if not interface:
            return
        link = links.get(interface)
        if link is None and bridge.vlan is None:
            LOG.warning("Interface %s of bridge %s does not exist", interface,
                        bridge.name)
            return
        if link is None or link.master != bridge.name:
            self.executor.set_link(interface, master=bridge.name)
        if link is None or not link.up:
            self.executor.set_link(interface, up=True)

    def _floating(self, state: WantedState) -> None:
        record = os.path.join(self.state_dir, "floating")
        previous = _pairs(self.executor.read_file(record))
        wanted = {(nat.interface, f"{nat.floating}/32") for nat in state.floating}
        # recorded before they are added, so a crash in between leaks nothing
        self.executor.write_file(record, _unpairs(previous | wanted))
        links = self.executor.links()
        present = {name: self.executor.addresses(name)
                   for name in {interface for interface, _ in previous | wanted}
                   if name in links}
        for interface, cidr in sorted(wanted):
            if interface not in present:
                LOG.warning("Public interface %s does not exist: floating IP %s "
                            "is not added", interface, cidr)
            elif cidr not in present[interface]:
                self.executor.add_address(interface, cidr)
        for interface, cidr in sorted(previous - wanted):
            if cidr in present.get(interface, ()):
                self.executor.delete_address(interface, cidr)
        self.executor.write_file(record, _unpairs(wanted))

    def _ipsets(self, state: WantedState) -> list[str]:
        """Define the wanted sets; the names of ours that are no longer wanted
        (destroyed once no rule refers to them)."""
        text = ipset.render(state)
        if text:
            self.executor.run(["ipset", "restore"], stdin=text)
        present = self.executor.run(["ipset", "list", "-n"]).split()
        wanted = {address_set.name for address_set in state.address_sets}
        return sorted(name for name in present
                      if name.startswith(iptables.PREFIX) and name not in wanted)

    def _iptables(self, state: WantedState) -> None:
        """One iptables-restore of both tables. What of ours is in them is
        read with iptables-save at the first apply (and after a failure);
        then it is what the last restore left, since only this driver
        touches onestack- chains: saving 20,000 rules costs as much as
        restoring them."""
        known = self._known_tables or {
            table: self.executor.run(["iptables-save", "-t", table])
            for table in ("nat", "filter")}
        self._known_tables = None
        text = "".join(iptables.restore_input(state, table, known[table])
                       for table in ("nat", "filter"))
        self.executor.run(["iptables-restore", "--noflush"], stdin=text)
        self._known_tables = {table: iptables.as_saved(state, table)
                              for table in ("nat", "filter")}

    def _dhcp(self, state: WantedState) -> None:
        base = os.path.join(self.state_dir, "dnsmasq")
        wanted = dnsmasq.by_bridge(state.dhcp)
        # the stale first: one of them may hold a bridge a wanted one binds
        for name in self.executor.list_dir(base):
            if name not in wanted:
                self._stop_dnsmasq(os.path.join(base, name))
        for bridge, networks in wanted.items():
            self._dnsmasq(bridge, networks, os.path.join(base, bridge))

    def _dnsmasq(self, bridge: str, networks, directory: str) -> None:
        hosts_path = os.path.join(directory, "hosts")
        old_hosts = self.executor.read_file(hosts_path)
        hosts, options = dnsmasq.hosts_file(networks), dnsmasq.options_file(networks)
        command = dnsmasq.command(networks, directory)
        changed = hosts != old_hosts or \
            options != self.executor.read_file(os.path.join(directory, "opts"))
        if changed:
            self.executor.write_file(hosts_path, hosts)
            self.executor.write_file(os.path.join(directory, "opts"), options)
        pid = self._running_pid(directory)
        # a network added to (or gone from) the bridge changes the ranges
        # and addresses dnsmasq serves, which only its command line holds
        if pid is not None and self.executor.read_file(
                os.path.join(directory, "command")) != "\0".join(command):
            LOG.info("Restarting dnsmasq %s on %s for its new networks", pid, bridge)
            self.executor.signal(pid, signal.SIGTERM)
            self.executor.wait_gone(pid)
            pid = None
        if pid is None:
            LOG.info("Starting dnsmasq on %s for %s", bridge, ", ".join(
                f"{network.label} ({network.cidr})" for network in networks))
            self.executor.write_file(os.path.join(directory, "command"),
                                     "\0".join(command))
            self.executor.run(command)
        elif changed:
            self.executor.signal(pid, signal.SIGHUP)
        if old_hosts is not None and hosts != old_hosts:
            self._release(bridge, _leases(old_hosts) - _leases(hosts))

    def _running_pid(self, directory: str) -> int | None:
        text = self.executor.read_file(os.path.join(directory, "pid"))
        try:
            pid = int((text or "").strip())
        except ValueError:
            return None
        return pid if self.executor.process_running(pid, directory) else None

    def _release(self, bridge: str, gone) -> None:
        """Leases of interfaces no longer served end now, not at their expiry."""
        if not gone or not self.executor.has("dhcp_release"):
            return
        for mac, address in sorted(gone):
            try:
                self.executor.run(["dhcp_release", bridge, address, mac])
            except linux_host.CommandFailed as error:
                LOG.warning("Releasing the lease of %s failed: %s", address, error)

    def _stop_dnsmasq(self, directory: str) -> None:
        pid = self._running_pid(directory)
        if pid is not None:
            LOG.info("Stopping dnsmasq %s of a bridge no longer served here", pid)
            self.executor.signal(pid, signal.SIGTERM)
            self.executor.wait_gone(pid)
        self.executor.remove_tree(directory)


def _pairs(text: str | None) -> set[tuple[str, str]]:
    pairs = set()
    for line in (text or "").splitlines():
        interface, _, cidr = line.partition(" ")
        if interface and cidr:
            pairs.add((interface, cidr))
    return pairs


def _unpairs(pairs) -> str:
    return "".join(f"{interface} {cidr}\n" for interface, cidr in sorted(pairs))


def _leases(hosts: str) -> set[tuple[str, str]]:
    """(MAC, address) of each line of a dnsmasq hosts file."""
    leases = set()
    for line in hosts.splitlines():
        parts = line.split(",")
        if len(parts) == 3:
            leases.add((parts[0], parts[2]))
    return leases
