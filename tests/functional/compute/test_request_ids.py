"""One request id from the client to every service: the caller's
X-OpenStack-Request-ID becomes the global request id that the API, the
scheduler and the compute host log for the work the request caused."""
import contextlib
import logging
import uuid

from oslo_log import formatters

from tests.functional.compute.conftest import wait_gone, wait_status
from tests.support.processes import wait_for


class _Lines(logging.Handler):
    """Log lines as oslo.log's context formatter writes them."""

    def __init__(self, conf):
        super().__init__(logging.DEBUG)
        self.setFormatter(formatters.ContextFormatter(config=conf))
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@contextlib.contextmanager
def _captured(conf):
    handler = _Lines(conf)
    loggers = [logging.getLogger("onestack")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        for logger, level in zip(loggers, levels):
            logger.removeHandler(handler)
            logger.setLevel(level)


def _boot(sdk, image_id, name, global_request_id):
    reply = sdk.compute.post("/servers", json={"server": {
        "name": name, "imageRef": image_id, "flavorRef": "1", "networks": "none"}},
        microversion="2.37", global_request_id=global_request_id)
    assert reply.status_code == 202, reply.text
    return reply.json()["server"]["id"], reply.headers["X-Openstack-Request-Id"]


def test_callers_request_id_reaches_the_compute_hosts_log(cloud, image_id):
    sdk = cloud.sdk()
    global_id = f"req-{uuid.uuid4()}"
    with _captured(cloud.conf) as lines:
        server_id, local_id = _boot(sdk, image_id, "traced", global_id)
        wait_status(sdk, server_id, "ACTIVE")
        build = wait_for(lambda: [line for line in lines if "Handling build_instance" in line],
                         timeout=10, what="the compute host's line for the build")

    assert local_id != global_id and local_id.startswith("req-")
    ids = f"[{global_id} {local_id} "
    # the compute host received the build the scheduler cast, under the ids
    assert ids in build[0], build[0]
    placed = [line for line in lines if f"Instance {server_id} placed on" in line]
    assert placed and ids in placed[0], placed
    request = [line for line in lines if f'{local_id} ' in line and '"POST ' in line]
    assert request and ids in request[0], request
    # and no line of the work carries the ids of some other request
    assert all(global_id in line for line in lines if local_id in line)
    sdk.compute.delete_server(server_id)
    wait_gone(sdk, server_id)


def test_an_id_that_is_not_a_request_id_is_not_taken(cloud, image_id):
    sdk = cloud.sdk()
    with _captured(cloud.conf) as lines:
        server_id, local_id = _boot(sdk, image_id, "untraced", "req-not-a-uuid")
        wait_status(sdk, server_id, "ACTIVE")
        build = wait_for(lambda: [line for line in lines if "Handling build_instance" in line
                                  and local_id in line],
                         timeout=10, what="the compute host's line for the build")
    assert f"[None {local_id} " in build[0], build[0]
    assert not [line for line in lines if "req-not-a-uuid" in line]
    sdk.compute.delete_server(server_id)
    wait_gone(sdk, server_id)
