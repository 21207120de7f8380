"""Request body of PUT /os-hosts/{host_name}."""

_SWITCH = {"type": "string",
           "enum": ["enable", "disable", "Enable", "Disable", "ENABLE", "DISABLE"]}

update = {
    "type": "object",
    "properties": {"status": _SWITCH, "maintenance_mode": _SWITCH},
    "anyOf": [{"required": ["status"]}, {"required": ["maintenance_mode"]}],
    "additionalProperties": False,
}
