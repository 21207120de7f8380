"""Request bodies of /servers (create, update) as jsonschema, with Nova's
parameter types."""
from onestack.api.openstack.schemas import parameter_types as types

NAME = {"type": "string", "minLength": 1, "maxLength": 255,
        "pattern": r"^(?! )[^\x00-\x1f\x7f]*(?<! )$"}
METADATA = dict(types.METADATA, maxProperties=1000)
_COUNT = types.POSITIVE_INTEGER
_NULLABLE_TEXT = {"type": ["string", "null"], "maxLength": 255}
BDM = {"type": "object", "properties": {
    "boot_index": {"type": ["integer", "string", "null"], "pattern": "^-?[0-9]+$",
                   "minimum": -types.MAX_INT, "maximum": types.MAX_INT},
    "uuid": {"type": "string", "minLength": 1, "maxLength": 255,
             "pattern": "^[a-zA-Z0-9._-]*$"},
    "image_id": {"type": "string"}, "volume_id": {"type": "string"},
    "snapshot_id": {"type": "string"},
    "source_type": {"type": "string", "enum": ["image", "volume", "snapshot", "blank"]},
    "destination_type": {"type": "string", "enum": ["local", "volume"]},
    "volume_size": {"type": ["integer", "string", "null"], "pattern": "^[0-9]+$",
                    "minimum": 1, "maximum": types.MAX_INT},
    "delete_on_termination": types.BOOLEAN,
    "device_name": {"type": ["string", "null"], "maxLength": 255,
                    "pattern": "^[a-zA-Z0-9._/-]*$"},
    "virtual_name": {"type": "string", "maxLength": 255},
    "guest_format": {"type": "string", "maxLength": 255},
    "device_type": {"type": "string", "maxLength": 255},
    "disk_bus": {"type": "string", "maxLength": 255},
    "no_device": {},
    "tag": types.TAG, "volume_type": _NULLABLE_TEXT},
    "additionalProperties": False}
NETWORK = {"type": "object", "properties": {
    "uuid": {"type": "string"}, "port": {"type": ["string", "null"], "format": "uuid"},
    "fixed_ip": {"type": "string", "oneOf": [{"format": "ipv4"}, {"format": "ipv6"}]},
    "tag": types.TAG},
    "additionalProperties": False}
PERSONALITY = {"type": "array", "items": {
    "type": "object",
    "properties": {"path": {"type": "string"},
                   "contents": {"type": "string", "format": "base64"}},
    "additionalProperties": False}}
_UUIDS = {"oneOf": [types.UUID, {"type": "array", "items": types.UUID}]}

# os:scheduler_hints: the ones Nova knows are typed, others pass (as in Nova)
HINTS = {
    "type": "object",
    "properties": {
        "group": _UUIDS, "different_host": _UUIDS, "same_host": _UUIDS,
        "query": {"type": ["string", "object"]},
        "target_cell": types.NAME,
        "different_cell": {"type": ["string", "array"], "items": {"type": "string"}},
        "build_near_host_ip": {"type": "string",
                               "oneOf": [{"format": "ipv4"}, {"format": "ipv6"}]},
        "cidr": {"type": "string", "pattern": "^/[0-9a-f.:]+$"},
    },
    "additionalProperties": True,
}

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
                "user_data": types.USER_DATA,
                "key_name": types.NAME,
                "availability_zone": types.NAME,
                "min_count": _COUNT, "max_count": _COUNT,
                "return_reservation_id": types.BOOLEAN,
                "security_groups": {"type": "array", "items": {
                    "type": "object", "properties": {"name": types.NAME},
                    "additionalProperties": False}},
                "networks": {"oneOf": [
                    {"type": "array", "items": NETWORK},
                    {"type": "string", "enum": ["auto", "none"]}]},
                "block_device_mapping_v2": {"type": "array", "items": BDM},
                "block_device_mapping": {"type": "array", "items": {"type": "object"}},
                "config_drive": types.BOOLEAN,
                "accessIPv4": types.ACCESS_IPV4,
                "accessIPv6": types.ACCESS_IPV6,
                "description": types.DESCRIPTION,
                "tags": {"type": "array", "maxItems": 50, "items": types.TAG},
                "host": types.HOST,
                "hypervisor_hostname": types.HOST,
                "OS-DCF:diskConfig": types.DISK_CONFIG,
                "personality": PERSONALITY,
            },
        },
        "os:scheduler_hints": HINTS,
        "OS-SCH-HNT:scheduler_hints": HINTS,
    },
}

UPDATE = {
    "type": "object",
    "required": ["server"],
    "properties": {"server": {"type": "object", "properties": {
        "name": NAME, "description": types.DESCRIPTION,
        "accessIPv4": types.ACCESS_IPV4, "accessIPv6": types.ACCESS_IPV6,
        "OS-DCF:diskConfig": types.DISK_CONFIG,
        "hostname": {"type": "string"}},
        "additionalProperties": False}},
}
