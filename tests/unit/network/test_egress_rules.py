"""Egress rules from the stored rules to the iptables text: a port's
outbound chain lets out what its groups' egress rules allow and drops the
rest, as its inbound chain does for ingress; groups start with Neutron's
rules."""
from onestack.db import security_groups as group_db
from onestack.network import instance_rules
from onestack.network import security_groups as security_group_api
from onestack.network.instance_rules import StoredRule, resolve
from onestack.network.linux import iptables
from onestack.network.wanted import Port, Rule, WantedState

OUT = "onestack-out-p1"


def _outbound(*rules: Rule) -> list[str]:
    port = Port("p1", "i-1", "10.0.0.3", "fa:16:3e:00:00:03", "br100", "10.0.0.1",
                rules)
    lines = iptables.render(WantedState(host="h", ports=(port,)))["filter"]
    return [line for line in lines.splitlines() if line.startswith(f"-A {OUT} ")]


def _stored(direction="egress", protocol=None, low=None, high=None, cidr=None,
            source=None, ethertype="IPv4", group=1):
    return StoredRule(group, direction, ethertype, protocol, low, high, cidr, source)


GUARDS = [f"-A {OUT} -p udp -m udp --sport 68 --dport 67 -j RETURN",
          f"-A {OUT} -m mac ! --mac-source fa:16:3e:00:00:03 -j DROP",
          f"-A {OUT} ! -s 10.0.0.3/32 -j DROP",
          f"-A {OUT} -m state --state INVALID -j DROP",
          f"-A {OUT} -m state --state RELATED,ESTABLISHED -j RETURN"]


def test_without_an_egress_rule_nothing_new_goes_out():
    assert _outbound(Rule("ingress", "tcp", 22, 22)) == GUARDS + [f"-A {OUT} -j DROP"]


def test_an_open_egress_rule_lets_everything_out_after_the_spoofing_guards():
    assert _outbound(Rule("egress", None)) == GUARDS + [f"-A {OUT} -j RETURN",
                                                         f"-A {OUT} -j DROP"]


def test_egress_rules_match_the_destination():
    lines = _outbound(Rule("egress", "tcp", 80, 443, ("192.0.2.0/24",)),
                      Rule("egress", "udp", 53, 53, ("10.0.0.2/32", "10.0.0.3/32")),
                      Rule("egress", "icmp", 8, 0, None),
                      Rule("egress", "icmp", None, None, ("0.0.0.0/0",)),
                      Rule("egress", "gre", None, None, None),
                      Rule("egress", "tcp", 5432, 5432, None, "onestack-sg-4"))
    assert lines[len(GUARDS):] == [
        f"-A {OUT} -d 192.0.2.0/24 -p tcp -m tcp --dport 80:443 -j RETURN",
        f"-A {OUT} -d 10.0.0.2/32 -p udp -m udp --dport 53 -j RETURN",
        f"-A {OUT} -d 10.0.0.3/32 -p udp -m udp --dport 53 -j RETURN",
        f"-A {OUT} -p icmp -m icmp --icmp-type 8/0 -j RETURN",
        f"-A {OUT} -p icmp -m icmp --icmp-type any -j RETURN",
        f"-A {OUT} -p gre -j RETURN",
        f"-A {OUT} -p tcp -m set --match-set onestack-sg-4 dst -m tcp --dport 5432 "
        "-j RETURN",
        f"-A {OUT} -j DROP"]


def test_egress_rules_never_reach_the_inbound_chain():
    port = Port("p1", "i-1", "10.0.0.3", "fa:16:3e:00:00:03", "br100", None,
                (Rule("egress", "tcp", 25, 25, ("198.51.100.0/24",)),))
    text = iptables.render(WantedState(host="h", ports=(port,)))["filter"]
    assert "-A onestack-in-p1 -d" not in text and "--dport 25" in text
    assert [line for line in text.splitlines()
            if line.startswith("-A onestack-in-p1 ") and "ACCEPT" in line] == [
        "-A onestack-in-p1 -m state --state RELATED,ESTABLISHED -j ACCEPT"]


def test_resolve_keeps_egress_names_protocol_numbers_and_drops_ipv6():
    rules = [_stored(), _stored(ethertype="IPv6"), _stored(protocol="6", low=22,
                                                           high=22, cidr="10.1.0.0/16"),
             _stored(protocol="17", low=53, high=53), _stored(protocol="1"),
             _stored(protocol="tcp -j ACCEPT"), _stored(protocol="gre"),
             _stored(protocol="ipv6-encap")]
    result = resolve([("vm", 1, "g")], rules)["vm"]
    assert result.ingress == ()
    assert result.egress == (Rule("egress", None), Rule("egress", "41"),
                             Rule("egress", "47"), Rule("egress", "icmp"),
                             Rule("egress", "tcp", 22, 22, ("10.1.0.0/16",)),
                             Rule("egress", "udp", 53, 53))
    lines = _outbound(*result.rules)
    assert f"-A {OUT} -d 10.1.0.0/16 -p tcp -m tcp --dport 22 -j RETURN" in lines


def test_groups_start_with_neutrons_rules(database):
    default = group_db.ensure_default("p1", "u1", security_group_api.default_rules())
    web = group_db.create_group(database, "p1", "u1", "web", "",
                                security_group_api.new_group_rules())
    rows = group_db.rules_of([default.id, web.id])
    shapes = {group: sorted((r.direction, r.ethertype, r.remote_group_id)
                            for r in rows[group]) for group in rows}
    assert shapes[default.id] == [("egress", "IPv4", None), ("egress", "IPv6", None),
                                  ("ingress", "IPv4", default.id),
                                  ("ingress", "IPv6", default.id)]
    assert shapes[web.id] == [("egress", "IPv4", None), ("egress", "IPv6", None)]
    assert not any(group_db.counted(rule) for rule in rows[web.id])
    # what the host state gets of them: out to anywhere, in from the group
    resolved = resolve([("vm", default.id, default.uuid)],
                       [StoredRule.of(row) for row in rows[default.id]])["vm"]
    assert resolved.rules == (
        Rule("ingress", None, None, None, None, instance_rules.set_name(default.id)),
        Rule("egress", None))


def test_migration_0012_gives_older_groups_their_egress_rules(conf):
    from sqlalchemy import text

    from onestack.db import engine, migration
    engine.configure(conf)
    migration.sync("0009")
    with engine.get_engine().begin() as connection:
        connection.execute(text(
            "INSERT INTO security_groups (id, uuid, name, description, project_id, "
            "created_at) VALUES (1, 'g-default', 'default', '', 'p1', "
            "CURRENT_TIMESTAMP), (2, 'g-web', 'web', '', 'p1', CURRENT_TIMESTAMP), "
            "(3, 'g-out', 'out', '', 'p1', CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO security_group_rules (uuid, group_id, direction, ethertype, "
            "remote_group_id, description, project_id, created_at) VALUES "
            "('r1', 1, 'ingress', 'IPv4', 1, '', 'p1', CURRENT_TIMESTAMP), "
            "('r2', 3, 'egress', 'IPv4', NULL, '', 'p1', CURRENT_TIMESTAMP)"))
    migration.sync()
    rows = group_db.rules_of([1, 2, 3])
    shapes = {group: sorted((r.direction, r.ethertype, r.remote_group_id)
                            for r in rules) for group, rules in rows.items()}
    assert shapes == {
        1: [("egress", "IPv4", None), ("egress", "IPv6", None),
            ("ingress", "IPv4", 1), ("ingress", "IPv6", 1)],
        2: [("egress", "IPv4", None), ("egress", "IPv6", None)],
        3: [("egress", "IPv4", None)]}     # it chose its egress rules already
    assert all(len(r.uuid) == 36 for r in rows[2])
