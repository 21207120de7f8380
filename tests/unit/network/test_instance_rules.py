"""The rules each instance's security groups add up to, a source group as
the address set of its members: pure, and read from a database."""
from onestack.db import networks
from onestack.db import security_groups as group_db
from onestack.network import instance_rules
from onestack.network.instance_rules import (InstanceRules, StoredRule, address_sets,
                                             resolve)
from onestack.network.wanted import AddressSet, Rule


def stored(group_id, protocol="tcp", low=22, high=22, cidr=None, source=None,
           direction="ingress", ethertype="IPv4"):
    return StoredRule(group_id, direction, ethertype, protocol, low, high, cidr, source)


def test_a_source_group_becomes_the_address_set_of_its_members():
    rules = [stored(1, source=2), stored(1, "icmp", None, None, "10.0.0.0/8"),
             stored(2, None, None, None, source=2)]
    bindings = [("vm-a", 1, "web"), ("vm-b", 2, "db"), ("vm-c", 1, "web"),
                ("vm-c", 2, "db")]
    result = resolve(bindings, rules)
    assert result["vm-a"] == InstanceRules("vm-a", ("web",), (
        Rule("ingress", "icmp", None, None, ("10.0.0.0/8",)),
        Rule("ingress", "tcp", 22, 22, None, "onestack-sg-2")))
    assert result["vm-b"].rules == (Rule("ingress", None, None, None, None,
                                         "onestack-sg-2"),)
    assert result["vm-c"].group_uuids == ("db", "web")
    assert len(result["vm-c"].rules) == 3
    assert address_sets({2: ["10.0.0.9", "10.0.0.10", "fd00::5"], 3: []}) == (
        AddressSet("onestack-sg-2", ("10.0.0.9", "10.0.0.10")),
        AddressSet("onestack-sg-3", ()))


def test_rules_are_merged_once_and_ordered_ingress_first():
    rules = [stored(1, direction="egress", protocol=None, low=None, high=None),
             stored(1, cidr="0.0.0.0/0"), stored(2, cidr="0.0.0.0/0"),
             stored(2, "udp", 53, 53, "192.168.7.1/16"),
             stored(2, "udp", 53, 53, "192.168.0.0/16")]
    result = resolve([("vm", 1, "a"), ("vm", 2, "b")], rules)["vm"]
    assert result.rules == (Rule("ingress", "tcp", 22, 22, None),
                            Rule("ingress", "udp", 53, 53, ("192.168.0.0/16",)),
                            Rule("egress", None, None, None, None))
    assert result.ingress == result.rules[:2] and result.egress == result.rules[2:]


def test_ipv6_rules_are_left_out():
    rules = [stored(1, source=3), stored(1, cidr="::/0", ethertype="IPv6")]
    assert resolve([("vm", 1, "a")], rules)["vm"].rules == (
        Rule("ingress", "tcp", 22, 22, None, "onestack-sg-3"),)


def test_rules_for_host_state_reads_groups_rules_and_members(database):
    network = networks.create({"label": "net", "cidr": "10.9.0.0/24",
                               "gateway": "10.9.0.1", "bridge": "br100",
                               "project_id": None, "multi_host": False})
    default = group_db.ensure_default("p1", "u1", [
        {"direction": "ingress", "ethertype": "IPv4", "protocol": None,
         "port_range_min": None, "port_range_max": None, "remote_ip_prefix": None,
         "remote_group_id": group_db.SELF}])
    web = group_db.create_group(database, "p1", "u1", "web", "")
    group_db.create_rule(database, web.id, {
        "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp",
        "port_range_min": 80, "port_range_max": 80, "remote_ip_prefix": "0.0.0.0/0",
        "remote_group_id": None})
    held = {vm: networks.allocate(network, vm, "p1").address for vm in ("vm1", "vm2")}
    port = networks.allocate(network, None, "p1")   # a port no instance holds
    group_db.bind(["vm1", "vm2", port.uuid], [default.id])
    group_db.bind(["vm2"], [web.id])
    wanted = instance_rules.rules_for_host_state(["vm1", "vm2", "vm3"])
    members = tuple(sorted((*held.values(), port.address),
                           key=lambda a: tuple(map(int, a.split(".")))))
    name = f"onestack-sg-{default.id}"
    from_default = Rule("ingress", None, None, None, None, name)
    assert wanted.by_instance["vm1"] == InstanceRules("vm1", (default.uuid,),
                                                      (from_default,))
    assert wanted.by_instance["vm2"].rules == (from_default,
                                               Rule("ingress", "tcp", 80, 80, None))
    assert wanted.by_instance["vm3"] == InstanceRules("vm3", ())
    assert wanted.address_sets == (AddressSet(name, members),)
