"""The manager behind a real in-process RPC server, driven through
onestack.scheduler.rpcapi: the keyword arguments of both methods match, and
NoValidHost reaches the caller as itself."""
import time

from onestack import rpc  # isort: skip

import pytest

from onestack.db import compute_nodes, instances
from onestack.scheduler import manager as manager_module
from onestack.scheduler import rpcapi
from onestack.scheduler.errors import NoValidHost
from tests.unit.scheduler.factories import CTX, add_compute_host, boot, spec

WAIT = 5  # seconds; generous for what takes milliseconds


@pytest.fixture
def casts(database, monkeypatch):
    """A scheduler served on the in-process transport; build casts recorded."""
    rpc.init(database)
    sent = []
    monkeypatch.setattr(manager_module.compute_rpcapi, "build_instance",
                        lambda ctx, host, uuid, node_id, request_spec, password:
                        sent.append((host, uuid, node_id, password, ctx.request_id)))
    server = rpc.get_server(rpcapi.TOPIC, "scheduler-1",
                            [manager_module.SchedulerManager(database, "scheduler-1")])
    server.start()
    yield sent
    server.stop()
    server.wait()
    rpc.cleanup()


def test_schedule_and_build_over_rpc(database, casts):
    node = add_compute_host("h1")
    [uuid] = boot(database)
    rpcapi.schedule_and_build(CTX, [uuid], spec(), {uuid: "secret"})
    deadline = time.monotonic() + WAIT
    while not casts and time.monotonic() < deadline:
        time.sleep(0.01)
    assert casts == [("h1", uuid, node.id, "secret", CTX.request_id)]
    assert instances.get(uuid).host == "h1"


def test_select_destination_over_rpc(database, casts):
    node = add_compute_host("h1")
    assert rpcapi.select_destination(CTX, spec(), "c1", exclude_hosts=["h0"]) == \
        {"host": "h1", "node_id": node.id, "hypervisor_hostname": "h1"}
    assert compute_nodes.get(node.id).running_vms == 1


def test_no_valid_host_reaches_the_caller_as_itself(database, casts):
    add_compute_host("h1", memory_mb=512)
    try:
        rpcapi.select_destination(CTX, spec(), "c2")
    except NoValidHost as error:
        assert error.code == 400
        assert error.message == ("No valid host was found. There are not enough hosts "
                                 "available. RamFilter removed 1 host.")
    except Exception as error:
        raise AssertionError(f"{type(error).__name__} instead of NoValidHost") from error
    else:
        pytest.fail("select_destination placed what cannot fit")
