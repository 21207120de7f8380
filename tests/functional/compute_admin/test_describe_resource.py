"""`onestack-manage service describe_resource HOST`: the seed's table of a
host's total, used_now and used_max CPUs, memory and disk, and per project."""
import uuid

from tests.support.processes import run

BIG = {"name": "m1.big", "vcpus": 4, "memory_mb": 8192, "root_gb": 100,
       "ephemeral_gb": 20, "swap": 0}
# swap counts as whole GB of disk, as claims count it
SMALL = {"name": "m1.small", "vcpus": 1, "memory_mb": 2048, "root_gb": 30,
         "ephemeral_gb": 0, "swap": 512}


def _describe(cloud, host, check=True):
    return run("onestack-manage", "--config-file", cloud.config_file, "service",
               "describe_resource", host, check=check)


def _table(output):
    header, *lines = output.splitlines()
    rows = {}
    for line in lines:
        *label, cpu, mem, hdd = line.split()
        rows[" ".join(label)] = (int(cpu), int(mem), int(hdd))
    return header.split(), rows


def test_describe_resource_of_a_host(cloud, fixtures):
    host, _, node = fixtures.host({"vcpus": 16, "memory_mb": 32232, "local_gb": 878})
    p1, p2 = "p1-" + uuid.uuid4().hex[:8], "p2-" + uuid.uuid4().hex[:8]
    fixtures.allocation(node, 4, 8192, 120,
                        consumer_uuid=fixtures.instance(p1, host=host, flavor=BIG).uuid)
    for project, vm_state in ((p1, "stopped"), (p2, "active")):
        instance = fixtures.instance(project, host=host, flavor=SMALL, vm_state=vm_state)
        fixtures.allocation(node, 1, 2048, 31, consumer_uuid=instance.uuid)
    fixtures.instance(p2, host=host, flavor=BIG, deleted=True)
    # the source end of a move away, held by its migration: allocated here
    # now, though the instance is recorded on its new host
    fixtures.allocation(node, 1, 2048, 31)

    header, rows = _table(_describe(cloud, host).stdout)
    assert header == ["HOST", "PROJECT", "cpu", "mem(mb)", "hdd"]
    assert rows == {f"{host}(total)": (16, 32232, 878),
                    f"{host}(used_now)": (7, 14336, 213),
                    f"{host}(used_max)": (6, 12288, 182),
                    f"{host} {p1}": (5, 10240, 151),
                    f"{host} {p2}": (1, 2048, 31)}


def test_a_host_without_instances(cloud, fixtures):
    host, _, _ = fixtures.host({"vcpus": 8, "memory_mb": 4096, "local_gb": 40})
    _, rows = _table(_describe(cloud, host).stdout)
    assert rows == {f"{host}(total)": (8, 4096, 40), f"{host}(used_now)": (0, 0, 0),
                    f"{host}(used_max)": (0, 0, 0)}


def test_an_unknown_host_is_one_line_and_exit_code_2(cloud):
    result = _describe(cloud, "no-such-host", check=False)
    assert result.returncode == 2
    assert result.stderr == "ERROR: Compute host no-such-host could not be found.\n"
    assert result.stdout == ""
