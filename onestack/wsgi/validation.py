"""Request bodies: JSON parsing and jsonschema validation with clear 400s.

Every JSON body any API reads goes through parse_json, which refuses what no
schema should have to think about: nesting deeper than MAX_DEPTH (checked
before the parser recurses), and text no database column or header can hold
(NUL characters, lone UTF-16 surrogates from `\\ud800` escapes).
"""
import base64
import binascii
import json
import re
import uuid

import jsonschema

from onestack.common import exceptions

# far more than any OpenStack request body needs (Nova's scheduler hint
# `query` is the deepest, at a handful of levels)
MAX_DEPTH = 32

# a JSON string literal (an unclosed one runs to the end, so no input makes
# the scan restart at every quote), or one bracket
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.?[^"\\]*)*(?:"|\Z)|[\[\]{}]', re.DOTALL)
_OPENING = frozenset(b"[{")
_UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")


def read_json(req, required: bool = True):
    raw = req.bounded_stream.read()
    if not raw:
        if required:
            raise exceptions.BadRequest("The request body is empty; a JSON "
                                        "document is required.")
        return None
    return parse_json(raw)


def parse_json(raw: bytes | str):
    """The document in raw, or BadRequest (malformed, too deep, unsafe text)."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    _check_depth(raw)
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise exceptions.BadRequest(f"Malformed JSON in request body: {exc}")
    _check_text(document)
    return document


def _check_depth(raw: bytes) -> None:
    depth = 0
    for token in _TOKEN.finditer(raw):
        first = token.group()[0]
        if first in _OPENING:
            depth += 1
            if depth > MAX_DEPTH:
                raise exceptions.BadRequest(
                    f"Malformed JSON in request body: nested deeper than "
                    f"{MAX_DEPTH} levels.")
        elif first != ord('"'):
            depth -= 1


def _check_text(document) -> None:
    """Walks the (depth-bounded) document without recursion."""
    pending = [((), document)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                _check_string(path, key)
                pending.append(((*path, key), item))
        elif isinstance(value, list):
            pending.extend(((*path, index), item) for index, item in enumerate(value))
        elif isinstance(value, str):
            _check_string(path, value)


def _check_string(path, text: str) -> None:
    found = _UNSAFE_TEXT.search(text)
    if found is None:
        return
    what = "NUL characters" if found.group() == "\x00" else \
        "unpaired UTF-16 surrogates"
    where = "/".join(str(p) for p in path).encode("utf-8", "backslashreplace")
    prefix = f"Invalid input for field/attribute {where.decode()}. " if where else ""
    raise exceptions.BadRequest(f"{prefix}Strings may not contain {what}.")


FORMAT_CHECKER = jsonschema.FormatChecker()


@FORMAT_CHECKER.checks("uuid", raises=ValueError)
def _is_uuid(value) -> bool:
    """As Nova's `uuid` format: any spelling uuid.UUID reads (with or without
    dashes, braces or a urn: prefix)."""
    if not isinstance(value, str):
        return True
    uuid.UUID(value)
    return True


@FORMAT_CHECKER.checks("base64", raises=(binascii.Error, ValueError))
def _is_base64(value) -> bool:
    if isinstance(value, str):
        base64.b64decode(value, validate=True)
    return True


_INTEGER_TEXT = re.compile(r"-?[0-9]+")


def _bound_integer_text(keyword):
    """minimum/maximum that also bound an integer written as text ("10"), as
    the many [integer, string] parameters allow: text past the bound is as
    wrong as the number."""
    check = jsonschema.Draft7Validator.VALIDATORS[keyword]

    def bound(validator, limit, instance, schema):
        if isinstance(instance, str) and _INTEGER_TEXT.fullmatch(instance):
            try:
                instance = int(instance)
            except ValueError:  # more digits than Python converts
                yield jsonschema.ValidationError(
                    f"{instance[:20]}... has too many digits")
                return
        yield from check(validator, limit, instance, schema)
    return bound


_Validator = jsonschema.validators.extend(
    jsonschema.Draft7Validator,
    {"minimum": _bound_integer_text("minimum"),
     "maximum": _bound_integer_text("maximum")})


def validate(schema: dict, document) -> None:
    validator = _Validator(schema, format_checker=FORMAT_CHECKER)
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
