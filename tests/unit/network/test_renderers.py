"""The renderers of the wanted host state: iptables-restore text and dnsmasq
files from plain values, with the seed's lines where it shows them."""
from onestack.network.linux import dnsmasq, ipset, iptables
from onestack.network.wanted import (AddressSet, DhcpHost, DhcpNetwork, FloatingNat,
                                     Port, Rule, WantedState)

SEED_RULES = (Rule("ingress", "icmp", -1, -1, ("0.0.0.0/0",)),
              Rule("ingress", "tcp", 22, 22, ("0.0.0.0/0",)),
              Rule("egress", None))
PORT = Port(port_id="5c2ab1d0-3e7f-4c2b-9d6e-0a1b2c3d4e5f",
            instance_uuid="i-1", address="10.0.0.3", mac="fa:16:3e:12:34:56",
            bridge="br100", gateway="10.0.0.1", rules=SEED_RULES)
STATE = WantedState(host="net1", ports=(PORT,),
                    floating=(FloatingNat("68.99.26.170", "10.0.0.3", "eth0"),),
                    fixed_ranges=("10.0.0.0/24",), public_interface="eth0",
                    routing_source_ip="192.0.2.10", dmz_cidrs=("192.0.2.0/24",),
                    metadata_host="192.0.2.10", metadata_port=8775)


def test_the_seeds_nat_lines_for_a_floating_ip():
    nat = iptables.render(STATE)["nat"].splitlines()
    assert "-A onestack-PREROUTING -d 68.99.26.170/32 -j DNAT --to-destination " \
           "10.0.0.3" in nat
    assert "-A onestack-float-snat -s 10.0.0.3/32 -j SNAT --to-source 68.99.26.170" \
        in nat


def test_metadata_snat_and_dmz():
    nat = iptables.render(STATE)["nat"].splitlines()
    assert nat[0] == "*nat" and nat[-1] == "COMMIT"
    assert "-A PREROUTING -j onestack-PREROUTING" in nat
    assert "-A onestack-PREROUTING -d 169.254.169.254/32 -p tcp -m tcp --dport 80 " \
           "-j DNAT --to-destination 192.0.2.10:8775" in nat
    assert "-A onestack-snat -s 10.0.0.0/24 -o eth0 -j SNAT --to-source 192.0.2.10" \
        in nat
    exempt = nat.index("-A onestack-POSTROUTING -s 10.0.0.0/24 -d 192.0.2.0/24 -j ACCEPT")
    assert exempt < nat.index("-A onestack-POSTROUTING -j onestack-snat")
    # floating IPs are translated before the fixed range's SNAT applies
    assert nat.index("-A onestack-snat -j onestack-float-snat") < \
        nat.index("-A onestack-snat -s 10.0.0.0/24 -o eth0 -j SNAT --to-source "
                  "192.0.2.10")


def test_an_instance_gets_its_group_rules_and_nothing_else_in():
    lines = iptables.render(STATE)["filter"].splitlines()
    chain = "onestack-in-5c2ab1d0-3e"
    mine = [line for line in lines if line.startswith(f"-A {chain} ")]
    assert mine == [
        f"-A {chain} -m state --state INVALID -j DROP",
        f"-A {chain} -m state --state RELATED,ESTABLISHED -j ACCEPT",
        f"-A {chain} -s 10.0.0.1/32 -p udp -m udp --sport 67 --dport 68 -j ACCEPT",
        f"-A {chain} -p icmp -m icmp --icmp-type any -j ACCEPT",
        f"-A {chain} -p tcp -m tcp --dport 22 -j ACCEPT",
        f"-A {chain} -j DROP"]
    assert f"-A onestack-FORWARD -d 10.0.0.3/32 -j {chain}" in lines


def test_an_instance_cannot_spoof_its_address_or_mac():
    lines = iptables.render(STATE)["filter"].splitlines()
    chain = "onestack-out-5c2ab1d0-3e"
    assert f"-A {chain} -m mac ! --mac-source fa:16:3e:12:34:56 -j DROP" in lines
    assert f"-A {chain} ! -s 10.0.0.3/32 -j DROP" in lines
    assert "-A onestack-FORWARD -m physdev --physdev-in tap5c2ab1d0-3e " \
           f"-j {chain}" in lines
    # what may leave returns (the destination's inbound chain decides), the rest drops
    assert lines.index(f"-A {chain} -j RETURN") == lines.index(f"-A {chain} -j DROP") - 1


def test_source_groups_cidrs_and_port_ranges():
    rules = (Rule("ingress", "tcp", 1000, 2000, ("10.0.0.4/32", "10.0.0.5/32")),
             Rule("ingress", "udp", 53, 53, None, "onestack-sg-7"),
             Rule("ingress", "icmp", 8, -1, None),
             Rule("egress", "tcp", 443, 443, None, "onestack-sg-7"))
    port = Port("p2", "i-2", "10.0.0.6", "fa:16:3e:00:00:06", "br100", None, rules)
    state = WantedState(host="h", ports=(port,), address_sets=(
        AddressSet("onestack-sg-7", ("10.0.0.6", "10.0.0.9")),
        AddressSet("onestack-sg-8", ())))
    lines = iptables.render(state)["filter"].splitlines()
    assert "-A onestack-in-p2 -s 10.0.0.4/32 -p tcp -m tcp --dport 1000:2000 " \
           "-j ACCEPT" in lines
    assert "-A onestack-in-p2 -s 10.0.0.5/32 -p tcp -m tcp --dport 1000:2000 " \
           "-j ACCEPT" in lines
    assert "-A onestack-in-p2 -p udp -m set --match-set onestack-sg-7 src -m udp " \
           "--dport 53 -j ACCEPT" in lines
    assert "-A onestack-out-p2 -p tcp -m set --match-set onestack-sg-7 dst -m tcp " \
           "--dport 443 -j RETURN" in lines
    assert "-A onestack-in-p2 -p icmp -m icmp --icmp-type 8 -j ACCEPT" in lines
    assert ipset.render(state) == (
        "create onestack-sg-7 hash:ip family inet -exist\nflush onestack-sg-7\n"
        "add onestack-sg-7 10.0.0.6\nadd onestack-sg-7 10.0.0.9\n"
        "create onestack-sg-8 hash:ip family inet -exist\nflush onestack-sg-8\n")


def test_the_noop_firewall_filters_nothing():
    state = WantedState(host="h", ports=(PORT,), filtering=False)
    assert iptables.render(state)["filter"].splitlines() == [
        "*filter", ":onestack-INPUT - [0:0]", ":onestack-FORWARD - [0:0]",
        "-A INPUT -j onestack-INPUT", "-A FORWARD -j onestack-FORWARD", "COMMIT"]


def test_every_chain_is_ours_and_short_enough():
    for text in iptables.render(STATE).values():
        for line in text.splitlines():
            if line.startswith(":"):
                name = line[1:].split()[0]
                assert name.startswith("onestack-") and len(name) <= 28


def test_dnsmasq_serves_static_leases_from_its_hosts_file():
    network = DhcpNetwork(network_uuid="0d1e2f3a-aaaa", label="private", bridge="br100",
                          cidr="10.0.0.0/24", gateway="10.0.0.1",
                          hosts=(DhcpHost("fa:16:3e:00:00:04", "10.0.0.4", "vm2"),
                                 DhcpHost("fa:16:3e:00:00:03", "10.0.0.3", "vm1")),
                          dns_servers=("8.8.8.8",), config_file="/etc/dnsmasq.conf")
    assert dnsmasq.hosts_file((network,)) == (
        "fa:16:3e:00:00:03,vm1.novalocal,10.0.0.3\n"
        "fa:16:3e:00:00:04,vm2.novalocal,10.0.0.4\n")
    args = dnsmasq.command((network,), "/run/onestack/net1")
    assert "--dhcp-range=set:0d1e2f3a,10.0.0.0,static,255.255.255.0,86400s" in args
    assert "--interface=br100" in args and "--listen-address=10.0.0.1" in args
    assert args[-2:] == ["--no-resolv", "--server=8.8.8.8"]
    assert "--conf-file=/etc/dnsmasq.conf" in args
    assert dnsmasq.options_file((network,)) == "tag:0d1e2f3a,option:router,10.0.0.1\n"


def test_one_dnsmasq_serves_every_network_of_a_bridge():
    """FlatDHCPManager puts every network on flat_network_bridge."""
    first = DhcpNetwork(network_uuid="0d1e2f3a-aaaa", label="private", bridge="br100",
                        cidr="10.0.0.0/24", gateway="10.0.0.1",
                        hosts=(DhcpHost("fa:16:3e:00:00:03", "10.0.0.3", "vm1"),))
    second = DhcpNetwork(network_uuid="5e6f7a8b-bbbb", label="tempest", bridge="br100",
                         cidr="10.100.0.32/28", gateway="10.100.0.33",
                         hosts=(DhcpHost("fa:16:3e:00:00:09", "10.100.0.35", "vm9"),))
    other = DhcpNetwork(network_uuid="9c0d1e2f-cccc", label="other", bridge="br101",
                        cidr="10.1.0.0/24", gateway="10.1.0.1")
    grouped = dnsmasq.by_bridge((second, other, first))
    assert grouped == {"br100": (first, second), "br101": (other,)}
    args = dnsmasq.command(grouped["br100"], "/run/x")
    assert [arg for arg in args if arg.startswith(("--listen-address", "--dhcp-range",
                                                   "--dhcp-lease-max"))] == [
        "--listen-address=10.0.0.1", "--listen-address=10.100.0.33",
        "--dhcp-range=set:0d1e2f3a,10.0.0.0,static,255.255.255.0,86400s",
        "--dhcp-range=set:5e6f7a8b,10.100.0.32,static,255.255.255.240,86400s",
        "--dhcp-lease-max=272"]
    assert dnsmasq.options_file(grouped["br100"]) == (
        "tag:0d1e2f3a,option:router,10.0.0.1\ntag:5e6f7a8b,option:router,10.100.0.33\n")
    assert dnsmasq.hosts_file(grouped["br100"]) == (
        "fa:16:3e:00:00:03,vm1.novalocal,10.0.0.3\n"
        "fa:16:3e:00:00:09,vm9.novalocal,10.100.0.35\n")


def test_forward_checks_the_sender_then_isolates_networks_then_the_receiver():
    other = Port(port_id="11111111-2222", instance_uuid="i-2", address="10.1.0.3",
                 mac="fa:16:3e:00:00:07", bridge="br101", gateway="10.1.0.1")
    state = WantedState(host="h", ports=(PORT, other),
                        fixed_ranges=("10.0.0.0/24", "10.1.0.0/24"))
    lines = [line for line in iptables.render(state)["filter"].splitlines()
             if line.startswith("-A onestack-FORWARD ")]
    assert lines == [
        "-A onestack-FORWARD -m physdev --physdev-in tap5c2ab1d0-3e "
        "-j onestack-out-5c2ab1d0-3e",
        "-A onestack-FORWARD -m physdev --physdev-in tap11111111-22 "
        "-j onestack-out-11111111-22",
        "-A onestack-FORWARD -s 10.0.0.0/24 -d 10.1.0.0/24 -m conntrack ! --ctstate "
        "DNAT -j DROP",
        "-A onestack-FORWARD -s 10.1.0.0/24 -d 10.0.0.0/24 -m conntrack ! --ctstate "
        "DNAT -j DROP",
        "-A onestack-FORWARD -d 10.0.0.3/32 -j onestack-in-5c2ab1d0-3e",
        "-A onestack-FORWARD -d 10.1.0.3/32 -j onestack-in-11111111-22"]


def test_restore_input_hooks_once_and_deletes_our_stale_chains():
    saved = ("*filter\n:FORWARD ACCEPT [0:0]\n:onestack-FORWARD - [0:0]\n"
             ":onestack-INPUT - [0:0]\n:onestack-in-gone - [0:0]\n:DOCKER - [0:0]\n"
             "-A FORWARD -j onestack-FORWARD\n-A FORWARD -j DOCKER\nCOMMIT\n")
    serving = WantedState(host="h", fixed_ranges=("10.0.0.0/24",))
    text = iptables.restore_input(serving, "filter", saved).splitlines()
    assert "-I INPUT 1 -j onestack-INPUT" in text
    assert not [line for line in text if "FORWARD 1 -j" in line]
    assert ":onestack-in-gone - [0:0]" in text and text[-2] == "-X onestack-in-gone"
    assert not [line for line in text if "DOCKER" in line]


def test_a_host_that_serves_nothing_keeps_no_chain_of_ours():
    idle = WantedState(host="h")
    assert iptables.render(idle) == {"nat": "*nat\nCOMMIT\n",
                                     "filter": "*filter\nCOMMIT\n"}
    saved = ("*filter\n:INPUT ACCEPT [0:0]\n:onestack-INPUT - [0:0]\n"
             "-A INPUT -j onestack-INPUT\nCOMMIT\n")
    assert iptables.restore_input(idle, "filter", saved).splitlines() == [
        "*filter", ":onestack-INPUT - [0:0]", "-D INPUT -j onestack-INPUT",
        "-X onestack-INPUT", "COMMIT"]


def test_every_copy_of_a_stale_hook_goes_before_its_chain():
    saved = ("*filter\n:INPUT ACCEPT [0:0]\n:onestack-INPUT - [0:0]\n"
             "-A INPUT -j onestack-INPUT\n-A INPUT -s 10.0.0.0/8 -j onestack-INPUT\n"
             "-A INPUT -j onestack-INPUT\nCOMMIT\n")
    text = iptables.restore_input(WantedState(host="h"), "filter", saved).splitlines()
    assert text.count("-D INPUT -j onestack-INPUT") == 2
    assert text.index("-D INPUT -j onestack-INPUT") < text.index("-X onestack-INPUT")


def test_dnsmasq_hands_out_host_routes_with_the_default_route_and_no_router_without_gateway():
    routed = DhcpNetwork(network_uuid="0d1e2f3a-bbbb", label="private", bridge="br101",
                         cidr="10.0.1.0/24", gateway="10.0.1.1",
                         routes=(("10.20.0.0/24", "10.0.1.5"),))
    assert dnsmasq.options_file((routed,)) == (
        "tag:0d1e2f3a,option:router,10.0.1.1\n"
        "tag:0d1e2f3a,option:classless-static-route,10.20.0.0/24,10.0.1.5,0.0.0.0/0,"
        "10.0.1.1\n"
        "tag:0d1e2f3a,249,10.20.0.0/24,10.0.1.5,0.0.0.0/0,10.0.1.1\n")
    # no gateway: dnsmasq listens on the host's own address and sends no router
    gatewayless = DhcpNetwork(network_uuid="0d1e2f3a-cccc", label="private",
                              bridge="br102", cidr="10.0.2.0/24", gateway="10.0.2.200",
                              router=None)
    assert dnsmasq.options_file((gatewayless,)) == "tag:0d1e2f3a,option:router\n"
    assert "--listen-address=10.0.2.200" in dnsmasq.command((gatewayless,), "/run/x")
