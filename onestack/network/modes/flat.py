"""FlatManager: every project's instances on one bridge, their addresses
injected into the instance: no DHCP server, no VLAN."""
from __future__ import annotations

from onestack.common import exceptions
from onestack.db import networks


class FlatMode:
    name = "FlatManager"
    per_project = False   # projects get networks of their own, from a pool
    dhcp = False

    def __init__(self, conf):
        self.conf = conf

    def networks_for(self, project_id: str) -> list:
        """The networks a server of the project gets when it names none: the
        shared ones and those associated with the project (none: the server
        gets no interface)."""
        return networks.list_(project_id=project_id)

    def bridge_interface(self, network) -> str | None:
        """The host interface enslaved to the network's bridge."""
        return network.bridge_interface

    def new_networks(self, count: int, vlan: int | None) -> list[dict]:
        """Bridges and VLANs of the count networks `network create` makes."""
        if vlan is not None:
            raise exceptions.BadRequest(f"VLANs are for VlanManager; network_manager "
                                        f"is {self.name}.")
        return [{"bridge": self.conf.flat_network_bridge, "vlan": None}] * count
