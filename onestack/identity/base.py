"""What every identity resource shares: policy checks, links, filters, bodies."""
from onestack import policy
from onestack.common import exceptions
from onestack.wsgi import paging, validation


class Resource:
    def __init__(self, conf):
        self.conf = conf

    def authorize(self, req, action: str, **target) -> None:
        """Forbidden unless the caller may; target holds Keystone's flattened
        keys ("target.project.domain_id": ...), and nothing by default."""
        policy.authorize(self.conf, req.context.ctx, f"identity:{action}", target)


def domain_for_create(conf, req, body: dict) -> str:
    """The domain a new project or user goes to: the body's, else the token's
    domain scope, else the default domain."""
    return body.get("domain_id") or req.context.ctx.domain_id \
        or conf.identity.default_domain_id


def url(req, path: str) -> str:
    return f"{req.prefix}{path}"


def collection(req, name: str, items: list) -> dict:
    return {name: items, "links": paging.keystone_links(req)}


def bool_param(req, name: str):
    value = req.get_param(name)
    if value is None:
        return None
    if value.lower() in ("true", "1", "yes", "on", ""):
        return True
    if value.lower() in ("false", "0", "no", "off"):
        return False
    raise exceptions.ValidationError(f"Invalid value for {name}: {value}")


def body_of(req, key: str, schema: dict) -> dict:
    """The object under `key` of a JSON body, validated against schema."""
    document = validation.read_json(req)
    validation.validate({"type": "object", "required": [key],
                         "properties": {key: schema}}, document)
    return document[key]


NAME = {"type": "string", "minLength": 1, "maxLength": 64,
        "pattern": r"^[^\x00-\x1f]*\S[^\x00-\x1f]*$"}
ID = {"type": "string", "minLength": 1, "maxLength": 64}
DESCRIPTION = {"type": ["string", "null"], "maxLength": 65535}
ENABLED = {"type": "boolean"}
# project tags, as Keystone's schema: no ',' or '/', at most 80, no repeats
TAGS = {"type": "array", "maxItems": 80, "uniqueItems": True,
        "items": {"type": "string", "minLength": 1, "maxLength": 255,
                  "pattern": "^[^,/]*$"}}
