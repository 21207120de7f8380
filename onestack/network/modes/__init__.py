"""The seed's three network managers as strategy classes, by the name the
`network_manager` option gives."""
from onestack.conf import network as network_conf
from onestack.network.modes.flat import FlatMode
from onestack.network.modes.flatdhcp import FlatDHCPMode
from onestack.network.modes.vlan import VlanMode

MODES = {
    "FlatManager": FlatMode,
    "FlatDHCPManager": FlatDHCPMode,
    "VlanManager": VlanMode,
}


def current(conf):
    """The mode `network_manager` names (ValueError for an unknown name)."""
    return MODES[network_conf.manager_name(conf)](conf)
