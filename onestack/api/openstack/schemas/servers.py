"""Request bodies of /servers (create, update) as jsonschema."""
NAME = {"type": "string", "minLength": 1, "maxLength": 255,
        "pattern": r"^(?! )[^\x00-\x1f\x7f]*(?<! )$"}
METADATA = {"type": "object", "maxProperties": 1000,
            "patternProperties": {"^.{1,255}$": {"type": "string", "maxLength": 255}},
            "additionalProperties": False}
COUNT = {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 1}
BDM = {"type": "object", "properties": {
    "boot_index": {"type": ["integer", "string", "null"]},
    "uuid": {"type": "string"}, "source_type": {
        "type": "string", "enum": ["image", "volume", "snapshot", "blank"]},
    "destination_type": {"type": "string", "enum": ["local", "volume"]},
    "volume_size": {"type": ["integer", "string", "null"]},
    "delete_on_termination": {"type": ["boolean", "string"]},
    "device_name": {"type": ["string", "null"]},
    "tag": {"type": "string"}, "volume_type": {"type": ["string", "null"]}}}
NETWORK = {"type": "object", "properties": {
    "uuid": {"type": "string"}, "port": {"type": ["string", "null"]},
    "fixed_ip": {"type": "string"}, "tag": {"type": "string"}},
    "additionalProperties": False}

CREATE = {
    "type": "object",
    "required": ["server"],
    "properties": {
        "server": {
            "type": "object",
            "required": ["name", "flavorRef"],
            "properties": {
                "name": NAME,
                "imageRef": {"type": "string"},
                "flavorRef": {"type": ["string", "integer"], "minLength": 1},
                "adminPass": {"type": "string"},
                "metadata": METADATA,
                "user_data": {"type": "string", "maxLength": 65535},
                "key_name": {"type": "string", "minLength": 1, "maxLength": 255},
                "availability_zone": {"type": "string", "minLength": 1,
                                      "maxLength": 255},
                "min_count": COUNT, "max_count": COUNT,
                "return_reservation_id": {"type": ["boolean", "string"]},
                "security_groups": {"type": "array", "items": {
                    "type": "object", "properties": {"name": {"type": "string"}}}},
                "networks": {"oneOf": [
                    {"type": "array", "items": NETWORK},
                    {"type": "string", "enum": ["auto", "none"]}]},
                "block_device_mapping_v2": {"type": "array", "items": BDM},
                "block_device_mapping": {"type": "array"},
                "config_drive": {"type": ["boolean", "string"]},
                "accessIPv4": {"type": "string", "format": "ipv4"},
                "accessIPv6": {"type": "string", "format": "ipv6"},
                "description": {"type": ["string", "null"], "maxLength": 255},
                "tags": {"type": "array", "maxItems": 50,
                         "items": {"type": "string", "minLength": 1, "maxLength": 60,
                                   "pattern": "^[^,/]*$"}},
                "host": {"type": "string"},
                "hypervisor_hostname": {"type": "string"},
                "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
                "personality": {"type": "array"},
            },
        },
        "os:scheduler_hints": {"type": "object"},
        "OS-SCH-HNT:scheduler_hints": {"type": "object"},
    },
}

UPDATE = {
    "type": "object",
    "required": ["server"],
    "properties": {"server": {"type": "object", "properties": {
        "name": NAME, "description": {"type": ["string", "null"], "maxLength": 255},
        "accessIPv4": {"type": "string", "format": "ipv4"},
        "accessIPv6": {"type": "string", "format": "ipv6"},
        "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
        "hostname": {"type": "string"}},
        "additionalProperties": False}},
}
