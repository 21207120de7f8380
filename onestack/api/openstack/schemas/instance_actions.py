"""Query parameters of os-instance-actions lists; from 2.58 others are refused."""

INDEX_QUERY_V258 = ("limit", "marker", "changes-since")
INDEX_QUERY_V266 = INDEX_QUERY_V258 + ("changes-before",)
