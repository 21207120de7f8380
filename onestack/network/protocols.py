"""The IP protocols a security group rule may name, as Neutron takes them
(a name, or a number from 0 to 255), and which of them have ports."""
from __future__ import annotations

NUMBERS = {
    "ah": 51, "dccp": 33, "egp": 8, "esp": 50, "gre": 47, "hopopt": 0, "icmp": 1,
    "icmpv6": 58, "igmp": 2, "ip": 0, "ipip": 4, "ipv6-encap": 41, "ipv6-frag": 44,
    "ipv6-icmp": 58, "ipv6-nonxt": 59, "ipv6-opts": 60, "ipv6-route": 43,
    "ospf": 89, "pgm": 113, "rsvp": 46, "sctp": 132, "tcp": 6, "udp": 17,
    "udplite": 136, "vrrp": 112,
}
# protocols whose rules may have a port range (for ICMP: a type and a code);
# the hosts filter ports of these only
WITH_PORTS = {"tcp": "ports", "udp": "ports", "6": "ports", "17": "ports",
              "icmp": "icmp", "1": "icmp", "icmpv6": "icmp", "ipv6-icmp": "icmp",
              "58": "icmp"}
ICMPV6 = ("icmpv6", "ipv6-icmp", "58")
ANY = ("any",)


def supported() -> str:
    return str([*ANY, *sorted(NUMBERS)])


def normalized(value) -> str | None:
    """The stored form of a protocol: None for any, a known name in lower
    case, or a number 0-255 as text; ValueError for anything else."""
    if value is None or (isinstance(value, str) and value.lower() in ANY):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        number = int(value)
        if 0 <= number <= 255:
            return str(number)
        raise ValueError(value)
    if isinstance(value, str) and value.lower() in NUMBERS:
        return value.lower()
    raise ValueError(value)
