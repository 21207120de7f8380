"""RamFilter: the host's RAM times ram_allocation_ratio holds the flavor's."""
from onestack.scheduler.filters.base import BaseFilter


class RamFilter(BaseFilter):
    def host_passes(self, host, request):
        usable = host.memory_mb * request.ratios.ram - host.memory_mb_used
        if usable >= request.resources.memory_mb:
            return None
        return (f"it has {usable:.0f} MB usable RAM, "
                f"{request.resources.memory_mb} MB requested")
