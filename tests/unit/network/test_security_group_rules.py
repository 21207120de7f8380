"""The compute API's rules checked and normalised as Nova checks them."""
import pytest

from onestack.common import exceptions
from onestack.network import security_groups as sg

ANY = {"direction": "ingress", "remote_group_id": None}


@pytest.mark.parametrize("args, stored", [
    (("tcp", 22, 22, "0.0.0.0/0"), {"ethertype": "IPv4", "protocol": "tcp",
                                    "port_range_min": 22, "port_range_max": 22,
                                    "remote_ip_prefix": "0.0.0.0/0"}),
    (("icmp", -1, -1, None), {"ethertype": "IPv4", "protocol": "icmp",
                              "port_range_min": None, "port_range_max": None,
                              "remote_ip_prefix": "0.0.0.0/0"}),
    (("ICMP", "8", "-1", "10.0.0.0/8"), {"ethertype": "IPv4", "protocol": "icmp",
                                         "port_range_min": 8, "port_range_max": None,
                                         "remote_ip_prefix": "10.0.0.0/8"}),
    (("UDP", " 53 ", 53, "2001:db8::1/64"), {"ethertype": "IPv6", "protocol": "udp",
                                            "port_range_min": 53, "port_range_max": 53,
                                            "remote_ip_prefix": "2001:db8::1/64"}),
    (("tcp", 1, 2, "192.168.1.7%2F24"), {"ethertype": "IPv4", "protocol": "tcp",
                                        "port_range_min": 1, "port_range_max": 2,
                                        "remote_ip_prefix": "192.168.1.7/24"}),
])
def test_cidr_rules_are_stored_as_given_once_unquoted(args, stored):
    assert sg.rule_values(*args) == {**ANY, **stored}


@pytest.mark.parametrize("protocol, ports, stored", [
    (None, (None, None), (None, None, None)),
    ("tcp", (None, None), ("tcp", 1, 65535)),
    ("udp", (100, 200), ("udp", 100, 200)),
    ("icmp", (None, None), ("icmp", None, None)),
])
def test_source_group_rules_open_every_port_unless_told(protocol, ports, stored):
    values = sg.rule_values(protocol, *ports, cidr="ignored", from_group=True)
    assert (values["protocol"], values["port_range_min"], values["port_range_max"]) \
        == stored
    assert values["remote_ip_prefix"] is None and values["ethertype"] == "IPv4"


@pytest.mark.parametrize("args, message", [
    (("tcp", 22, 21), "Invalid port range 22:21. Former value cannot be greater "
                      "than the later"),
    (("tcp", 0, 1), "Valid TCP ports should be between 1-65535"),
    (("udp", 1, 70000), "Valid UDP ports should be between 1-65535"),
    (("icmp", -2, 0), "For ICMP, the type:code must be valid"),
    (("icmp", 8, 256), "For ICMP, the type:code must be valid"),
    (("icmp", -1, 0), "For ICMP, a code needs a type"),
    (("tcp", 1.5, 2), "To and From ports must be integers"),
    (("tcp", True, 2), "To and From ports must be integers"),
    (("icmp", "x", 2), "Type and Code must be integers for ICMP protocol type"),
    (("sctp", 1, 2), "Invalid IP protocol sctp."),
    ((6, 1, 2), "Invalid IP protocol 6."),
    ((["tcp"], 1, 2), "Invalid IP protocol ['tcp']."),
    (("tcp", None, None), "Not enough parameters to build a valid rule."),
    (("tcp", 22, None), "Not enough parameters to build a valid rule."),
    ((None, 22, 22), "Not enough parameters to build a valid rule."),
    ((None, None, None), "Not enough parameters to build a valid rule."),
])
def test_bad_rules_are_refused_with_novas_messages(args, message):
    with pytest.raises(exceptions.BadRequest) as raised:
        sg.rule_values(*args)
    assert message in raised.value.message


def test_a_source_group_rule_takes_ports_only_with_a_protocol():
    for ports in ((22, 22), (22, None)):
        with pytest.raises(exceptions.BadRequest, match="Not enough parameters"):
            sg.rule_values(None, *ports, from_group=True)


@pytest.mark.parametrize("cidr, message", [
    ("10.0.0.1", "Invalid cidr 10.0.0.1."),
    ("10.0.0.0/", "Invalid cidr 10.0.0.0/."),
    ("10.0.0.0/33", "Invalid cidr 10.0.0.0/33."),
    ("10.0.0/8", "Invalid cidr 10.0.0/8."),
    ("garbage/8", "Invalid cidr garbage/8."),
    ("10.0.0.0/+8", "Invalid cidr 10.0.0.0/+8."),
    (["10.0.0.0/8"], "Invalid cidr ['10.0.0.0/8']."),
    ("10.0.0.0/0", "Bad prefix for network in cidr 10.0.0.0/0"),
    ("::1/0", "Bad prefix for network in cidr ::1/0"),
])
def test_bad_cidrs(cidr, message):
    with pytest.raises(exceptions.BadRequest) as raised:
        sg.parse_cidr(cidr)
    assert raised.value.message == message


def test_no_cidr_means_everyone():
    assert sg.parse_cidr(None) == sg.parse_cidr("") == ("0.0.0.0/0", 4)
    assert sg.parse_cidr("::/0") == ("::/0", 6)


@pytest.mark.parametrize("value, good", [
    ("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", True),
    ("0f1e2d3c4b5a49788695a4b3c2d1e0f9", True),
    ("12", True), (12, True), ("default", False), ("12a", False), ("", False)])
def test_group_ids_are_uuids_or_numbers(value, good):
    if good:
        assert sg.checked_id(value) == str(value)
    else:
        with pytest.raises(exceptions.BadRequest, match="should be uuid"):
            sg.checked_id(value)


@pytest.mark.parametrize("value, field, message", [
    ("", "name", "Security group name cannot be empty."),
    (" \t", "name", "Security group name cannot be empty."),
    ("x" * 256, "description", "Security group description should not be greater "
                               "than 255 characters."),
])
def test_bad_names_and_descriptions(value, field, message):
    with pytest.raises(exceptions.BadRequest) as raised:
        sg.checked_property(value, field)
    assert raised.value.message == message


def test_names_keep_their_spaces_and_descriptions_may_be_empty():
    assert sg.checked_property("  web  ", "name") == "  web  "
    assert sg.checked_property("", "description") == ""
