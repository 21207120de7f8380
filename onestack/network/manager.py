"""onestack-network's manager: the RPC methods of the network service.

A network service serves the networks that are not multi-host and that it
took (the first service to see one takes it), and, on a compute host of
multi-host networks, the addresses of that host's instances. Every change
makes it compute its wanted state again from the database and converge.
"""
from __future__ import annotations

# First: onestack.rpc selects oslo.service's threading backend, which must
# happen before anything imports oslo_messaging.
from onestack import rpc  # noqa: F401  # isort: skip

import threading

import oslo_messaging as messaging
from oslo_log import log as logging

from onestack.common import exceptions
from onestack.db import networks
from onestack.network import driver as network_driver
from onestack.network import host_state, modes
from onestack.service import Manager

LOG = logging.getLogger(__name__)
HEAL_INTERVAL = 10  # seconds between checks that each dnsmasq still runs


class NetworkManager(Manager):
    topic = "network"
    target = messaging.Target(version="1.0")  # see network/rpcapi.py

    def __init__(self, conf, host: str):
        super().__init__(conf, host)
        self.mode = modes.current(conf)
        self.driver = network_driver.load(conf, host)
        self._lock = threading.Lock()
        self._pending = threading.Event()

    def init_host(self) -> None:
        """At start the host converges to what the database says, as the
        seed's nova-network reapplies its configuration at boot."""
        self.driver.start()
        self.refresh(None)

    def cleanup_host(self) -> None:
        with self._lock:
            self.driver.stop()

    def periodic_tasks(self):
        return [(HEAL_INTERVAL, self.heal_host)]

    def heal_host(self) -> None:
        """Mend what died since the last change (a dnsmasq)."""
        with self._lock:
            self.driver.heal()

    def refresh(self, ctx) -> None:
        """Compute the wanted state again and converge to it. Refreshes asked
        for while one runs are folded into one more run after it, so a boot
        storm costs a few convergences, not one per boot."""
        self._pending.set()
        while self._pending.is_set():
            if not self._lock.acquire(blocking=False):
                return  # the run in progress sees the pending flag and runs again
            try:
                while self._pending.is_set():
                    self._pending.clear()
                    self.take_networks()
                    self.driver.apply(host_state.compute(self.conf, self.host))
            finally:
                self._lock.release()

    def take_networks(self) -> list:
        """The networks this service serves, taking those nobody serves."""
        served = []
        for network in networks.list_():
            if network.multi_host:
                continue
            if network.host is None:
                try:
                    network = networks.update_network(
                        network.uuid, expected={"host": None}, host=self.host)
                    LOG.info("Network %s (%s) is served by %s now", network.label,
                             network.cidr, self.host)
                except exceptions.Conflict:
                    continue
            if network.host == self.host:
                served.append(network)
        return served
