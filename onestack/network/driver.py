"""What makes a network host's wanted state real, by name: the
`network_driver` option picks one.

A driver is given the whole wanted state every time and converges the host
to it, so a crash between two changes heals at the next apply."""
from __future__ import annotations

import abc

from oslo_log import log as logging

from onestack.network.wanted import WantedState

LOG = logging.getLogger(__name__)


class NetworkDriver(abc.ABC):
    def __init__(self, conf, host: str):
        self.conf = conf
        self.host = host

    @abc.abstractmethod
    def apply(self, state: WantedState) -> None:
        """Make the host what state says: bridges, DHCP, iptables. Applying
        the same state again changes nothing."""


class NoopDriver(NetworkDriver):
    """Touches nothing on the host: it keeps the last state it was given
    (`onestack-manage network show-rules` prints what it would be)."""

    def __init__(self, conf, host: str):
        super().__init__(conf, host)
        self.applied: WantedState | None = None

    def apply(self, state: WantedState) -> None:
        self.applied = state
        LOG.debug("Wanted state of %s: %d bridges, %d ports, %d floating IPs",
                  self.host, len(state.bridges), len(state.ports), len(state.floating))


DRIVERS = {"noop": NoopDriver}


def load(conf, host: str) -> NetworkDriver:
    return DRIVERS[conf.network_driver](conf, host)
