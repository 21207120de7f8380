"""Query parameters of os-hypervisors; from 2.53 others are refused."""

INDEX_QUERY_V253 = ("limit", "marker", "hypervisor_hostname_pattern", "with_servers")
SHOW_QUERY_V253 = ("with_servers",)
