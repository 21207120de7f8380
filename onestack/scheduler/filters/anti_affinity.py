"""ServerGroupAntiAffinityFilter: an anti-affinity group's members keep apart,
at most rules.max_server_per_host (default 1) of them on one host."""
from onestack.scheduler.filters.base import BaseFilter


class ServerGroupAntiAffinityFilter(BaseFilter):
    def applies(self, request):
        return request.group_policy == "anti-affinity"

    def host_passes(self, host, request):
        members = request.group_hosts.get(host.host, 0)
        if members < request.max_server_per_host:
            return None
        return (f"it runs {members} member{'' if members == 1 else 's'} of the "
                f"group, at most {request.max_server_per_host} allowed")
