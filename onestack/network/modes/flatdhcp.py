"""FlatDHCPManager: one bridge with flat_interface enslaved to it, and dnsmasq
handing out the fixed addresses by DHCP."""
from __future__ import annotations

from onestack.network.modes.flat import FlatMode


class FlatDHCPMode(FlatMode):
    name = "FlatDHCPManager"
    dhcp = True

    def bridge_interface(self, network) -> str | None:
        return network.bridge_interface or self.conf.flat_interface
