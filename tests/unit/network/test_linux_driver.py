"""The linux network driver's convergence, against a fake executor that
keeps links, addresses, files and processes in memory and records the
commands: what it makes, changes and removes, without root."""
from __future__ import annotations

import dataclasses
import signal
import types

import pytest

from onestack.network.linux import driver as linux_driver
from onestack.network.linux import iptables
from onestack.network.linux.host import Link
from onestack.network.wanted import (AddressSet, Bridge, DhcpHost, DhcpNetwork,
                                     FloatingNat, Port, Rule, WantedState)

NET_UUID = "0d1e2f3a-1111-2222-3333-444455556666"


class FakeHost:
    def __init__(self, tools=True, vlan=False):
        self.link_table = {"eth0": Link("eth0", None, None, None, True),
                      "lo": Link("lo", None, None, None, True),
                      "docker0": Link("docker0", "bridge", None, None, True)}
        self.addrs = {"eth0": {"192.0.2.10/24"}, "docker0": {"172.17.0.1/16"}}
        self.files: dict[str, str] = {}
        self.commands: list[tuple[list[str], str | None]] = []
        self.running: dict[int, str] = {}   # pid -> command line
        self.signals: list[tuple[int, int]] = []
        self.tables = {"nat": "*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n",
                       "filter": "*filter\n:FORWARD ACCEPT [0:0]\n"
                                 "-A FORWARD -j DOCKER\nCOMMIT\n"}
        self.sets: set[str] = {"docker-set"}
        self.tools, self.vlan = tools, vlan
        self.next_pid = 1000

    # netlink
    def links(self):
        return dict(self.link_table)

    def add_bridge(self, name, alias):
        assert name not in self.link_table
        self.link_table[name] = Link(name, "bridge", alias, None, False)

    def add_vlan(self, name, parent, vlan, alias):
        self.link_table[name] = Link(name, "vlan", alias, None, False)

    def delete_link(self, name):
        del self.link_table[name]
        self.addrs.pop(name, None)

    def set_link(self, name, up=None, master=None, mtu=None):
        link = self.link_table[name]
        self.link_table[name] = dataclasses.replace(
            link, up=link.up if up is None else up,
            master=link.master if master is None else master,
            mtu=link.mtu if mtu is None else mtu)

    def addresses(self, name):
        return set(self.addrs.get(name, set()))

    def add_address(self, name, cidr):
        assert cidr not in self.addrs.setdefault(name, set())
        self.addrs[name].add(cidr)

    def delete_address(self, name, cidr):
        self.addrs[name].remove(cidr)

    def vlan_supported(self):
        return self.vlan

    # commands
    def has(self, binary):
        return self.tools

    def run(self, argv, stdin=None):
        self.commands.append((argv, stdin))
        if argv[0] == "iptables-save":
            return self.tables[argv[2]]
        if argv[:2] == ["iptables-restore", "--noflush"]:
            self._restore(stdin)
        elif argv[:2] == ["ipset", "restore"]:
            self.sets |= {line.split()[1] for line in stdin.splitlines()
                          if line.startswith("create ")}
        elif argv[:3] == ["ipset", "list", "-n"]:
            return "".join(name + "\n" for name in sorted(self.sets))
        elif argv[:2] == ["ipset", "destroy"]:
            self.sets.discard(argv[2])
        elif argv[0] == "dnsmasq":
            pid, self.next_pid = self.next_pid, self.next_pid + 1
            self.running[pid] = " ".join(argv)
            pid_file = next(a for a in argv if a.startswith("--pid-file="))
            self.files[pid_file.split("=", 1)[1]] = f"{pid}\n"
        return ""

    def _restore(self, text):
        """Keep our chains' lines per table as iptables-save would show them."""
        table = None
        for line in text.splitlines():
            if line.startswith("*"):
                table = line[1:]
                kept = [l for l in self.tables[table].splitlines() if l != "COMMIT"]
            elif line.startswith(":"):
                chain = line[1:].split()[0]
                kept = [l for l in kept if not l.startswith(f"-A {chain} ")]
                if f":{chain} - [0:0]" not in kept:
                    kept.append(f":{chain} - [0:0]")
            elif line.startswith("-I "):
                kept.append(line.replace("-I ", "-A ", 1).replace(" 1 -j ", " -j ", 1))
            elif line.startswith("-A "):
                kept.append(line)
            elif line.startswith("-D "):
                kept.remove(line.replace("-D ", "-A ", 1))
            elif line.startswith("-X "):
                kept.remove(f":{line.split()[1]} - [0:0]")
            elif line == "COMMIT":
                self.tables[table] = "\n".join(kept + ["COMMIT"]) + "\n"

    def write_file(self, path, text):
        self.files[path] = text

    def read_file(self, path):
        return self.files.get(path)

    def list_dir(self, path):
        return sorted({p[len(path) + 1:].split("/")[0] for p in self.files
                       if p.startswith(path + "/")})

    def remove_tree(self, path):
        for name in [p for p in self.files if p.startswith(path + "/")]:
            del self.files[name]

    def process_running(self, pid, marker):
        return marker in self.running.get(pid, "")

    def signal(self, pid, signum=signal.SIGTERM):
        self.signals.append((pid, signum))
        self.commands.append((["kill", f"-{signum}", str(pid)], None))
        if signum == signal.SIGTERM:
            self.running.pop(pid, None)

    def wait_gone(self, pid, timeout=5.0):
        assert pid not in self.running

    def ran(self, name):
        return [argv for argv, _ in self.commands if argv[0] == name]


def make_driver(tmp_path, executor=None, manager="FlatDHCPManager"):
    conf = types.SimpleNamespace(network_namespace="", state_path=str(tmp_path),
                                 network_manager=manager)
    executor = executor or FakeHost()
    return linux_driver.LinuxDriver(conf, "net1", executor=executor), executor


PORT = Port(port_id="5c2ab1d0-3e7f-4c2b-9d6e-0a1b2c3d4e5f", instance_uuid="i-1",
            address="10.0.0.3", mac="fa:16:3e:12:34:56", bridge="br100",
            gateway="10.0.0.1", rules=(Rule("ingress", "tcp", 22, 22, None,
                                            "onestack-sg-1"), Rule("egress", None)))
DHCP = DhcpNetwork(network_uuid=NET_UUID, label="private", bridge="br100",
                   cidr="10.0.0.0/24", gateway="10.0.0.1",
                   hosts=(DhcpHost(PORT.mac, PORT.address, "vm1"),))
STATE = WantedState(host="net1", bridges=(Bridge("br100", "10.0.0.1/24"),),
                    dhcp=(DHCP,), ports=(PORT,),
                    floating=(FloatingNat("192.0.2.50", "10.0.0.3", "eth0"),),
                    address_sets=(AddressSet("onestack-sg-1", ("10.0.0.3",)),),
                    fixed_ranges=("10.0.0.0/24",), public_interface="eth0",
                    routing_source_ip="192.0.2.10", metadata_host="192.0.2.10")
EMPTY = WantedState(host="net1", public_interface="eth0",
                    routing_source_ip="192.0.2.10", metadata_host="192.0.2.10")


def test_the_host_becomes_the_wanted_state(tmp_path):
    driver, host = make_driver(tmp_path)
    driver.apply(STATE)
    bridge = host.link_table["br100"]
    assert (bridge.kind, bridge.alias, bridge.up) == ("bridge", "onestack", True)
    assert host.addrs["br100"] == {"10.0.0.1/24"}
    assert "192.0.2.50/32" in host.addrs["eth0"]
    assert ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"] in host.ran("sysctl")
    assert "onestack-sg-1" in host.sets
    live = iptables.ours_in_save(host.tables["filter"])
    wanted = iptables.ours_in_save(iptables.render(STATE)["filter"])
    assert live == wanted
    [started] = host.ran("dnsmasq")
    directory = f"{tmp_path}/network/host/dnsmasq/br100"
    assert f"--dhcp-hostsfile={directory}/hosts" in started
    assert host.files[f"{directory}/hosts"] == \
        "fa:16:3e:12:34:56,vm1.novalocal,10.0.0.3\n"


def test_dnsmasq_gets_absolute_paths_from_a_relative_state_path(tmp_path, monkeypatch):
    """make run's state_path is ./state; dnsmasq runs from /."""
    monkeypatch.chdir(tmp_path)
    driver, host = make_driver("./state")
    driver.apply(STATE)
    [started] = host.ran("dnsmasq")
    files = [arg.split("=", 1)[1] for arg in started
             if arg.startswith(("--pid-file=", "--dhcp-hostsfile=", "--dhcp-optsfile="))]
    assert len(files) == 3
    assert all(path.startswith(f"{tmp_path}/state/network/host/") for path in files)


def test_applying_again_changes_nothing(tmp_path):
    driver, host = make_driver(tmp_path)
    driver.apply(STATE)
    tables, links, addrs = dict(host.tables), dict(host.link_table), \
        {k: set(v) for k, v in host.addrs.items()}
    driver.apply(STATE)
    assert host.tables == tables and host.link_table == links and host.addrs == addrs
    assert len(host.ran("dnsmasq")) == 1 and host.signals == []
    # the hooks are there once
    assert host.tables["filter"].count("-A FORWARD -j onestack-FORWARD") == 1


def test_what_is_no_longer_wanted_goes_and_nothing_else(tmp_path):
    driver, host = make_driver(tmp_path)
    driver.apply(STATE)
    [pid] = host.running
    driver.apply(EMPTY)
    assert "br100" not in host.link_table
    assert set(host.link_table) == {"eth0", "lo", "docker0"}
    assert host.addrs["eth0"] == {"192.0.2.10/24"}
    assert host.addrs["docker0"] == {"172.17.0.1/16"}
    assert host.sets == {"docker-set"}
    assert (pid, signal.SIGTERM) in host.signals and host.running == {}
    assert not [p for p in host.files if "/dnsmasq/" in p]
    filter_table = host.tables["filter"]
    assert "-A FORWARD -j DOCKER" in filter_table
    assert "onestack" not in filter_table and "onestack" not in host.tables["nat"]


def test_a_bridge_it_did_not_make_keeps_its_addresses_and_stays(tmp_path):
    host = FakeHost()
    host.link_table["br100"] = Link("br100", "bridge", None, None, True)
    host.addrs["br100"] = {"10.9.9.9/24"}
    driver, _ = make_driver(tmp_path, host)
    driver.apply(STATE)
    assert host.addrs["br100"] == {"10.9.9.9/24", "10.0.0.1/24"}
    driver.apply(EMPTY)
    assert "br100" in host.link_table


def test_a_changed_hosts_file_is_signalled_and_a_dead_dnsmasq_restarted(tmp_path):
    driver, host = make_driver(tmp_path)
    driver.apply(STATE)
    [pid] = host.running
    second = DhcpHost("fa:16:3e:00:00:04", "10.0.0.4", "vm2")
    driver.apply(dataclasses.replace(STATE, dhcp=(dataclasses.replace(
        DHCP, hosts=DHCP.hosts + (second,)),)))
    assert host.signals == [(pid, signal.SIGHUP)]
    driver.apply(STATE)   # vm2 went away: its lease is released
    assert ["dhcp_release", "br100", "10.0.0.4", "fa:16:3e:00:00:04"] in \
        host.ran("dhcp_release")
    host.running.clear()  # dnsmasq died
    driver.heal()
    assert len(host.ran("dnsmasq")) == 2 and len(host.running) == 1


def test_a_second_network_on_the_bridge_restarts_its_one_dnsmasq_with_both(tmp_path):
    driver, host = make_driver(tmp_path)
    driver.apply(STATE)
    [first_pid] = host.running
    second = DhcpNetwork(network_uuid="7a8b9c0d-1111", label="tempest", bridge="br100",
                         cidr="10.100.0.32/28", gateway="10.100.0.33")
    driver.apply(dataclasses.replace(
        STATE, dhcp=(DHCP, second),
        bridges=STATE.bridges + (Bridge("br100", "10.100.0.33/28"),)))
    assert host.addrs["br100"] == {"10.0.0.1/24", "10.100.0.33/28"}
    assert (first_pid, signal.SIGTERM) in host.signals
    [pid] = host.running
    started = host.ran("dnsmasq")[-1]
    assert pid != first_pid and len(host.ran("dnsmasq")) == 2
    assert "--listen-address=10.100.0.33" in started
    assert [arg for arg in started if arg.startswith("--dhcp-range")] == [
        f"--dhcp-range=set:{NET_UUID[:8]},10.0.0.0,static,255.255.255.0,86400s",
        "--dhcp-range=set:7a8b9c0d,10.100.0.32,static,255.255.255.240,86400s"]
    driver.apply(dataclasses.replace(
        STATE, dhcp=(DHCP, second),
        bridges=STATE.bridges + (Bridge("br100", "10.100.0.33/28"),)))
    assert len(host.ran("dnsmasq")) == 2    # the same networks: left running
    assert host.addrs["br100"] == {"10.0.0.1/24", "10.100.0.33/28"}


def test_a_stale_dnsmasq_on_the_bridge_is_stopped_before_the_new_one_starts(tmp_path):
    """As after an upgrade from one dnsmasq per network (directories named
    by network id) to one per bridge: the old one holds br100."""
    driver, host = make_driver(tmp_path)
    stale = f"{tmp_path}/network/host/dnsmasq/{NET_UUID}"
    host.files[f"{stale}/pid"] = "4242\n"
    host.files[f"{stale}/hosts"] = ""
    host.running[4242] = f"dnsmasq --pid-file={stale}/pid"
    driver.apply(STATE)
    order = [argv[0] for argv, _ in host.commands if argv[0] in ("kill", "dnsmasq")]
    assert order == ["kill", "dnsmasq"] and (4242, signal.SIGTERM) in host.signals
    assert not [path for path in host.files if path.startswith(stale)]


def test_a_restarted_service_adopts_the_running_dnsmasq(tmp_path):
    driver, host = make_driver(tmp_path)
    driver.apply(STATE)
    again, _ = make_driver(tmp_path, host)
    again.apply(STATE)
    assert len(host.ran("dnsmasq")) == 1 and host.signals == []


def test_a_floating_ip_moves_off_the_public_interface(tmp_path):
    driver, host = make_driver(tmp_path)
    driver.apply(STATE)
    moved = dataclasses.replace(STATE, floating=(
        FloatingNat("192.0.2.51", "10.0.0.3", "eth0"),))
    driver.apply(moved)
    assert host.addrs["eth0"] == {"192.0.2.10/24", "192.0.2.51/32"}


def test_vlan_manager_is_refused_without_8021q(tmp_path):
    driver, _ = make_driver(tmp_path, manager="nova.network.manager.VlanManager")
    with pytest.raises(linux_driver.DriverUnavailable, match="CONFIG_VLAN_8021Q"):
        driver.start()
    with_vlan, _ = make_driver(tmp_path, FakeHost(vlan=True), manager="VlanManager")
    with_vlan.start()


def test_missing_tools_are_named(tmp_path):
    driver, _ = make_driver(tmp_path, FakeHost(tools=False))
    with pytest.raises(linux_driver.DriverUnavailable, match="dnsmasq"):
        driver.start()


@pytest.mark.parametrize("bad", [
    {"bridges": (Bridge("br100; rm -rf /", "10.0.0.1/24"),)},
    {"bridges": (Bridge("a-name-far-too-long", "10.0.0.1/24"),)},
    {"ports": (dataclasses.replace(PORT, mac="fa:16:3e:12:34:56 -j ACCEPT"),)},
    {"ports": (dataclasses.replace(PORT, address="10.0.0.3/32 -j ACCEPT"),)},
    {"floating": (FloatingNat("192.0.2.50\n-A FORWARD", "10.0.0.3", "eth0"),)},
    {"dhcp": (dataclasses.replace(DHCP, bridge="--conf-file=/etc/x"),)},
])
def test_invalid_names_never_reach_the_host(tmp_path, bad):
    driver, host = make_driver(tmp_path)
    driver.apply(dataclasses.replace(EMPTY, **bad))
    everything = repr(host.commands) + repr(host.link_table) + repr(host.addrs)
    for value in ("rm -rf", "far-too-long", "-j ACCEPT", "\n-A FORWARD",
                  "/etc/x"):
        assert value not in everything


def test_an_invalid_public_interface_refuses_the_whole_state(tmp_path):
    driver, host = make_driver(tmp_path)
    with pytest.raises(ValueError):
        driver.apply(dataclasses.replace(STATE, public_interface="eth0 -j DROP"))
    assert host.commands == []


def test_iptables_save_is_read_once_then_the_last_restore_is_known(tmp_path):
    driver, host = make_driver(tmp_path)
    driver.apply(STATE)
    driver.apply(EMPTY)
    driver.apply(STATE)
    assert len(host.ran("iptables-save")) == 2   # nat and filter, once
    assert iptables.ours_in_save(host.tables["filter"]) == \
        iptables.ours_in_save(iptables.render(STATE)["filter"])
    assert host.tables["filter"].count("-A FORWARD -j onestack-FORWARD") == 1
    # a failed restore makes the next apply read the tables again
    host.run = _failing(host.run)
    with pytest.raises(RuntimeError):
        driver.apply(STATE)
    host.run = FakeHost.run.__get__(host)
    driver.apply(STATE)
    assert len(host.ran("iptables-save")) == 4


def _failing(run):
    def failing(argv, stdin=None):
        if argv[0] == "iptables-restore":
            raise RuntimeError("iptables-restore: line 3 failed")
        return run(argv, stdin)
    return failing


def test_a_bad_dhcp_host_is_left_out_and_a_bad_name_replaced(tmp_path):
    driver, host = make_driver(tmp_path)
    hosts = (DhcpHost("fa:16:3e:00:00:04", "10.0.0.4", "bad name,x"),
             DhcpHost("not-a-mac", "10.0.0.5", "vm5"), DhcpHost(PORT.mac, PORT.address,
                                                                "vm1"))
    driver.apply(dataclasses.replace(STATE, dhcp=(dataclasses.replace(DHCP,
                                                                      hosts=hosts),)))
    assert host.files[f"{tmp_path}/network/host/dnsmasq/br100/hosts"] == (
        "fa:16:3e:12:34:56,vm1.novalocal,10.0.0.3\n"
        "fa:16:3e:00:00:04,host-10-0-0-4.novalocal,10.0.0.4\n")


def test_a_vlan_bridge_gets_its_vlan_interface_where_the_kernel_has_8021q(tmp_path):
    driver, host = make_driver(tmp_path, FakeHost(vlan=True), manager="VlanManager")
    vlan_state = dataclasses.replace(STATE, bridges=(Bridge(
        "br100", "10.0.0.1/24", interface="vlan100", vlan=100, vlan_parent="eth0"),))
    driver.apply(vlan_state)
    vlan = host.link_table["vlan100"]
    assert (vlan.kind, vlan.alias, vlan.master, vlan.up) == ("vlan", "onestack",
                                                             "br100", True)
    driver.apply(EMPTY)
    assert "vlan100" not in host.link_table and "eth0" in host.link_table
