# selects oslo.service's threading backend before anything imports oslo_messaging
import onestack.rpc  # noqa: F401
import pytest

from onestack.wsgi import faults


@pytest.fixture(autouse=True)
def no_server_errors(request):
    """Fails every test during which an API of this process answered a 500
    (an unexpected exception, or an error of ours with code 500). A test that
    provokes one on purpose says so with @pytest.mark.allows_server_errors."""
    before = faults.SERVER_ERRORS.count
    yield
    if request.node.get_closest_marker("allows_server_errors"):
        return
    produced = faults.SERVER_ERRORS.count - before
    recent = list(faults.SERVER_ERRORS.recent)[-produced:] if produced else []
    assert produced == 0, f"{produced} request(s) answered 500: {recent}"
