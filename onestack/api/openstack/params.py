"""Query-string parameters checked as Nova's query schemas check them.

From some microversion on, Nova refuses parameters a resource does not know
(2.75 for os-services and os-simple-tenant-usage, 2.53 for os-hypervisors,
2.58 for os-instance-actions); values that must be single, integers,
booleans or ISO 8601 times fail with a 400 that names the parameter.
"""
from __future__ import annotations

import datetime
import re

from onestack.common import exceptions

_TRUE = {"true", "1", "on", "yes"}
_FALSE = {"false", "0", "off", "no"}
_DIGITS = re.compile(r"^[0-9]+$")


def reject_unknown(req, allowed) -> None:
    unknown = sorted(name for name in req.params if name not in allowed)
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        verb = "were" if len(unknown) > 1 else "was"
        raise exceptions.ValidationError(
            "Invalid input for query parameters. Additional properties are not "
            f"allowed ({names} {verb} unexpected)")


def single(req, name: str) -> str | None:
    """The parameter's value; 400 if it is given more than once."""
    value = req.params.get(name)
    if isinstance(value, list):
        raise exceptions.ValidationError(
            f"Invalid input for query parameters {name}. Value: {value}. "
            f"{value} is too long")
    return value


def first(req, name: str) -> str | None:
    """The parameter's first value, for parameters Nova takes repeated."""
    value = req.params.get(name)
    return value[0] if isinstance(value, list) else value


def last(req, name: str) -> str | None:
    """The parameter's last value, for parameters Nova takes repeated."""
    value = req.params.get(name)
    return value[-1] if isinstance(value, list) else value


def non_negative_int(req, name: str) -> int | None:
    value = single(req, name)
    if value is None:
        return None
    if not _DIGITS.match(value):
        raise exceptions.ValidationError(
            f"Invalid input for query parameters {name}. Value: {value}. "
            f"'{value}' does not match '^[0-9]*$'")
    return int(value)


def boolean(req, name: str, default: bool = False) -> bool:
    """Nova's strict booleans: true/false, 1/0, on/off, yes/no in any case."""
    value = single(req, name)
    if value is None:
        return default
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise exceptions.ValidationError(
        f"Invalid input for query parameters {name}. Value: {value}. "
        f"'{value}' is not one of the boolean values true/false, 1/0, on/off, "
        "yes/no")


def timestamp(req, name: str) -> datetime.datetime | None:
    """An ISO 8601 time (with or without zone) as naive UTC."""
    value = single(req, name)
    if value is None:
        return None
    parsed = parse_isotime(value)
    if parsed is None:
        raise exceptions.ValidationError(
            f"Invalid input for query parameters {name}. Value: {value}. "
            f"'{value}' is not a 'date-time'")
    return parsed


def parse_isotime(text: str) -> datetime.datetime | None:
    """Naive UTC time of an ISO 8601 date-time text; None if it is not one."""
    cleaned = text.strip()
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    if "T" not in cleaned and " " not in cleaned:
        return None
    try:
        value = datetime.datetime.fromisoformat(cleaned)
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value

