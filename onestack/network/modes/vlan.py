"""VlanManager: each project its own network, VLAN and bridge, given from the
pool of networks `network create` made when the project first boots; dnsmasq
on each bridge."""
from __future__ import annotations

from onestack.common import exceptions
from onestack.db import networks
from onestack.network.modes.flat import FlatMode

MAX_VLAN = 4094


class VlanMode(FlatMode):
    name = "VlanManager"
    per_project = True   # projects get networks of their own, from a pool
    dhcp = True

    def networks_for(self, project_id: str) -> list:
        own = networks.list_(project_id=project_id, shared_too=False)
        if own:
            return own
        given = networks.associate_free_network(self.conf, project_id)
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

    def new_networks(self, count: int, vlan: int | None) -> list[dict]:
        """VLANs vlan, vlan+1, ... when given; else the lowest ones from
        vlan_start that no network has. Each network's bridge is brVLAN."""
        if vlan is not None:
            numbers = list(range(vlan, vlan + count))
            if not 1 <= vlan <= vlan + count - 1 <= MAX_VLAN:
                raise exceptions.BadRequest(
                    f"VLAN ids {vlan} to {vlan + count - 1} are not all between 1 "
                    f"and {MAX_VLAN}.")
        else:
            used = networks.used_vlans()
            numbers = [n for n in range(self.conf.vlan_start, MAX_VLAN + 1)
                       if n not in used][:count]
            if len(numbers) < count:
                raise exceptions.BadRequest(
                    f"Only {len(numbers)} VLAN ids from vlan_start "
                    f"{self.conf.vlan_start} are free; {count} networks need one each.")
        return [{"bridge": f"br{number}", "vlan": number} for number in numbers]
