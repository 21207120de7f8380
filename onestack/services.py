"""The registry of services `onestack all` may run: name -> (binary, manager)."""
from onestack.compute.manager import ComputeManager
from onestack.network.manager import NetworkManager
from onestack.scheduler.manager import SchedulerManager
from onestack.volume.manager import VolumeManager

SERVICES = {
    "scheduler": ("onestack-scheduler", SchedulerManager),
    "compute": ("onestack-compute", ComputeManager),
    "network": ("onestack-network", NetworkManager),
    "volume": ("onestack-volume", VolumeManager),
}
