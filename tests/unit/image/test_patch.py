"""Parsing of image PATCH bodies in both of Glance's media types."""
import json

import pytest

from onestack.common import exceptions
from onestack.image import patch

V21 = "application/openstack-images-v2.1-json-patch"
V20 = "application/openstack-images-v2.0-json-patch"


def _parse(operations, draft=10):
    return patch.parse(json.dumps(operations).encode(), draft)


def test_media_types():
    assert patch.media_type(V21) == 10
    assert patch.media_type(V20 + "; charset=UTF-8") == 4
    for wrong in ("application/json", "", None, "application/json-patch+json"):
        with pytest.raises(exceptions.UnsupportedMediaType) as error:
            patch.media_type(wrong)
        assert V21 in error.value.message
        assert V21 in error.value.headers["Accept-Patch"]


def test_v21_operations():
    changes = _parse([{"op": "add", "path": "/os_distro", "value": "cirros"},
                      {"op": "replace", "path": "/name", "value": "n"},
                      {"op": "remove", "path": "/a~1b~0c"}])
    assert [(c.op, c.name, c.value) for c in changes] == [
        ("add", "os_distro", "cirros"), ("replace", "name", "n"), ("remove", "a/b~c", None)]


def test_v20_operations():
    changes = _parse([{"replace": "/min_ram", "value": 512}, {"remove": "/k"}], draft=4)
    assert [(c.op, c.name, c.value, c.draft) for c in changes] == [
        ("replace", "min_ram", 512, 4), ("remove", "k", None, 4)]


@pytest.mark.parametrize("body, message", [
    (b"{not json", "Malformed JSON"),
    (b"", "JSON array"),
    (b'{"op": "add"}', "JSON array"),
    (b'["add"]', "must be JSON objects"),
    (b'[{"path": "/name", "value": "x"}]', "Unable to find `op`"),
    (b'[{"op": "move", "path": "/name"}]', "Invalid operation: `move`"),
    (b'[{"op": "add", "value": "x"}]', "Unable to find 'path'"),
    (b'[{"op": "add", "path": "name", "value": "x"}]', 'does not start with "/"'),
    (b'[{"op": "add", "path": "/a/b", "value": "x"}]', "Invalid JSON pointer"),
    (b'[{"op": "add", "path": "/", "value": "x"}]', "Invalid JSON pointer"),
    (b'[{"op": "add", "path": "/a~2", "value": "x"}]', "recognized escape"),
    (b'[{"op": "add", "path": "/name"}]', 'requires a member named "value"'),
])
def test_malformed_patches_are_bad_requests(body, message):
    with pytest.raises(exceptions.BadRequest) as error:
        patch.parse(body, 10)
    assert message in error.value.message


def test_v20_needs_exactly_one_operation_member():
    with pytest.raises(exceptions.BadRequest):
        _parse([{"add": "/a", "remove": "/b", "value": 1}], draft=4)
    with pytest.raises(exceptions.BadRequest):
        _parse([{"value": 1}], draft=4)


@pytest.mark.parametrize("name, word", [
    ("status", "read-only"), ("checksum", "read-only"), ("id", "read-only"),
    ("size", "read-only"), ("os_hash_value", "read-only"), ("locations", "read-only"),
    ("location", "reserved"), ("deleted", "reserved"), ("os_glance_import", "reserved")])
def test_read_only_and_reserved_attributes_are_forbidden(name, word):
    with pytest.raises(exceptions.Forbidden) as error:
        _parse([{"op": "replace", "path": f"/{name}", "value": "x"}])
    assert f"Attribute '{name}' is {word}." == error.value.message
