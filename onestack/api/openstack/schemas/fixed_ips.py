"""Request bodies of POST /os-fixed-ips/{address}/action."""

reserve = {"type": "object", "properties": {"reserve": {"type": "null"}},
           "required": ["reserve"], "additionalProperties": False}
unreserve = {"type": "object", "properties": {"unreserve": {"type": "null"}},
             "required": ["unreserve"], "additionalProperties": False}
