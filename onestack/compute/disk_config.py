"""OS-DCF:diskConfig, kept on the instance as auto_disk_config: AUTO (true)
grows the root file system to the flavor's disk, MANUAL keeps the image's
partitions. An image's auto_disk_config property gives its servers' default,
and a false one (or Nova's "disabled") forbids AUTO."""
from __future__ import annotations

from onestack.common import exceptions

_TRUE = {"1", "t", "true", "on", "y", "yes"}
_FORBIDS_AUTO = {"0", "f", "false", "off", "n", "no", "disabled"}


def from_api(value: str | None) -> bool | None:
    """AUTO -> True, MANUAL -> False, absent -> None."""
    return None if value is None else value == "AUTO"


def to_api(auto_disk_config: bool) -> str:
    return "AUTO" if auto_disk_config else "MANUAL"


def _image_says(image: dict | None) -> str:
    return str((image or {}).get("auto_disk_config", "")).strip().lower()


def check(image: dict | None, requested: bool | None) -> None:
    """BadRequest when AUTO is asked of an image that forbids it."""
    if requested and _image_says(image) in _FORBIDS_AUTO:
        raise exceptions.BadRequest(f"Requested image {image['id']} has automatic "
                                    "disk resize disabled.")


def for_boot(image: dict | None, requested: bool | None) -> bool:
    """The new instance's auto_disk_config: the request's, else the image's
    (MANUAL when the image says nothing)."""
    check(image, requested)
    if requested is None:
        return _image_says(image) in _TRUE
    return requested
