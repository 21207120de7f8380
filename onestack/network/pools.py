"""Floating IP pools as the networking API shows them: each pool is an
external network (router:external) with one subnet holding its addresses.
Their ids are derived from the pool's name, so they stay the same for as
long as the pool exists without being stored; a pool whose name is a UUID
is the external network of that id: the networking API names the pools it
makes (an external network's subnet) by their network's id, and the
network keeps its name and description in its draft row."""
from __future__ import annotations

import dataclasses
import ipaddress
import uuid

from onestack.common import exceptions
from onestack.db import floating_ips, network_drafts

NAMESPACE = uuid.UUID("5b0e2a64-3f1d-4b8e-9a52-6c1f0e8d7a31")


@dataclasses.dataclass(frozen=True)
class ExternalNetwork:
    id: str
    name: str          # the pool
    subnet_id: str
    cidr: str          # the smallest CIDR holding every address of the pool
    ranges: tuple      # (first, last) runs of consecutive addresses
    draft: object = None   # models.NetworkDraft: one made through the API


def network_id(pool: str) -> str:
    if _is_uuid(pool):
        return pool
    return str(uuid.uuid5(NAMESPACE, f"floating-pool:{pool}"))


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def subnet_id(pool: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"floating-pool-subnet:{pool}"))


def external_networks() -> list[ExternalNetwork]:
    """One for each pool, by pool name."""
    addresses: dict[str, list[ipaddress.IPv4Address]] = {}
    for held in floating_ips.list_all():
        addresses.setdefault(held.row.pool, []).append(
            ipaddress.IPv4Address(held.row.address))
    drafts = {draft.uuid: draft for draft in network_drafts.list_() if draft.external}
    return [_external(pool, sorted(found), drafts.get(pool))
            for pool, found in sorted(addresses.items())]


def _external(pool: str, addresses: list, draft=None) -> ExternalNetwork:
    cidr = ipaddress.IPv4Network(f"{addresses[0]}/32")
    while addresses[-1] not in cidr:
        cidr = cidr.supernet()
    ranges, start = [], addresses[0]
    for previous, current in zip(addresses, addresses[1:]):
        if int(current) != int(previous) + 1:
            ranges.append((str(start), str(previous)))
            start = current
    ranges.append((str(start), str(addresses[-1])))
    return ExternalNetwork(network_id(pool), pool, subnet_id(pool), str(cidr),
                           tuple(ranges), draft)


def get_external(network_id_: str) -> ExternalNetwork:
    """The external network of this id; NotFound if no pool has it."""
    for network in external_networks():
        if network.id == network_id_:
            return network
    raise exceptions.NotFound(f"Network {network_id_} could not be found.")
