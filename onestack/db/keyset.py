"""Keyset pagination for every repository: the rows after a marker row in a
sort order, found by comparing sort keys rather than counting an offset, so
a page stays right while rows come and go before it.

    keys = [(Instance.created_at, "desc"), (Instance.id, "desc")]
    query.where(keyset.after(keys, marker_values)).order_by(*keyset.order(keys))

The last key must be unique (an id) so that no two rows tie.
"""
from __future__ import annotations

from sqlalchemy import and_, or_


def order(keys, reverse: bool = False) -> list:
    """ORDER BY terms for keys ((column, "asc" | "desc") pairs)."""
    return [column.desc() if (direction == "desc") != reverse else column.asc()
            for column, direction in keys]


def after(keys, values, reverse: bool = False):
    """Rows beyond the marker row, whose key values are `values`, in the order
    of keys (before it with reverse). A key the marker has no value (NULL) for
    is compared by the keys before it only."""
    alternatives = []
    for index, ((column, direction), value) in enumerate(zip(keys, values)):
        if value is None:
            continue
        equal = [keys[i][0] == values[i] for i in range(index)]
        beyond = column < value if (direction == "desc") != reverse else column > value
        alternatives.append(and_(*equal, beyond))
    return or_(*alternatives)
