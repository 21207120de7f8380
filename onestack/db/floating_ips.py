"""Repository of floating IPs: the public addresses of pools, allocated to
projects and associated with fixed IPs."""
from __future__ import annotations

import collections

from sqlalchemy import select

from onestack.db import models
from onestack.db.engine import reader

FL = models.FloatingIp


def by_fixed_ip(fixed_ip_ids) -> dict[int, list[str]]:
    """fixed IP id -> the floating addresses associated with it (None: of
    every fixed IP)."""
    query = select(FL.fixed_ip_id, FL.address).where(FL.fixed_ip_id.is_not(None))
    if fixed_ip_ids is not None:
        ids = list(fixed_ip_ids)
        if not ids:
            return {}
        query = query.where(FL.fixed_ip_id.in_(ids))
    result = collections.defaultdict(list)
    with reader() as session:
        for fixed_ip_id, address in session.execute(query.order_by(FL.id)):
            result[fixed_ip_id].append(address)
    return result
