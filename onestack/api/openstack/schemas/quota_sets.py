"""Request bodies and query parameters of os-quota-sets. The settable
resources depend on the microversion (compute.quotas.shown), so the update
schema is built for the names a request may set."""
from onestack.api.openstack.schemas.parameter_types import BOOLEAN

# -1 is unlimited; limits are database integers
LIMIT = {"type": ["integer", "string"], "pattern": "^-?[0-9]+$",
         "minimum": -1, "maximum": 0x7FFFFFFF}

QUERY = ("user_id",)


def update(resource_names) -> dict:
    """PUT /os-quota-sets/{project_id} for these resources (and force)."""
    properties = {name: LIMIT for name in resource_names}
    properties["force"] = BOOLEAN
    return {
        "type": "object",
        "properties": {
            "quota_set": {"type": "object", "properties": properties,
                          "additionalProperties": False},
        },
        "required": ["quota_set"],
        "additionalProperties": False,
    }
