"""Keyset pagination: walking pages forwards and backwards through rows with
ties finds every row once, in order; a NULL in the marker does not stop it."""
import sqlalchemy as sa

from onestack.db import keyset

metadata = sa.MetaData()
rows = sa.Table("rows", metadata, sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("size", sa.Integer))


def engine_with(sizes):
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(rows.insert(), [{"id": i, "size": size}
                                           for i, size in enumerate(sizes)])
    return engine


def walk(engine, keys, limit, reverse=False):
    seen, marker = [], None
    with engine.connect() as connection:
        while True:
            query = sa.select(rows.c.size, rows.c.id).order_by(
                *keyset.order(keys, reverse))
            if marker is not None:
                query = query.where(keyset.after(keys, marker, reverse))
            page = connection.execute(query.limit(limit)).all()
            seen += [row.id for row in page]
            if len(page) < limit:
                return seen
            marker = tuple(page[-1])


def test_pages_forwards_and_backwards_meet_every_row_once():
    engine = engine_with([3, 1, 3, 2, 1, 5])
    for direction in ("asc", "desc"):
        keys = [(rows.c.size, direction), (rows.c.id, direction)]
        with engine.connect() as connection:
            everything = [row.id for row in connection.execute(
                sa.select(rows.c.id).order_by(*keyset.order(keys)))]
        assert sorted(everything) == list(range(6))
        assert walk(engine, keys, 2) == everything
        assert walk(engine, keys, 4, reverse=True) == everything[::-1]


def test_a_null_marker_value_compares_by_the_keys_before_it():
    engine = engine_with([1, 2])
    keys = [(rows.c.id, "asc"), (rows.c.size, "asc")]
    with engine.connect() as connection:
        found = connection.execute(sa.select(rows.c.id).where(
            keyset.after(keys, (0, None)))).scalars().all()
    assert found == [1]
