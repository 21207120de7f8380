"""What makes a network host's wanted state real, by name: the
`network_driver` option picks one.

A driver is given the whole wanted state every time and converges the host
to it, so a crash between two changes heals at the next apply."""
from __future__ import annotations

import abc

from oslo_log import log as logging

from onestack.conf import network as network_conf
from onestack.network.linux.driver import LinuxDriver
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

    def start(self) -> None:
        """Before the first apply: refuse (an exception naming what is
        missing) when the host cannot do what the driver must."""

    def heal(self) -> None:
        """Periodically: mend what dies between applies (dnsmasq)."""

    def stop(self) -> None:
        """The service stops: let go of what the driver holds open (what it
        made on the host stays, and a restarted service adopts it)."""


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


NetworkDriver.register(LinuxDriver)
DRIVERS = {"noop": NoopDriver, "linux": LinuxDriver}


def load(conf, host: str) -> NetworkDriver:
    return DRIVERS[network_conf.driver_name(conf)](conf, host)
