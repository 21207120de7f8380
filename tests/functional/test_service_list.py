"""`onestack-manage service list`: :-) while a service heartbeats, XXX once it stops."""
import pytest

from tests.support.processes import Processes, run, wait_for


def _states(config_file):
    output = run("onestack-manage", "--config-file", config_file, "service", "list").stdout
    states = {}
    for line in output.splitlines()[1:]:
        host, binary, status, state = line.split()[:4]
        states[(host, binary)] = (status, state)
    return states


@pytest.fixture
def processes(tmp_path):
    procs = Processes(str(tmp_path))
    yield procs
    procs.stop_all()


def test_services_heartbeat_and_go_down_when_killed(cloud, processes):
    states = _states(cloud.config_file)
    host = cloud.conf.host
    for binary in ("onestack-scheduler", "onestack-compute", "onestack-network",
                   "onestack-volume"):
        assert states[(host, binary)] == ("enabled", ":-)")

    processes.start("compute", "onestack-compute", "--config-file", cloud.config_file,
                    "--host", "killme")
    wait_for(lambda: _states(cloud.config_file).get(("killme", "onestack-compute")) ==
             ("enabled", ":-)"), what="the new compute service to report")
    processes.kill("compute")
    # service_down_time is 4 s in the test cloud's config
    wait_for(lambda: _states(cloud.config_file)[("killme", "onestack-compute")] ==
             ("enabled", "XXX"), timeout=15, what="the killed service to show XXX")
    assert _states(cloud.config_file)[(host, "onestack-compute")] == ("enabled", ":-)")


def test_disable_and_enable_with_reason(cloud):
    host = cloud.conf.host
    run("onestack-manage", "--config-file", cloud.config_file, "service", "disable",
        host, "onestack-volume", "--reason", "maintenance")
    output = run("onestack-manage", "--config-file", cloud.config_file, "service",
                 "list").stdout
    line = [l for l in output.splitlines() if "onestack-volume" in l and host in l][0]
    assert "disabled" in line and line.rstrip().endswith("maintenance")
    run("onestack-manage", "--config-file", cloud.config_file, "service", "enable",
        host, "onestack-volume")
    assert _states(cloud.config_file)[(host, "onestack-volume")] == ("enabled", ":-)")
    missing = run("onestack-manage", "--config-file", cloud.config_file, "service",
                  "enable", "no-such-host", "onestack-volume", check=False)
    assert missing.returncode != 0 and "not found" in missing.stderr


def test_each_service_records_and_shows_its_rpc_version(cloud):
    from onestack.compute.manager import ComputeManager
    from onestack.db import services
    from onestack.scheduler.manager import SchedulerManager

    host = cloud.conf.host
    expected = {"onestack-compute": ComputeManager.target.version,
                "onestack-scheduler": SchedulerManager.target.version,
                "onestack-network": "1.0", "onestack-volume": "1.0"}
    recorded = {row.binary: row.version for row in services.list_(host=host)}
    assert recorded == expected
    output = run("onestack-manage", "--config-file", cloud.config_file, "service",
                 "list", "--host", host).stdout.splitlines()
    assert output[0].split()[:5] == ["Host", "Binary", "Status", "State", "Version"]
    shown = {line.split()[1]: line.split()[4] for line in output[1:]}
    assert shown == expected
