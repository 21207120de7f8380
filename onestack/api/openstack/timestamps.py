"""The two ways Nova writes times on the wire.

Most records (services, instance actions, usages) carry naive UTC times with
microseconds, "2018-04-25T01:26:34.388280"; image proxy records use whole
seconds with a Z, "2011-01-01T01:02:03Z".
"""
from __future__ import annotations

import datetime


def precise(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%S.%f")


def seconds_z(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is not None:
        return value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value
