"""The network service's manager: the RPC methods of onestack-network."""
from onestack.service import Manager


class NetworkManager(Manager):
    topic = "network"
