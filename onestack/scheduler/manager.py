"""The scheduler service's manager: the RPC methods of onestack-scheduler."""
from onestack.service import Manager


class SchedulerManager(Manager):
    topic = "scheduler"
