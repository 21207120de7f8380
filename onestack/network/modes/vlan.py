"""VlanManager: each project its own network, VLAN and bridge, given from the
pool of networks `network create` made when the project first boots; dnsmasq
on each bridge."""
from __future__ import annotations

from onestack.common import exceptions
from onestack.db import networks
from onestack.network.modes.flat import FlatMode


class VlanMode(FlatMode):
    name = "VlanManager"
    per_project = True   # projects get networks of their own, from a pool
    dhcp = True

    def networks_for(self, project_id: str) -> list:
        own = networks.list_(project_id=project_id, shared_too=False)
        if own:
            return own
        given = networks.associate_free_network(project_id)
        if given is None:
            raise exceptions.OnestackError(
                f"No more networks available: project {project_id} has none, and "
                "every network of the VLAN pool belongs to another project.")
        return [given]

    def bridge_interface(self, network) -> str | None:
        if network.vlan is None:
            return network.bridge_interface
        return f"vlan{network.vlan}"

    def vlan_parent(self, network) -> str | None:
        """The interface the network's VLAN interface sits on."""
        return network.bridge_interface or self.conf.vlan_interface or \
            self.conf.flat_interface

    def new_network(self, index: int, vlan: int | None) -> dict:
        number = (vlan if vlan is not None else self.conf.vlan_start) + index
        return {"bridge": f"br{number}", "vlan": number}
