"""Request bodies of os-server-groups: a list of one policy before 2.64, a
policy and its rules from 2.64 (the soft policies from 2.15)."""
import copy

from onestack.api.openstack.schemas import parameter_types as types


def _create_with_policies(allowed) -> dict:
    return {
        "type": "object",
        "properties": {
            "server_group": {
                "type": "object",
                "properties": {
                    "name": types.NAME,
                    "policies": {"type": "array",
                                 "items": [{"type": "string", "enum": list(allowed)}],
                                 "uniqueItems": True, "minItems": 1, "maxItems": 1,
                                 "additionalItems": False},
                },
                "required": ["name", "policies"],
                "additionalProperties": False,
            },
        },
        "required": ["server_group"],
        "additionalProperties": False,
    }


HARD = ("anti-affinity", "affinity")
ALL = HARD + ("soft-anti-affinity", "soft-affinity")

create = _create_with_policies(HARD)
create_v215 = _create_with_policies(ALL)

create_v264 = copy.deepcopy(create_v215)
_group = create_v264["properties"]["server_group"]
del _group["properties"]["policies"]
_group["required"] = ["name", "policy"]
_group["properties"]["policy"] = {"type": "string", "enum": list(ALL)}
_group["properties"]["rules"] = {
    "type": "object",
    "properties": {"max_server_per_host": types.POSITIVE_INTEGER},
    "additionalProperties": False,
}

# the list's query parameters; from 2.75 others are refused
INDEX_QUERY = ("all_projects", "limit", "offset")
