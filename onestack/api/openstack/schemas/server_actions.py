"""The value of each action of POST /servers/{id}/action, as Nova's schemas
give it; a callable takes the microversion (base.at_least) and gives the
schema of that version."""
import copy

from onestack.api.openstack.schemas import parameter_types as types
from onestack.api.openstack.schemas import servers

NULL_OR_OBJECT = {"type": ["object", "null"]}
STRING = {"type": "string"}
ANY = {}

reboot = {"type": "object", "required": ["type"],
          "properties": {"type": {"type": "string",
                                  "enum": ["SOFT", "HARD", "soft", "hard"]}},
          "additionalProperties": False}

_REBUILD = {
    "type": "object", "required": ["imageRef"],
    "properties": {"imageRef": STRING, "adminPass": STRING, "name": servers.NAME,
                   "metadata": types.METADATA, "preserve_ephemeral": types.BOOLEAN,
                   "OS-DCF:diskConfig": types.DISK_CONFIG,
                   "accessIPv4": types.ACCESS_IPV4, "accessIPv6": types.ACCESS_IPV6,
                   "personality": servers.PERSONALITY},
    "additionalProperties": False}
_REBUILD_V219 = copy.deepcopy(_REBUILD)
_REBUILD_V219["properties"]["description"] = types.DESCRIPTION
_REBUILD_V254 = copy.deepcopy(_REBUILD_V219)
_REBUILD_V254["properties"]["key_name"] = types.NAME_OR_NONE
_REBUILD_V257 = copy.deepcopy(_REBUILD_V254)
del _REBUILD_V257["properties"]["personality"]
_REBUILD_V257["properties"]["user_data"] = dict(types.USER_DATA, type=["string", "null"])
_REBUILD_V263 = copy.deepcopy(_REBUILD_V257)
_REBUILD_V263["properties"]["trusted_image_certificates"] = {
    "type": ["array", "null"], "minItems": 1, "maxItems": 50, "uniqueItems": True,
    "items": {"type": "string", "minLength": 1}}
_REBUILD_V290 = copy.deepcopy(_REBUILD_V263)
_REBUILD_V290["properties"]["hostname"] = {
    "type": "string", "minLength": 2, "maxLength": 63,
    "pattern": "^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$"}


def rebuild(at_least) -> dict:
    for version, schema in (("2.90", _REBUILD_V290), ("2.63", _REBUILD_V263),
                            ("2.57", _REBUILD_V257), ("2.54", _REBUILD_V254),
                            ("2.19", _REBUILD_V219)):
        if at_least(version):
            return schema
    return _REBUILD


_LOCK_V273 = {"type": ["object", "null"],
              "properties": {"locked_reason": {"type": "string", "minLength": 1,
                                               "maxLength": 255}},
              "additionalProperties": False}


def lock(at_least) -> dict:
    return _LOCK_V273 if at_least("2.73") else ANY


resize = {"type": "object", "required": ["flavorRef"],
          "properties": {"flavorRef": {"type": ["string", "integer"], "minLength": 1},
                         "OS-DCF:diskConfig": types.DISK_CONFIG},
          "additionalProperties": False}

create_image = {"type": "object", "required": ["name"],
                "properties": {"name": servers.NAME, "metadata": types.METADATA},
                "additionalProperties": False}

create_backup = {"type": "object", "required": ["name", "backup_type", "rotation"],
                 "properties": {"name": servers.NAME, "backup_type": STRING,
                                "rotation": types.NON_NEGATIVE_INTEGER,
                                "metadata": types.METADATA},
                 "additionalProperties": False}

change_password = {"type": "object", "required": ["adminPass"],
                   "properties": {"adminPass": STRING},
                   "additionalProperties": False}

console_output = {"type": ["object", "null"], "properties": {
    "length": {"type": ["integer", "string", "null"], "pattern": "^-?[0-9]+$",
               "minimum": -1, "maximum": types.MAX_INT}}}

reset_state = {"type": "object", "required": ["state"],
               "properties": {"state": {"type": "string", "enum": ["active", "error"]}},
               "additionalProperties": False}

_HOST_OR_NONE = {"oneOf": [types.HOST, {"type": "null"}]}

migrate = {"type": ["object", "null"], "properties": {"host": _HOST_OR_NONE}}

live_migrate = {"type": "object", "required": ["host"], "properties": {
    "host": _HOST_OR_NONE,
    "block_migration": {"oneOf": [types.BOOLEAN, {"enum": ["auto"]}]},
    "disk_over_commit": types.BOOLEAN, "force": types.BOOLEAN}}

evacuate = {"type": "object", "properties": {
    "host": types.HOST, "adminPass": STRING, "onSharedStorage": types.BOOLEAN,
    "force": types.BOOLEAN, "targetState": {"type": "string",
                                           "enum": ["ACTIVE", "SHUTOFF"]}}}
