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

# the largest value of a database integer column (Nova's db MAX_INT)
MAX_INT = 0x7FFFFFFF

# an integer given as JSON number or as decimal text (validation bounds both)
POSITIVE_INTEGER = {"type": ["integer", "string"], "pattern": "^[0-9]*$",
                    "minimum": 1, "maximum": MAX_INT, "minLength": 1}
NON_NEGATIVE_INTEGER = dict(POSITIVE_INTEGER, minimum=0)

NAME_OR_NONE = {"oneOf": [{"type": "string", "minLength": 1, "maxLength": 255},
                          {"type": "null"}]}

# a server tag: no ',' or '/' (they separate tags in queries and paths)
TAG = {"type": "string", "minLength": 1, "maxLength": 60, "pattern": "^[^,/]*$"}

# user data: base 64 text of at most 64 KiB
USER_DATA = {"type": "string", "format": "base64", "maxLength": 65535}

DISK_CONFIG = {"type": "string", "enum": ["AUTO", "MANUAL"]}
ACCESS_IPV4 = {"type": "string", "format": "ipv4"}
ACCESS_IPV6 = {"type": "string", "format": "ipv6"}
UUID = {"type": "string", "format": "uuid"}

# flavor sizes (database integers)
SIZE_POSITIVE = {"type": ["integer", "string"], "pattern": "^[0-9]+$",
                 "minimum": 1, "maximum": MAX_INT}
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
