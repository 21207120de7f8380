"""The volume service's manager: the RPC methods of onestack-volume."""
from onestack.service import Manager


class VolumeManager(Manager):
    topic = "volume"
