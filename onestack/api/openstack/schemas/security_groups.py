"""Request bodies of os-security-groups, os-security-group-rules and the
add/removeSecurityGroup server actions, as loose as Nova's (which take
other keys too: openstacksdk sends a rule's tenant_id) but typed."""

# printable text, blank allowed here: the API says "cannot be empty" itself
_TEXT = {"type": "string", "minLength": 0, "maxLength": 255,
         "pattern": r"^[^\x00-\x1f\x7f-\x9f]*$"}
# a group's id as clients send it: a UUID, or a number for nova-network's
_ID = {"type": ["string", "integer"], "maxLength": 36}
_PORT = {"type": ["integer", "string", "null"], "maxLength": 16}

# POST /os-security-groups, PUT /os-security-groups/{id}
create = {
    "type": "object",
    "properties": {
        "security_group": {
            "type": "object",
            "properties": {"name": _TEXT, "description": _TEXT},
            "required": ["name", "description"],
            "additionalProperties": True,
        },
    },
    "required": ["security_group"],
    "additionalProperties": True,
}
update = create

# POST /os-security-group-rules
create_rule = {
    "type": "object",
    "properties": {
        "security_group_rule": {
            "type": "object",
            "properties": {
                "parent_group_id": _ID,
                "group_id": {**_ID, "type": ["string", "integer", "null"]},
                "ip_protocol": {"type": ["string", "integer", "null"], "maxLength": 16},
                "from_port": _PORT,
                "to_port": _PORT,
                "cidr": {"type": ["string", "null"], "maxLength": 255},
            },
            "required": ["parent_group_id"],
            "additionalProperties": True,
        },
    },
    "required": ["security_group_rule"],
    "additionalProperties": True,
}

# the value of the addSecurityGroup and removeSecurityGroup actions
action = {
    "type": "object",
    "properties": {"name": {**_TEXT, "minLength": 1}},
    "required": ["name"],
    "additionalProperties": False,
}
