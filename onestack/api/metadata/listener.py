"""The metadata service's ear for changes made in other processes: a fanout
listener on topic `metadata` (compute/instance_changes.py casts to it).
`onestack all`, `onestack-api` and `onestack-api-metadata` start one beside
the metadata API and stop it with it."""
from __future__ import annotations

import uuid

from onestack import rpc
from onestack.compute import instance_changes


class Listener:
    def __init__(self, conf):
        # a server name of its own: each metadata process gets every fanout
        self._server = rpc.get_server(instance_changes.TOPIC,
                                      f"{conf.host}.{uuid.uuid4().hex[:12]}",
                                      [instance_changes.Endpoint()])

    def start(self) -> None:
        self._server.start()

    def stop(self) -> None:
        self._server.stop()
        self._server.wait()
