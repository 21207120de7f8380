"""AvailabilityZoneFilter: the host is in the requested availability zone."""
from onestack.scheduler.filters.base import BaseFilter


class AvailabilityZoneFilter(BaseFilter):
    def applies(self, request):
        return request.availability_zone is not None

    def host_passes(self, host, request):
        if host.host in request.zone_hosts:
            return None
        return f"it is not in availability zone {request.availability_zone}"
