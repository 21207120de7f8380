"""CoreFilter: the host's vCPUs times cpu_allocation_ratio hold the flavor's."""
from onestack.scheduler.filters.base import BaseFilter


class CoreFilter(BaseFilter):
    def host_passes(self, host, request):
        usable = host.vcpus * request.ratios.cpu - host.vcpus_used
        if usable >= request.resources.vcpus:
            return None
        return f"it has {usable:g} usable vCPUs, {request.resources.vcpus} requested"
