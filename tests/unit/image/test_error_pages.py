"""Which error body a client gets, by its Accept header, as webob decides."""
import pytest

from onestack.image.error_pages import preferred_type


@pytest.mark.parametrize("accept, wanted", [
    (None, "text/html"), ("", "text/html"), ("*/*", "text/html"),
    ("application/json", "application/json"),
    ("application/json, */*", "text/html"),
    ("application/json, */*;q=0.5", "application/json"),
    ("text/html;q=0.2, application/json;q=0.9", "application/json"),
    ("text/*", "text/html"), ("text/plain", "text/plain"),
    ("application/*", "application/json"), ("image/png", "text/plain"),
    ("application/json;q=0", "text/plain"), ("application/json;q=bogus", "text/plain"),
])
def test_preferred_type(accept, wanted):
    assert preferred_type(accept) == wanted
