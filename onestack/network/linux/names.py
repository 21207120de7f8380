"""Checks on every value that reaches netlink or a command line: interface
names, IPv4 addresses and networks, MACs, hostnames. Each returns the value
in the one form we use, or raises ValueError."""
from __future__ import annotations

import ipaddress
import re

_INTERFACE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$")
_MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
_HOSTNAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_CHAIN_OR_SET = re.compile(r"^onestack-[A-Za-z0-9_.-]{1,19}$")


def interface(name: str) -> str:
    """A Linux interface name (at most 15 characters; no '/', no spaces)."""
    if not isinstance(name, str) or not _INTERFACE.match(name) or name in (".", ".."):
        raise ValueError(f"{name!r} is not a valid interface name")
    return name


def address(value: str) -> str:
    """An IPv4 address."""
    try:
        return str(ipaddress.IPv4Address(value))
    except (ipaddress.AddressValueError, TypeError, ValueError):
        raise ValueError(f"{value!r} is not an IPv4 address") from None


def interface_address(value: str) -> tuple[str, int]:
    """An address with its prefix (10.0.0.1/24) -> (address, prefix length)."""
    try:
        parsed = ipaddress.IPv4Interface(value)
    except (ipaddress.AddressValueError, ipaddress.NetmaskValueError, TypeError,
            ValueError):
        raise ValueError(f"{value!r} is not an IPv4 address with a prefix") from None
    if "/" not in str(value):
        raise ValueError(f"{value!r} has no prefix length")
    return str(parsed.ip), parsed.network.prefixlen


def network(value: str) -> str:
    try:
        return str(ipaddress.IPv4Network(value, strict=False))
    except (ipaddress.AddressValueError, ipaddress.NetmaskValueError, TypeError,
            ValueError):
        raise ValueError(f"{value!r} is not an IPv4 network") from None


def mac(value: str) -> str:
    """A unicast MAC address, lower case."""
    lowered = value.lower() if isinstance(value, str) else ""
    if not _MAC.match(lowered) or int(lowered[:2], 16) & 1:
        raise ValueError(f"{value!r} is not a unicast MAC address")
    return lowered


def hostname(value: str) -> str:
    if not isinstance(value, str) or not _HOSTNAME.match(value):
        raise ValueError(f"{value!r} is not a valid host name")
    return value


def chain_or_set(name: str) -> str:
    """One of our iptables chains or ipsets (onestack-..., under 29 characters)."""
    if not isinstance(name, str) or not _CHAIN_OR_SET.match(name):
        raise ValueError(f"{name!r} is not an onestack- chain or set name")
    return name
