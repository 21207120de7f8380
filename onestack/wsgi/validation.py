"""Request bodies: JSON parsing and jsonschema validation with clear 400s."""
import json

import jsonschema

from onestack.common import exceptions


def read_json(req, required: bool = True):
    raw = req.bounded_stream.read()
    if not raw:
        if required:
            raise exceptions.BadRequest("The request body is empty; a JSON "
                                        "document is required.")
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise exceptions.BadRequest(f"Malformed JSON in request body: {exc}")


def validate(schema: dict, document) -> None:
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is None:
        return
    where = "/".join(str(p) for p in error.absolute_path)
    prefix = f"Invalid input for field/attribute {where}. " if where else ""
    raise exceptions.ValidationError(f"{prefix}{error.message}")


def read_valid_json(req, schema: dict):
    document = read_json(req)
    validate(schema, document)
    return document
