"""onestack.rpc over a real RabbitMQ: the same code path as in-process, other transport_url."""
import os
import socket
import threading
import uuid

# First: onestack.rpc selects oslo.service's threading backend, which must
# happen before anything imports oslo_messaging.
from onestack import rpc  # isort: skip

import pytest
from oslo_config import cfg

from onestack.common import exceptions
from onestack.common.context import RequestContext

RABBIT_URL = "rabbit://guest:guest@127.0.0.1:5672/"
pytestmark = pytest.mark.services


def _rabbit_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5672), timeout=1):
            return True
    except OSError:
        return False


class Endpoint:
    def __init__(self):
        self.received = []
        self.event = threading.Event()

    def echo(self, ctxt, **kwargs):
        return {"args": kwargs, "request_id": ctxt.request_id, "roles": ctxt.roles}

    def remember(self, ctxt, **kwargs):
        self.received.append((ctxt, kwargs))
        self.event.set()

    def not_found(self, ctxt, name):
        raise exceptions.NotFound(f"{name} could not be found.")


@pytest.fixture(scope="module")
def rabbit(tmp_path_factory):
    if not _rabbit_reachable():
        reason = "RabbitMQ is not reachable at 127.0.0.1:5672"
        if os.environ.get("ONESTACK_REQUIRE_SERVICES") == "1":
            pytest.fail(reason + " and ONESTACK_REQUIRE_SERVICES=1")
        pytest.skip(reason)
    config = tmp_path_factory.mktemp("rabbit") / "onestack.conf"
    # auto_delete: the test's queues and its own exchange go away with their
    # consumers (an exchange's auto_delete must match wherever it is declared).
    config.write_text(f"[DEFAULT]\ntransport_url = {RABBIT_URL}\n"
                      f"control_exchange = onestack-test-{uuid.uuid4().hex}\n"
                      "[oslo_messaging_rabbit]\namqp_auto_delete = true\n")
    conf = cfg.ConfigOpts()
    conf(args=["--config-file", str(config)])
    rpc.cleanup()  # another test module may have left an in-process transport
    rpc.init(conf)
    topic = "onestack-test-" + uuid.uuid4().hex
    endpoint = Endpoint()
    server = rpc.get_server(topic, "h1", [endpoint])
    server.start()
    yield topic, endpoint
    server.stop()
    server.wait()
    rpc.cleanup()


def test_transport_is_rabbit(rabbit):
    assert rpc.TRANSPORT.conf.transport_url == RABBIT_URL


def test_call_round_trip(rabbit):
    topic, _ = rabbit
    sent = RequestContext(user_id="u1", roles=["admin", "member"])
    result = rpc.get_client(topic, timeout=10).call(sent, "echo", a=1, b=["x"])
    assert result == {"args": {"a": 1, "b": ["x"]}, "request_id": sent.request_id,
                      "roles": ["admin", "member"]}


def test_targeted_call(rabbit):
    topic, _ = rabbit
    result = rpc.get_client(topic, server="h1", timeout=10).call(RequestContext(), "echo", z=0)
    assert result["args"] == {"z": 0}


def test_cast_is_delivered(rabbit):
    topic, endpoint = rabbit
    sent = RequestContext(project_id="p1")
    rpc.get_client(topic).cast(sent, "remember", value="cast")
    assert endpoint.event.wait(10)
    received, kwargs = endpoint.received[-1]
    assert isinstance(received, RequestContext)
    assert (received.request_id, received.project_id) == (sent.request_id, "p1")
    assert kwargs == {"value": "cast"}


def test_remote_exception(rabbit):
    topic, _ = rabbit
    with pytest.raises(exceptions.NotFound) as info:
        rpc.get_client(topic, timeout=10).call(RequestContext(), "not_found", name="vm1")
    assert info.value.message == "vm1 could not be found."
