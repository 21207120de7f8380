"""The wanted state's iptables rules, as iptables-restore text.

Everything lives in chains named onestack-...; the only rules outside them
are the hooks that jump to them from the built-in chains (hooks()). The
nat table translates 169.254.169.254:80 to the metadata service, floating
IPs to their fixed IPs (and back), and the fixed ranges out of the public
interface (except to dmz_cidr). The filter table gives each interface of an
instance an inbound chain (default deny, its security group rules) and an
outbound one (its address and MAC only: no spoofing; its egress rules).
"""
from __future__ import annotations

from onestack.network.wanted import METADATA_ADDRESS, Port, Rule, WantedState

PREFIX = "onestack-"
# built-in chain -> our chain it jumps to, per table
HOOKS = {
    "nat": (("PREROUTING", "onestack-PREROUTING"), ("OUTPUT", "onestack-OUTPUT"),
            ("POSTROUTING", "onestack-POSTROUTING")),
    "filter": (("INPUT", "onestack-INPUT"), ("FORWARD", "onestack-FORWARD")),
}


def hooks(table: str) -> list[str]:
    """The rules (iptables-save form) that hook our chains into the built-in ones."""
    return [f"-A {builtin} -j {ours}" for builtin, ours in HOOKS[table]]


def _in_chain(port: Port) -> str:
    return f"{PREFIX}in-{port.port_id[:11]}"


def _out_chain(port: Port) -> str:
    return f"{PREFIX}out-{port.port_id[:11]}"


def nat_rules(state: WantedState) -> tuple[list[str], list[str]]:
    """(our chains, their rules) of the nat table."""
    chains = ["onestack-PREROUTING", "onestack-OUTPUT", "onestack-POSTROUTING",
              "onestack-snat", "onestack-float-snat"]
    metadata = f"{state.metadata_host}:{state.metadata_port}"
    rules = [f"-A onestack-PREROUTING -d {METADATA_ADDRESS}/32 -p tcp -m tcp "
             f"--dport 80 -j DNAT --to-destination {metadata}"]
    for nat in sorted(state.floating, key=lambda n: n.floating):
        rules += [f"-A onestack-PREROUTING -d {nat.floating}/32 -j DNAT "
                  f"--to-destination {nat.fixed}",
                  f"-A onestack-OUTPUT -d {nat.floating}/32 -j DNAT "
                  f"--to-destination {nat.fixed}",
                  f"-A onestack-float-snat -s {nat.fixed}/32 -j SNAT "
                  f"--to-source {nat.floating}"]
    for cidr in state.fixed_ranges:
        rules.append(f"-A onestack-POSTROUTING -s {cidr} -d "
                     f"{state.metadata_host}/32 -j ACCEPT")
        rules += [f"-A onestack-POSTROUTING -s {cidr} -d {dmz} -j ACCEPT"
                  for dmz in state.dmz_cidrs]
        rules.append(f"-A onestack-POSTROUTING -s {cidr} -d {cidr} -m conntrack "
                     "! --ctstate DNAT -j ACCEPT")
    rules += ["-A onestack-POSTROUTING -j onestack-snat",
              "-A onestack-snat -j onestack-float-snat"]
    rules += [f"-A onestack-snat -s {cidr} -o {state.public_interface} -j SNAT "
              f"--to-source {state.routing_source_ip}" for cidr in state.fixed_ranges]
    return chains, rules


def filter_rules(state: WantedState) -> tuple[list[str], list[str]]:
    """(our chains, their rules) of the filter table; with filtering off
    (the no-op firewall driver) only the empty hooked chains.

    onestack-FORWARD first sends what comes from an instance's interface
    through its outbound chain (no spoofing; its egress rules), which RETURNs
    what may leave; then drops what goes from one served network to another
    (no project reaches another's network but through a floating IP); then
    sends what goes to an instance's address through its inbound chain (its
    ingress rules), which ACCEPTs or DROPs."""
    chains = ["onestack-INPUT", "onestack-FORWARD"]
    rules: list[str] = []
    if not state.filtering:
        return chains, rules
    ports = sorted(state.ports, key=lambda p: (p.address, p.port_id))
    for port in ports:
        outbound = _out_chain(port)
        rules += [f"-A onestack-INPUT -m physdev --physdev-in {port.device} "
                  f"-j {outbound}",
                  f"-A onestack-FORWARD -m physdev --physdev-in {port.device} "
                  f"-j {outbound}"]
    ranges = sorted(set(state.fixed_ranges))
    rules += [f"-A onestack-FORWARD -s {source} -d {destination} -m conntrack "
              "! --ctstate DNAT -j DROP"
              for source in ranges for destination in ranges if source != destination]
    for port in ports:
        rules.append(f"-A onestack-FORWARD -d {port.address}/32 -j {_in_chain(port)}")
    for bridge in sorted({b.name for b in state.bridges}):
        rules += [f"-A onestack-FORWARD -i {bridge} -j ACCEPT",
                  f"-A onestack-FORWARD -o {bridge} -j ACCEPT"]
    for port in ports:
        chains += [_in_chain(port), _out_chain(port)]
        rules += _inbound(port, _in_chain(port)) + _outbound(port, _out_chain(port))
    return chains, rules


def _inbound(port: Port, chain: str) -> list[str]:
    rules = [f"-A {chain} -m state --state INVALID -j DROP",
             f"-A {chain} -m state --state RELATED,ESTABLISHED -j ACCEPT"]
    if port.gateway:
        rules.append(f"-A {chain} -s {port.gateway}/32 -p udp -m udp --sport 67 "
                     "--dport 68 -j ACCEPT")
    rules += [f"-A {chain}{match} -j ACCEPT"
              for rule in port.rules if rule.direction == "ingress"
              for match in _matches(rule, "-s", "src")]
    return rules + [f"-A {chain} -j DROP"]


def _outbound(port: Port, chain: str) -> list[str]:
    """What may leave an instance's interface RETURNs (its destination's
    inbound chain decides next); the rest is dropped."""
    rules = [f"-A {chain} -p udp -m udp --sport 68 --dport 67 -j RETURN",
             f"-A {chain} -m mac ! --mac-source {port.mac} -j DROP",
             f"-A {chain} ! -s {port.address}/32 -j DROP",
             f"-A {chain} -m state --state INVALID -j DROP",
             f"-A {chain} -m state --state RELATED,ESTABLISHED -j RETURN"]
    rules += [f"-A {chain}{match} -j RETURN"
              for rule in port.rules if rule.direction == "egress"
              for match in _matches(rule, "-d", "dst")]
    return rules + [f"-A {chain} -j DROP"]


def _matches(rule: Rule, peer_flag: str, set_side: str) -> list[str]:
    """The match parts of one rule, one per remote CIDR (one in all for a
    source group's address set), in the order iptables-save prints them."""
    protocol, match = "", ""
    if rule.protocol in ("tcp", "udp"):
        protocol, match = f" -p {rule.protocol}", f" -m {rule.protocol}"
        if rule.port_min is not None:
            ports = str(rule.port_min) if rule.port_max in (None, rule.port_min) \
                else f"{rule.port_min}:{rule.port_max}"
            match += f" --dport {ports}"
    elif rule.protocol == "icmp":
        protocol, match = " -p icmp", " -m icmp"
        if rule.port_min not in (None, -1):
            code = "" if rule.port_max in (None, -1) else f"/{rule.port_max}"
            match += f" --icmp-type {rule.port_min}{code}"
        else:
            match += " --icmp-type any"
    elif rule.protocol is not None:
        protocol = f" -p {rule.protocol}"
    if rule.remote_set is not None:
        return [f"{protocol} -m set --match-set {rule.remote_set} {set_side}{match}"]
    if rule.remote_cidrs is None or "0.0.0.0/0" in rule.remote_cidrs:
        return [protocol + match]
    return [f" {peer_flag} {cidr}{protocol}{match}" for cidr in rule.remote_cidrs]


def serves_anything(state: WantedState) -> bool:
    """A host that serves no network, port or floating IP has no chains of ours."""
    return bool(state.bridges or state.ports or state.floating or state.fixed_ranges)


def _wanted(state: WantedState, table: str) -> tuple[list[str], list[str], list[str]]:
    """(chains, hooks, rules) of a table."""
    if not serves_anything(state):
        return [], [], []
    chains, rules = BUILDERS[table](state)
    return chains, hooks(table), rules


def render(state: WantedState) -> dict[str, str]:
    """table -> iptables-restore input that (re)defines our chains and their
    rules, hooks included; iptables-save shows the same lines."""
    tables = {}
    for table in ("nat", "filter"):
        chains, hook_rules, rules = _wanted(state, table)
        lines = [f"*{table}"] + [f":{chain} - [0:0]" for chain in chains]
        lines += hook_rules + rules + ["COMMIT"]
        tables[table] = "\n".join(lines) + "\n"
    return tables


BUILDERS = {"nat": nat_rules, "filter": filter_rules}


def ours(saved: str) -> tuple[set[str], list[str]]:
    """(our chains, the hook rules present, each as often as it is there) in
    one table's iptables-save output."""
    chains = {line[1:].split()[0] for line in saved.splitlines()
              if line.startswith(":" + PREFIX)}
    present = [line for line in saved.splitlines()
               if line.startswith("-A ") and len(line.split()) == 4
               and line.split()[1] in BUILTINS and line.split()[2] == "-j"
               and line.split()[3].startswith(PREFIX)]
    return chains, present


BUILTINS = {"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"}


def restore_input(state: WantedState, table: str, saved: str) -> str:
    """iptables-restore --noflush input that turns a table, as saved shows
    it, into the wanted one: our chains declared (so emptied) and refilled,
    the hooks that are missing inserted first in their built-in chains, and
    our chains that are no longer wanted emptied and deleted (their hooks
    too, when the host serves nothing). Nothing else in the table is touched."""
    chains, hook_rules, rules = _wanted(state, table)
    present_chains, present_hooks = ours(saved)
    stale = sorted(present_chains - set(chains))
    lines = [f"*{table}"] + [f":{chain} - [0:0]" for chain in chains + stale]
    lines += [hook.replace("-A ", "-I ", 1).replace(" -j ", " 1 -j ", 1)
              for hook in hook_rules if hook not in present_hooks]
    # every copy of a hook no longer wanted goes, or its chain cannot be deleted
    lines += [hook.replace("-A ", "-D ", 1) for hook in present_hooks
              if hook not in hook_rules]
    lines += rules + [f"-X {chain}" for chain in stale] + ["COMMIT"]
    return "\n".join(lines) + "\n"


def as_saved(state: WantedState, table: str) -> str:
    """Our chains and hooks in a table once restore_input(state) is applied,
    as iptables-save would show them (enough for the next restore_input)."""
    chains, hook_rules, _rules = _wanted(state, table)
    return "".join(f":{chain} - [0:0]\n" for chain in chains) + \
        "".join(hook + "\n" for hook in hook_rules)


def ours_in_save(saved: str) -> dict[str, list[str]]:
    """chain -> its rules, for our chains and the hooks, from iptables-save
    output (or render()'s): what show-rules and the live host must agree on."""
    found: dict[str, list[str]] = {}
    for line in saved.splitlines():
        if line.startswith(":" + PREFIX):
            found.setdefault(line[1:].split()[0], [])
        elif line.startswith("-A "):
            chain = line.split()[1]
            if chain.startswith(PREFIX) or (chain in BUILTINS and
                                            line.split()[-1].startswith(PREFIX)):
                found.setdefault(chain, []).append(line)
    return found
