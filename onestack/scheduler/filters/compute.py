"""ComputeFilter: the host's compute service exists, is enabled and is up."""
from onestack.scheduler.filters.base import BaseFilter


class ComputeFilter(BaseFilter):
    def host_passes(self, host, request):
        if not host.has_service:
            return "it has no onestack-compute service"
        if not host.enabled:
            reason = f" ({host.disabled_reason})" if host.disabled_reason else ""
            return f"its compute service is disabled{reason}"
        if not host.up:
            return "its compute service is down"
        return None
