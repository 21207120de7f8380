"""Query parameters of /limits; from 2.75 others are refused."""

QUERY = ("tenant_id",)
