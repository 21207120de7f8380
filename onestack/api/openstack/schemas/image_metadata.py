"""Request bodies of /images/{image_id}/metadata."""
import copy

METADATA = {
    "type": "object",
    "patternProperties": {"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": "string",
                                                       "maxLength": 255}},
    "additionalProperties": False,
}

# POST (merge) and PUT (replace) of the whole metadata
create = {
    "type": "object",
    "properties": {"metadata": METADATA},
    "required": ["metadata"],
    "additionalProperties": False,
}
update_all = create

_ONE = copy.deepcopy(METADATA)
_ONE.update(minProperties=1, maxProperties=1)

# PUT /images/{image_id}/metadata/{key}
update = {
    "type": "object",
    "properties": {"meta": _ONE},
    "required": ["meta"],
    "additionalProperties": False,
}
