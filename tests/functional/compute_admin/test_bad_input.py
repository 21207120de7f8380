"""Bad requests to these APIs: each a clear 4xx with Nova's fault body."""
import uuid

import pytest

from tests.functional.compute_admin.support import fault

NOWHERE = str(uuid.uuid4())

CASES = [
    # (method, path, microversion, body or raw bytes, status)
    ("PUT", "/os-services/disable", "2.1", b"{not json", 400),
    ("PUT", "/os-services/disable", "2.1", None, 400),
    ("PUT", "/os-services/disable", "2.1", [], 400),
    ("PUT", "/os-services/disable", "2.1", {"host": "h"}, 400),
    ("PUT", "/os-services/disable", "2.1", {"host": "h", "binary": ""}, 400),
    ("PUT", "/os-services/disable", "2.1", {"host": "h", "binary": "b", "x": 1}, 400),
    ("PUT", "/os-services/disable", "2.1", {"host": "bad host!", "binary": "b"}, 400),
    ("PUT", "/os-services/disable-log-reason", "2.1",
     {"host": "h", "binary": "nova-compute", "disabled_reason": "r" * 256}, 400),
    ("PUT", "/os-services/force-down", "2.11",
     {"host": "h", "binary": "nova-compute", "forced_down": 3}, 400),
    ("PUT", "/os-services/frobnicate", "2.1", {"host": "h", "binary": "b"}, 404),
    ("PUT", "/os-services/disable", "2.1", {"host": "h", "binary": "nova-network"}, 400),
    ("PUT", f"/os-services/{NOWHERE}", "2.53", {"status": "enabled", "x": 1}, 400),
    ("PUT", f"/os-services/{NOWHERE}", "2.53", {"forced_down": None}, 400),
    ("DELETE", "/os-services/-1", "2.1", None, 400),
    ("GET", "/os-services?binary=x&binary=y&foo=z", "2.75", None, 400),
    ("GET", "/os-hypervisors/abc", "2.1", None, 404),
    ("GET", "/os-hypervisors/abc/uptime", "2.53", None, 400),
    ("GET", "/os-hypervisors?with_servers=1&with_servers=0", "2.53", None, 400),
    ("GET", "/os-hypervisors?limit=1&limit=2", "2.53", None, 400),
    ("GET", "/os-hypervisors/detail?foo=1", "2.53", None, 400),
    ("PUT", "/os-hosts/somewhere", "2.1", {"status": "enable", "x": 1}, 400),
    ("PUT", "/os-hosts/somewhere", "2.1", b"[", 400),
    ("GET", "/os-simple-tenant-usage?start=2020-13-01T00:00:00", "2.1", None, 400),
    ("GET", "/os-simple-tenant-usage?limit=abc", "2.40", None, 400),
    ("GET", "/os-simple-tenant-usage?marker=a&marker=b", "2.40", None, 400),
    ("GET", f"/servers/{NOWHERE}/os-instance-actions", "2.1", None, 404),
    ("GET", f"/servers/{NOWHERE}/os-instance-actions/req-1", "2.1", None, 404),
    ("GET", "/images/detail?limit=1.5", "2.1", None, 400),
    ("GET", f"/images/{NOWHERE}", "2.1", None, 404),
    ("POST", f"/images/{NOWHERE}/metadata", "2.1", {"metadata": {"a": "b"}}, 404),
    ("POST", f"/images/{NOWHERE}/metadata", "2.1", {"metadata": []}, 400),
    ("PUT", f"/images/{NOWHERE}/metadata", "2.1", b"\xff\xfe", 400),
    ("PUT", f"/images/{NOWHERE}/metadata/k", "2.1", {"meta": {}}, 400),
]


@pytest.mark.parametrize("method,path,version,body,status", CASES)
def test_refused_with_a_fault_body(admin, method, path, version, body, status):
    kwargs = {}
    if isinstance(body, bytes):
        kwargs = {"data": body, "headers": {"Content-Type": "application/json"}}
    elif body is not None:
        kwargs = {"json": body}
    message = fault(admin(method, path, version, **kwargs), status)
    assert message
