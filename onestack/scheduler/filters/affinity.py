"""ServerGroupAffinityFilter: members of an affinity group share one host."""
from onestack.scheduler.filters.base import BaseFilter


class ServerGroupAffinityFilter(BaseFilter):
    def applies(self, request):
        return request.group_policy == "affinity"

    def host_passes(self, host, request):
        # the first member may go anywhere; the others follow it
        if not request.group_hosts or request.group_hosts.get(host.host):
            return None
        return f"the group's members run on {', '.join(sorted(request.group_hosts))}"
