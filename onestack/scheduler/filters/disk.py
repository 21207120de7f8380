"""DiskFilter: the host's disk times disk_allocation_ratio holds the flavor's
root, ephemeral and swap disks."""
from onestack.scheduler.filters.base import BaseFilter


class DiskFilter(BaseFilter):
    def host_passes(self, host, request):
        usable = host.local_gb * request.ratios.disk - host.local_gb_used
        if usable >= request.resources.disk_gb:
            return None
        return (f"it has {usable:g} GB usable disk, "
                f"{request.resources.disk_gb} GB requested")
