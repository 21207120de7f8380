"""Request bodies of os-services, per microversion."""
import copy

# Nova's boolean parameter type: JSON booleans or their usual spellings
BOOLEAN = {"type": ["boolean", "string"],
           "enum": [True, "True", "TRUE", "true", "1", "ON", "On", "on",
                    "YES", "Yes", "yes",
                    False, "False", "FALSE", "false", "0", "OFF", "Off", "off",
                    "NO", "No", "no"]}

_HOST = {"type": "string", "minLength": 1, "maxLength": 255,
         "pattern": r"^[a-zA-Z0-9][a-zA-Z0-9._-]*$"}
_NAME = {"type": "string", "minLength": 1, "maxLength": 255}

# PUT /os-services/{enable,disable,disable-log-reason} before 2.53
update = {
    "type": "object",
    "properties": {"host": _HOST, "binary": _NAME, "disabled_reason": _NAME},
    "required": ["host", "binary"],
    "additionalProperties": False,
}

# ... and PUT /os-services/force-down from 2.11
update_v211 = copy.deepcopy(update)
update_v211["properties"]["forced_down"] = BOOLEAN

# PUT /os-services/{service_uuid} from 2.53
update_v253 = {
    "type": "object",
    "properties": {"status": {"type": "string", "enum": ["enabled", "disabled"]},
                   "disabled_reason": _NAME,
                   "forced_down": BOOLEAN},
    "additionalProperties": False,
}
