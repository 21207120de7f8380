"""Query parameters of os-simple-tenant-usage; from 2.75 others are refused."""

INDEX_QUERY_V275 = ("start", "end", "detailed", "limit", "marker")
SHOW_QUERY_V275 = ("start", "end", "limit", "marker")

# the time formats Nova accepts for start and end
TIME_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M:%S.%f")
