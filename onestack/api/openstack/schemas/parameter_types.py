"""JSON schema pieces several compute request bodies share (Nova's
parameter types): names, descriptions, booleans, metadata, sizes."""

# printable, not starting or ending with white space
NAME = {"type": "string", "minLength": 1, "maxLength": 255,
        "pattern": r"^(?!\s)[^\x00-\x1f\x7f-\x9f]*(?<!\s)$"}

# an availability zone name: as NAME, without ':'
AZ_NAME = {"type": "string", "minLength": 1, "maxLength": 255,
           "pattern": r"^(?!\s)[^\x00-\x1f\x7f-\x9f:]*(?<!\s)$"}

DESCRIPTION = {"type": ["string", "null"], "minLength": 0, "maxLength": 255,
               "pattern": r"^[^\x00-\x1f\x7f-\x9f]*$"}

BOOLEAN = {"type": ["boolean", "string"],
           "enum": [True, "True", "TRUE", "true", "1", "ON", "On", "on",
                    "YES", "Yes", "yes",
                    False, "False", "FALSE", "false", "0", "OFF", "Off", "off",
                    "NO", "No", "no"]}

METADATA_KEY = r"^[a-zA-Z0-9-_:. ]{1,255}$"

METADATA = {"type": "object",
            "patternProperties": {METADATA_KEY: {"type": "string", "maxLength": 255}},
            "additionalProperties": False}

# an integer given as JSON number or as decimal text
POSITIVE_INTEGER = {"type": ["integer", "string"], "pattern": "^[0-9]*$",
                    "minimum": 1, "minLength": 1}

# flavor sizes (database integers)
SIZE_POSITIVE = {"type": ["integer", "string"], "pattern": "^[0-9]+$",
                 "minimum": 1, "maximum": 0x7FFFFFFF}
SIZE_NON_NEGATIVE = dict(SIZE_POSITIVE, minimum=0)

# a host name as services record it
HOST = {"type": "string", "minLength": 1, "maxLength": 255,
        "pattern": "^[a-zA-Z0-9-._]*$"}

TRUE_TEXTS = ("1", "t", "true", "on", "y", "yes")


def to_bool(value) -> bool:
    """A BOOLEAN value (already validated) as a bool."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_TEXTS
