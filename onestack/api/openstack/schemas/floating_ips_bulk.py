"""Request bodies of os-floating-ips-bulk (create, and PUT .../delete)."""

IP_RANGE = {"type": "string", "minLength": 1, "maxLength": 43,
            "pattern": "^[0-9./]*$"}

create = {
    "type": "object",
    "properties": {
        "floating_ips_bulk_create": {
            "type": "object",
            "properties": {
                "ip_range": IP_RANGE,
                "pool": {"type": "string", "minLength": 1, "maxLength": 255},
                # a Linux interface name: at most 15 characters
                "interface": {"type": "string", "minLength": 1, "maxLength": 15},
            },
            "required": ["ip_range"],
            "additionalProperties": False,
        },
    },
    "required": ["floating_ips_bulk_create"],
    "additionalProperties": False,
}

delete = {
    "type": "object",
    "properties": {"ip_range": IP_RANGE},
    "required": ["ip_range"],
    "additionalProperties": False,
}
