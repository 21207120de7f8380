"""Request bodies of /flavors/{flavor_id}/os-extra_specs: values may be
strings or numbers (stored as text)."""
from onestack.api.openstack.schemas.parameter_types import METADATA_KEY

_SPECS = {"type": "object",
          "patternProperties": {METADATA_KEY: {"type": ["string", "number"],
                                               "maxLength": 255}},
          "additionalProperties": False}

# POST .../os-extra_specs
create = {
    "type": "object",
    "properties": {"extra_specs": _SPECS},
    "required": ["extra_specs"],
    "additionalProperties": False,
}

# PUT .../os-extra_specs/{key}: exactly that one key
update = dict(_SPECS, minProperties=1, maxProperties=1)
