"""The compute service's manager: the RPC methods of onestack-compute."""
from onestack.service import Manager


class ComputeManager(Manager):
    topic = "compute"
