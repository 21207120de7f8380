"""RPC to onestack-network: typed methods, dicts on the wire.

Versions (NetworkManager.target says which one a network service accepts):
    1.0  the first: refresh
"""
from onestack import rpc

TOPIC = "network"
VERSION = "1.0"


def _client(host: str | None = None):
    return rpc.get_client(TOPIC, server=host,
                          version_cap=rpc.version_cap(TOPIC, VERSION))


def refresh(ctx, host: str | None = None) -> None:
    """Have the network hosts (or one) compute their wanted state again
    from the database and converge to it."""
    client = _client(host)
    if host is None:
        client = client.prepare(fanout=True)
    client.cast(ctx, "refresh")
