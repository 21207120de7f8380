"""One scheduling decision among 1,000 hosts: filters and weighers in memory.

    python benchmarks/scheduler_decision.py [--hosts 1000] [--decisions 2000]

The decision (onestack.scheduler.selection.Selector.choose: every enabled
filter, every weigher, the pick) runs on simulated host states in memory; the
target is under 5 ms. For context it also measures reading those host states
from SQLite (one query for the nodes, one for the services) and a whole
placement there (read, decide, claim). Writes
benchmarks/results/scheduler_decision.json (a list, one record per scenario)
and prints it.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import pathlib
import random
import statistics
import sys
import tempfile
import uuid
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

# first: onestack.rpc selects oslo.service's threading backend
from onestack import rpc  # noqa: E402,F401
from oslo_config import cfg  # noqa: E402

from onestack import conf as onestack_conf  # noqa: E402
from onestack.db import compute_nodes, engine, migration, services  # noqa: E402
from onestack.scheduler import host_state, selection  # noqa: E402
from onestack.scheduler.request import PlacementRequest  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "scheduler_decision.json"
TARGET_MS = 5.0
FLAVOR = {"vcpus": 2, "memory_mb": 4096, "root_gb": 20, "ephemeral_gb": 0, "swap": 0}


def simulated_hosts(count: int, rng: random.Random) -> list[host_state.HostState]:
    """Hosts of a few sizes, partly used; 2% disabled, 1% down."""
    hosts = []
    for i in range(count):
        vcpus, memory_mb, local_gb = rng.choice([(16, 65536, 500), (32, 131072, 1000),
                                                 (64, 262144, 2000)])
        state = host_state.HostState(
            host=f"compute-{i:04d}", node_id=i + 1, hypervisor_hostname=f"compute-{i:04d}",
            vcpus=vcpus, memory_mb=memory_mb, local_gb=local_gb,
            vcpus_used=rng.randrange(vcpus * 4), memory_mb_used=rng.randrange(memory_mb),
            local_gb_used=rng.randrange(local_gb), enabled=rng.random() > 0.02,
            up=rng.random() > 0.01)
        hosts.append(state)
    return hosts


def make_conf(state_path: str | None = None) -> cfg.ConfigOpts:
    conf = cfg.ConfigOpts()
    onestack_conf.register_all(conf)
    conf([], project="onestack", default_config_files=[])
    if state_path:
        conf.set_override("state_path", state_path)
    return conf


def timed(function, count: int, warmup: int = 50) -> list[float]:
    for _ in range(warmup):
        function()
    times = []
    for _ in range(count):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def record(scenario: str, hosts: int, times: list[float], target_ms=None) -> dict:
    times = sorted(times)
    result = {
        "scenario": scenario,
        "hosts": hosts,
        "runs": len(times),
        "median_ms": round(statistics.median(times) * 1000, 4),
        "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 4),
        "cpus": len(os.sched_getaffinity(0)),
        "command": " ".join(["python", "benchmarks/scheduler_decision.py", *sys.argv[1:]]),
    }
    if target_ms is not None:
        result["target_ms"] = target_ms
        result["met"] = result["p95_ms"] < target_ms
    return result


def decision_scenarios(count: int, decisions: int) -> list[dict]:
    conf = make_conf()
    rng = random.Random(42)
    hosts = simulated_hosts(count, rng)
    selector = selection.Selector(conf, rng=random.Random(1))
    ratios = host_state.ratios_of(conf)
    plain = PlacementRequest(resources=host_state.resources_of(FLAVOR), ratios=ratios)
    zone_hosts = frozenset(state.host for state in hosts[: count // 2])
    members = collections.Counter(state.host for state in rng.sample(hosts, 50))
    grouped = PlacementRequest(resources=host_state.resources_of(FLAVOR), ratios=ratios,
                               availability_zone="az1", zone_hosts=zone_hosts,
                               group_uuid="g", group_policy="anti-affinity",
                               group_hosts=members)
    soft = PlacementRequest(resources=host_state.resources_of(FLAVOR), ratios=ratios,
                            group_uuid="g", group_policy="soft-anti-affinity",
                            group_hosts=members)
    return [
        record("decision: default filters and weighers", count,
               timed(lambda: selector.choose(hosts, plain), decisions), TARGET_MS),
        record("decision: availability zone and anti-affinity group", count,
               timed(lambda: selector.choose(hosts, grouped), decisions), TARGET_MS),
        record("decision: soft-anti-affinity weigher", count,
               timed(lambda: selector.choose(hosts, soft), decisions), TARGET_MS),
    ]


def sqlite_scenarios(count: int, runs: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        conf = make_conf(tmp)
        engine.configure(conf)
        migration.sync()
        for i in range(count):
            name = f"compute-{i:04d}"
            services.register(name, host_state.COMPUTE_BINARY, "compute", "1.0")
            compute_nodes.report(name, name, {"vcpus": 64, "memory_mb": 262144,
                                              "local_gb": 2000, "hypervisor_type": "fake"})
        selector = selection.Selector(conf)
        ratios = host_state.ratios_of(conf)

        def place():
            request = PlacementRequest(resources=host_state.resources_of(FLAVOR),
                                       ratios=ratios)
            selector.place(host_state.load(conf), request, str(uuid.uuid4()))

        results = [
            record("read host states from SQLite (2 queries)", count,
                   timed(lambda: host_state.load(conf), runs, warmup=5)),
            record("placement on SQLite: read, decide, claim", count,
                   timed(place, runs, warmup=5)),
        ]
        engine.dispose_all()
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--sqlite-runs", type=int, default=50)
    args = parser.parse_args()
    results = decision_scenarios(args.hosts, args.decisions)
    results += sqlite_scenarios(args.hosts, args.sqlite_runs)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
