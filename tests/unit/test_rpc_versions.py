"""RPC versions: servers accept what their target allows, clients are capped
by [upgrade_levels] or by the oldest service recorded, and a capped compute
client sends the older form of a method whose signature changed."""
import threading

# First: onestack.rpc selects oslo.service's threading backend, which must
# happen before anything imports oslo_messaging.
from onestack import rpc  # isort: skip

import oslo_messaging as messaging
import pytest

from onestack.common.context import RequestContext
from onestack.compute import rpcapi as compute_rpcapi
from onestack.compute.manager import ComputeManager
from onestack.db import migration, services
from onestack.scheduler import rpcapi as scheduler_rpcapi
from onestack.scheduler.manager import SchedulerManager

WAIT = 5
CTX = RequestContext(user_id="u1", project_id="p1", roles=["member"])


class OldCompute:
    """A compute host of RPC API 1.0: run_action still takes `arguments`."""
    target = messaging.Target(version="1.0")

    def __init__(self):
        self.received = []
        self.event = threading.Event()

    def run_action(self, ctx, instance_uuid, action, arguments):
        self.received.append({"instance_uuid": instance_uuid, "action": action,
                              "arguments": arguments})
        self.event.set()

    def get_host_uptime(self, ctx):
        return "up"


class NewCompute(OldCompute):
    target = messaging.Target(version="1.1")

    def run_action(self, ctx, instance_uuid, action, arguments=None):
        self.received.append({"instance_uuid": instance_uuid, "action": action,
                              **({} if arguments is None else {"arguments": arguments})})
        self.event.set()


@pytest.fixture
def conf(fresh_conf):
    migration.sync()
    rpc.init(fresh_conf)
    yield fresh_conf
    rpc.cleanup()


@pytest.fixture
def host(conf):
    """Starts an endpoint as compute host h1 with its service record."""
    servers = []

    def start(endpoint):
        services.register("h1", "onestack-compute", "compute", endpoint.target.version)
        server = rpc.get_server("compute", "h1", [endpoint])
        server.start()
        servers.append(server)
        return endpoint
    yield start
    for server in servers:
        server.stop()
        server.wait()


def test_managers_accept_the_version_their_rpcapi_speaks():
    assert ComputeManager.target.version == compute_rpcapi.VERSION == "1.2"
    assert SchedulerManager.target.version == scheduler_rpcapi.VERSION


def test_cap_is_the_oldest_recorded_service(conf):
    assert rpc.version_cap("compute", "1.1") == "1.1"  # no service yet: our own
    services.register("h1", "onestack-compute", "compute", "1.1")
    old = services.register("h2", "onestack-compute", "compute", "1.0")
    services.register("s1", "onestack-scheduler", "scheduler", "1.3")
    rpc.reset_version_caps()
    assert rpc.version_cap("compute", "1.1") == "1.0"
    assert rpc.version_cap("scheduler", "1.0") == "1.3"

    services.update(old.id, forced_down=True)  # a forced-down host is not waited for
    assert rpc.version_cap("compute", "1.1") == "1.0"  # kept for CAP_LIFETIME
    rpc.reset_version_caps()
    assert rpc.version_cap("compute", "1.1") == "1.1"


def test_versions_compare_as_numbers(conf):
    services.register("h1", "onestack-compute", "compute", "1.10")
    services.register("h2", "onestack-compute", "compute", "1.9")
    assert rpc.version_cap("compute", "1.10") == "1.9"


def test_upgrade_levels_option_wins(conf):
    services.register("h1", "onestack-compute", "compute", "1.1")
    conf.set_override("compute", "1.0", group="upgrade_levels")
    assert rpc.version_cap("compute", "1.1") == "1.0"
    conf.set_override("compute", "auto", group="upgrade_levels")
    assert rpc.version_cap("compute", "1.1") == "1.1"
    with pytest.raises(ValueError):
        conf.set_override("compute", "one", group="upgrade_levels")


def test_capped_client_sends_the_older_form_to_an_old_host(conf, host):
    old = host(OldCompute())
    compute_rpcapi.run_action(CTX, "h1", "uuid-1", "stop")
    assert old.event.wait(WAIT)
    assert old.received == [{"instance_uuid": "uuid-1", "action": "stop",
                             "arguments": {}}]


def test_uncapped_client_sends_the_newer_form(conf, host):
    new = host(NewCompute())
    compute_rpcapi.run_action(CTX, "h1", "uuid-1", "stop")
    assert new.event.wait(WAIT)
    assert new.received == [{"instance_uuid": "uuid-1", "action": "stop"}]


def test_option_caps_what_a_new_host_gets(conf, host):
    new = host(NewCompute())
    conf.set_override("compute", "1.0", group="upgrade_levels")
    try:
        compute_rpcapi.run_action(CTX, "h1", "uuid-1", "start")
        assert new.event.wait(WAIT)
    finally:
        # overrides live on the OptGroup object every config registers
        conf.clear_override("compute", group="upgrade_levels")
    assert new.received == [{"instance_uuid": "uuid-1", "action": "start",
                             "arguments": {}}]


def test_old_host_refuses_a_newer_message(conf, host):
    host(OldCompute())
    client = rpc.get_client("compute", server="h1", timeout=WAIT)
    with pytest.raises(messaging.UnsupportedVersion):
        client.prepare(version="1.1").call(CTX, "get_host_uptime")
    assert client.call(CTX, "get_host_uptime") == "up"  # 1.0 it accepts


def test_capped_client_refuses_to_send_beyond_its_cap(conf):
    client = rpc.get_client("compute", server="h1", version_cap="1.0")
    assert client.can_send_version("1.0") and not client.can_send_version("1.1")
    with pytest.raises(messaging.RPCVersionCapError):
        client.prepare(version="1.1").cast(CTX, "run_action", instance_uuid="u",
                                           action="stop")


def test_inject_network_info_waits_for_every_host_to_speak_1_2(conf):
    services.register("h1", "onestack-compute", "compute", "1.2")
    rpc.reset_version_caps()
    assert compute_rpcapi.can_inject_network_info("h1")
    services.register("h2", "onestack-compute", "compute", "1.1")
    rpc.reset_version_caps()
    assert not compute_rpcapi.can_inject_network_info("h1")
