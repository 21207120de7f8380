"""Request bodies of os-aggregates."""
import copy

from onestack.api.openstack.schemas import parameter_types as types

_ZONE = {"oneOf": [types.AZ_NAME, {"type": "null"}]}

# POST /os-aggregates
create = {
    "type": "object",
    "properties": {
        "aggregate": {
            "type": "object",
            "properties": {"name": types.NAME, "availability_zone": _ZONE},
            "required": ["name"],
            "additionalProperties": False,
        },
    },
    "required": ["aggregate"],
    "additionalProperties": False,
}

# PUT /os-aggregates/{id}: a name, a zone or both
update = copy.deepcopy(create)
del update["properties"]["aggregate"]["required"]
update["properties"]["aggregate"]["anyOf"] = [{"required": ["name"]},
                                              {"required": ["availability_zone"]}]


def _host_action(name: str) -> dict:
    return {
        "type": "object",
        "properties": {
            name: {"type": "object", "properties": {"host": types.HOST},
                   "required": ["host"], "additionalProperties": False},
        },
        "required": [name],
        "additionalProperties": False,
    }


add_host = _host_action("add_host")
remove_host = _host_action("remove_host")

_METADATA_WITH_NULL = copy.deepcopy(types.METADATA)
_METADATA_WITH_NULL["patternProperties"][types.METADATA_KEY]["type"] = ["string", "null"]

set_metadata = {
    "type": "object",
    "properties": {
        "set_metadata": {
            "type": "object",
            "properties": {"metadata": _METADATA_WITH_NULL},
            "required": ["metadata"],
            "additionalProperties": False,
        },
    },
    "required": ["set_metadata"],
    "additionalProperties": False,
}
