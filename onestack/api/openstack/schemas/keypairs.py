"""Request bodies and query parameters of os-keypairs, per microversion."""
import copy

# letters, digits, '_', '-' and inner spaces
NAME = {"type": "string", "minLength": 1, "maxLength": 255,
        "pattern": r"^(?! )[_\- a-zA-Z0-9]+(?<! )$"}

# POST /os-keypairs, 2.1
create = {
    "type": "object",
    "properties": {
        "keypair": {
            "type": "object",
            "properties": {"name": NAME, "public_key": {"type": "string"}},
            "required": ["name"],
            "additionalProperties": False,
        },
    },
    "required": ["keypair"],
    "additionalProperties": False,
}

# ... with a type from 2.2
create_v22 = copy.deepcopy(create)
create_v22["properties"]["keypair"]["properties"]["type"] = {
    "type": "string", "enum": ["ssh", "x509"]}

# ... and, for the admin, a user from 2.10
create_v210 = copy.deepcopy(create_v22)
create_v210["properties"]["keypair"]["properties"]["user_id"] = {"type": "string"}

# query parameters known per microversion; from 2.75 others are refused
INDEX_QUERY_V235 = ("user_id", "limit", "marker")
SHOW_QUERY_V210 = ("user_id",)
