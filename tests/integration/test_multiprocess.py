"""The same cloud as separate processes on PostgreSQL or MariaDB and RabbitMQ:
onestack-api serving identity, and onestack-scheduler reached over RPC."""
import uuid

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from onestack import rpc
from onestack.common.context import RequestContext
from tests.support import services
from tests.support.cloud import ADMIN_PASSWORD, load_config, write_config
from tests.support.processes import Processes, answers, run, wait_for

pytestmark = pytest.mark.services


@pytest.fixture(params=["postgresql", "mysql"])
def deployment(request, tmp_path):
    vhost = services.TemporaryVhost()
    database = services.TemporaryDatabase(request.param)
    state = str(tmp_path / "state")
    config_file = write_config(state, {
        "DEFAULT.transport_url": vhost.url,
        "DEFAULT.host": "node-" + uuid.uuid4().hex[:6],
        "DEFAULT.rpc_ping_enabled": "true",
        "database.connection": database.url,
    })
    processes = Processes(str(tmp_path))
    try:
        run("onestack-manage", "--config-file", config_file, "db", "sync")
        run("onestack-manage", "--config-file", config_file, "bootstrap")
        processes.start("api", "onestack-api", "--config-file", config_file)
        processes.start("scheduler", "onestack-scheduler", "--config-file", config_file)
        yield request.param, config_file, processes
    finally:
        processes.stop_all()
        database.drop()
        vhost.drop()


def test_identity_and_rpc_across_processes(deployment):
    engine_name, config_file, processes = deployment
    conf = load_config(config_file)
    identity = f"http://127.0.0.1:{conf.identity_listen_port}"
    wait_for(lambda: answers(identity + "/v3"), what=f"onestack-api ({processes.log('api')})")

    session = ks_session.Session(auth=v3.Password(
        auth_url=identity + "/v3", username="admin", password=ADMIN_PASSWORD,
        project_name="admin", user_domain_id="default", project_domain_id="default"))
    project = session.post(identity + "/v3/projects",
                           json={"project": {"name": "p-" + engine_name}}).json()
    assert project["project"]["name"] == "p-" + engine_name
    dup = session.post(identity + "/v3/projects", raise_exc=False,
                       json={"project": {"name": "p-" + engine_name}})
    assert dup.status_code == 409

    listing = wait_for(lambda: _scheduler_up(config_file, conf.host),
                       what=f"scheduler heartbeat ({processes.log('scheduler')})")
    assert ":-)" in listing

    rpc.cleanup()
    rpc.init(conf)
    try:
        client = rpc.get_client("scheduler", server=conf.host, timeout=30)
        reply = client.call(RequestContext.admin(), "oslo_rpc_server_ping")
        assert reply == "pong"
    finally:
        rpc.cleanup()


def _scheduler_up(config_file, host):
    output = run("onestack-manage", "--config-file", config_file, "service", "list").stdout
    for line in output.splitlines():
        if host in line and "onestack-scheduler" in line and ":-)" in line:
            return line
    return None
