"""Request bodies and query parameters of /flavors, per microversion."""
import copy

from onestack.api.openstack.schemas import parameter_types as types

SORT_KEYS = ("created_at", "description", "disabled", "ephemeral_gb", "flavorid",
             "id", "is_public", "memory_mb", "name", "root_gb", "rxtx_factor",
             "swap", "updated_at", "vcpu_weight", "vcpus")
SORT_DIRS = ("asc", "desc")

# the list's query parameters; from 2.75 others are refused
INDEX_QUERY = ("limit", "marker", "is_public", "minRam", "minDisk", "sort_key",
               "sort_dir")

_FLAVOR_DESCRIPTION = {"type": ["string", "null"], "minLength": 0,
                       "maxLength": 65535, "pattern": r"^[^\x00-\x1f\x7f-\x9f]*$"}

# POST /flavors, 2.1 - 2.54
create = {
    "type": "object",
    "properties": {
        "flavor": {
            "type": "object",
            "properties": {
                "name": types.NAME,
                "id": {"type": ["string", "number", "null"], "minLength": 1,
                       "maxLength": 255, "pattern": r"^(?! )[a-zA-Z0-9. _-]+(?<! )$"},
                "ram": types.SIZE_POSITIVE,
                "vcpus": types.SIZE_POSITIVE,
                "disk": types.SIZE_NON_NEGATIVE,
                "OS-FLV-EXT-DATA:ephemeral": types.SIZE_NON_NEGATIVE,
                "swap": types.SIZE_NON_NEGATIVE,
                "rxtx_factor": {"type": ["number", "string"],
                                "pattern": r"^[0-9]+(\.[0-9]+)?$",
                                "exclusiveMinimum": 0, "maximum": 3.40282e+38},
                "os-flavor-access:is_public": types.BOOLEAN,
            },
            "required": ["name", "ram", "vcpus", "disk"],
            "additionalProperties": False,
        },
    },
    "required": ["flavor"],
    "additionalProperties": False,
}

# ... with a description from 2.55
create_v255 = copy.deepcopy(create)
create_v255["properties"]["flavor"]["properties"]["description"] = _FLAVOR_DESCRIPTION

# PUT /flavors/{flavor_id} from 2.55: the description only
update = {
    "type": "object",
    "properties": {
        "flavor": {
            "type": "object",
            "properties": {"description": _FLAVOR_DESCRIPTION},
            "required": ["description"],
            "additionalProperties": False,
        },
    },
    "required": ["flavor"],
    "additionalProperties": False,
}
