"""What the Image API v2 resources share."""
from onestack.common import exceptions
from onestack.wsgi import validation


class Resource:
    def __init__(self, conf):
        self.conf = conf


def json_object(req) -> dict:
    document = validation.read_json(req)
    if not isinstance(document, dict):
        raise exceptions.BadRequest("The request body must be a JSON object.")
    return document


def header_int(req, name: str) -> int | None:
    value = req.get_header(name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise exceptions.BadRequest(f"Invalid {name} header: {value}")
    return number
