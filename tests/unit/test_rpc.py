"""onestack.rpc over the in-process driver (onestack.rpc_inproc)."""
import threading
import time
import uuid

# First: onestack.rpc selects oslo.service's threading backend, which must
# happen before anything imports oslo_messaging.
from onestack import rpc  # isort: skip

import oslo_messaging as messaging
import pytest
from oslo_config import cfg
from oslo_service import backend as service_backend

from onestack.common import exceptions
from onestack.common.context import RequestContext

WAIT = 5  # seconds; generous bound for things that should take milliseconds


class Endpoint:
    def __init__(self, name="h1"):
        self.name = name
        self.received = []
        self.event = threading.Event()

    def echo(self, ctxt, **kwargs):
        return {"args": kwargs, "server": self.name}

    def whoami(self, ctxt):
        return self.name

    def remember(self, ctxt, **kwargs):
        self.received.append((ctxt, kwargs))
        self.event.set()

    def mutate(self, ctxt, data):
        data["touched"] = True
        return data

    def not_found(self, ctxt, instance_id):
        raise exceptions.NotFound(f"Instance {instance_id} could not be found.")

    def bad_value(self, ctxt):
        raise ValueError("bad value")

    def foreign(self, ctxt):
        raise KeyError("not from an allowed module")  # builtins are always allowed

    def slow(self, ctxt, seconds):
        time.sleep(seconds)
        return "done"

    def _private(self, ctxt):
        return "secret"


@pytest.fixture
def conf():
    conf = cfg.ConfigOpts()
    conf(args=[])
    rpc.init(conf)
    yield conf
    rpc.cleanup()


@pytest.fixture
def topic():
    return "test-" + uuid.uuid4().hex


@pytest.fixture
def serve(conf):
    servers = []

    def serve(topic, server="h1", endpoint=None):
        endpoint = endpoint or Endpoint(server)
        srv = rpc.get_server(topic, server, [endpoint])
        srv.start()
        servers.append(srv)
        return endpoint

    yield serve
    for srv in servers:
        srv.stop()
        srv.wait()


def ctx(**kwargs):
    return RequestContext(user_id="u1", project_id="p1", roles=["member", "reader"], **kwargs)


def test_defaults_and_threading(conf, topic, serve):
    assert conf.transport_url == "inproc://"
    assert conf.control_exchange == "onestack"
    assert rpc.init(conf) is rpc.TRANSPORT  # idempotent
    assert service_backend.get_backend_type() == service_backend.BackendType.THREADING
    srv = rpc.get_server(topic, "h1", [Endpoint()])
    assert srv.executor_type == "threading"


def test_cleanup_resets_transport(conf):
    first = rpc.TRANSPORT
    rpc.cleanup()
    assert rpc.TRANSPORT is None
    with pytest.raises(RuntimeError):
        rpc.get_client("anything")
    assert rpc.init(conf) is not first


def test_call_round_trip(topic, serve):
    serve(topic)
    result = rpc.get_client(topic).call(ctx(), "echo", a=1, b=[1, "two"], c={"d": None})
    assert result == {"args": {"a": 1, "b": [1, "two"], "c": {"d": None}}, "server": "h1"}


def test_payload_crosses_as_json_copy(topic, serve):
    serve(topic)
    data = {"name": "vm1"}
    result = rpc.get_client(topic).call(ctx(), "mutate", data=data)
    assert result == {"name": "vm1", "touched": True}
    assert data == {"name": "vm1"}  # the endpoint got a copy, as over the wire


def test_context_arrives_as_request_context(topic, serve):
    endpoint = serve(topic)
    sent = ctx(is_admin=True)
    rpc.get_client(topic).call(sent, "remember", x=1)
    received, kwargs = endpoint.received[0]
    assert isinstance(received, RequestContext)
    assert received.request_id == sent.request_id
    assert received.roles == ["member", "reader"]
    assert (received.user_id, received.project_id, received.is_admin) == ("u1", "p1", True)
    assert kwargs == {"x": 1}


def test_cast_is_delivered(topic, serve):
    endpoint = serve(topic)
    assert rpc.get_client(topic).cast(ctx(), "remember", value="cast") is None
    assert endpoint.event.wait(WAIT)
    assert endpoint.received[0][1] == {"value": "cast"}


def test_cast_before_server_starts_waits_in_queue(topic, serve):
    rpc.get_client(topic).cast(ctx(), "remember", value="early")
    endpoint = serve(topic)
    assert endpoint.event.wait(WAIT)
    assert endpoint.received[0][1] == {"value": "early"}


def test_fanout_reaches_every_server(topic, serve):
    one, two = serve(topic, "h1"), serve(topic, "h2")
    rpc.get_client(topic).prepare(fanout=True).cast(ctx(), "remember", value="all")
    assert one.event.wait(WAIT) and two.event.wait(WAIT)
    assert one.received[0][1] == two.received[0][1] == {"value": "all"}
    assert len(one.received) == len(two.received) == 1


def test_targeted_server_and_topic_spread(topic, serve):
    serve(topic, "h1"), serve(topic, "h2")
    targeted = rpc.get_client(topic, server="h2")
    assert {targeted.call(ctx(), "whoami") for _ in range(10)} == {"h2"}
    anyone = rpc.get_client(topic)
    assert {anyone.call(ctx(), "whoami") for _ in range(10)} == {"h1", "h2"}


def test_concurrent_calls_each_get_their_own_reply(topic, serve):
    serve(topic, "h1"), serve(topic, "h2")
    client = rpc.get_client(topic, timeout=WAIT)
    results = {}

    def caller(n):
        results[n] = [client.call(ctx(), "echo", n=n, i=i)["args"] for i in range(50)]

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: [{"n": n, "i": i} for i in range(50)] for n in range(8)}


def test_call_without_server_times_out(topic, conf):
    client = rpc.get_client(topic, timeout=0.2)
    start = time.monotonic()
    with pytest.raises(messaging.MessagingTimeout):
        client.call(ctx(), "echo")
    assert 0.2 <= time.monotonic() - start < 1


def test_slow_endpoint_times_out(topic, serve):
    serve(topic)
    with pytest.raises(messaging.MessagingTimeout):
        rpc.get_client(topic).prepare(timeout=0.1).call(ctx(), "slow", seconds=0.5)


def test_remote_onestack_exception_is_raised_as_itself(topic, serve):
    serve(topic)
    with pytest.raises(exceptions.NotFound) as info:
        rpc.get_client(topic).call(ctx(), "not_found", instance_id="i-1")
    assert info.value.message == "Instance i-1 could not be found."
    assert info.value.code == 404
    assert str(info.value).startswith("Instance i-1 could not be found.")


def test_remote_builtin_exception(topic, serve):
    serve(topic)
    with pytest.raises(ValueError, match="bad value"):
        rpc.get_client(topic).call(ctx(), "bad_value")


def test_private_method_is_not_callable(topic, serve):
    serve(topic)
    # oslo.messaging's dispatcher errors come back as themselves
    with pytest.raises(messaging.NoSuchMethod) as info:
        rpc.get_client(topic).call(ctx(), "_private")
    assert "does not support RPC method _private" in str(info.value)


def test_server_stop_is_prompt_and_leaves_messages_queued(topic, serve, conf):
    srv = rpc.get_server(topic, "h1", [Endpoint()])
    srv.start()
    assert rpc.get_client(topic).call(ctx(), "whoami") == "h1"
    start = time.monotonic()
    srv.stop()
    srv.wait()
    assert time.monotonic() - start < 1
    rpc.get_client(topic).cast(ctx(), "remember", value="later")
    endpoint = serve(topic, "h2")  # a new consumer gets what arrived meanwhile
    assert endpoint.event.wait(WAIT)
    assert endpoint.received[0][1] == {"value": "later"}


def test_separate_transports_share_queues(topic, serve, conf):
    serve(topic)
    other = messaging.get_rpc_transport(conf, url="inproc://")
    try:
        client = messaging.get_rpc_client(other, messaging.Target(topic=topic))
        assert client.call({"request_id": "req-x"}, "whoami") == "h1"
    finally:
        other.cleanup()


def test_notifications_reach_listeners_of_topic_and_priority(conf, topic):
    transport = messaging.get_notification_transport(conf, url="inproc://")
    got = []
    done = threading.Event()

    class Listener:
        def info(self, ctxt, publisher_id, event_type, payload, metadata):
            got.append((publisher_id, event_type, payload))
            done.set()

    listener = messaging.get_notification_listener(
        transport, [messaging.Target(topic=topic)], [Listener()])
    listener.start()
    try:
        notifier = messaging.Notifier(transport, publisher_id="compute.h1",
                                      driver="messaging", topics=[topic])
        notifier.error({}, "compute.instance.ignored", {"n": 0})  # no error() listener
        notifier.info({}, "compute.instance.create.end", {"uuid": "abc"})
        assert done.wait(WAIT)
        assert got == [("compute.h1", "compute.instance.create.end", {"uuid": "abc"})]
    finally:
        listener.stop()
        listener.wait()
        transport.cleanup()
