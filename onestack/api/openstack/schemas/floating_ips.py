"""Request bodies of os-floating-ips and of the addFloatingIp and
removeFloatingIp server actions (the action schemas are of the action's
value, as server_actions.ACTIONS holds them)."""

IP_ADDRESS = {"type": "string", "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}

# the body is optional; Nova's schema lets other keys through
create = {
    "type": ["object", "null"],
    "properties": {"pool": {"type": ["string", "null"]}},
}

add_floating_ip = {
    "type": "object",
    "properties": {"address": IP_ADDRESS, "fixed_address": IP_ADDRESS},
    "required": ["address"],
    "additionalProperties": False,
}

remove_floating_ip = {
    "type": "object",
    "properties": {"address": IP_ADDRESS},
    "required": ["address"],
    "additionalProperties": False,
}
