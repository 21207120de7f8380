"""The wanted host state of 1,000 instances with 5 security group rules each.

    python benchmarks/network_rules.py [--instances 1000]

On SQLite: every instance on one network with a fixed IP, all in one group
of 5 rules (icmp, ssh, http, a port range, and one from the group itself,
which resolves to every member's address). Measures reading the state from
the database (onestack.network.host_state.compute) and rendering it as
iptables-restore text; the target is under 100 ms together. Writes
benchmarks/results/network_rules.json and prints it.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import tempfile
import time
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from onestack import rpc  # noqa: E402,F401  (selects the threading backend)

from benchmarks.scheduler_decision import make_conf  # noqa: E402
from onestack.db import engine, instances, migration, networks  # noqa: E402
from onestack.db import security_groups  # noqa: E402
from onestack.network import api as network_api, host_state  # noqa: E402
from onestack.network.linux import iptables  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "network_rules.json"
TARGET_MS = 100.0
RULES = [{"protocol": "icmp"}, {"protocol": "tcp", "port_range_min": 22,
                                "port_range_max": 22},
         {"protocol": "tcp", "port_range_min": 80, "port_range_max": 80},
         {"protocol": "udp", "port_range_min": 5000, "port_range_max": 5100}]


def populate(conf, count: int, extra_rules=()) -> None:
    """count active instances on one network, each in one group of RULES, a
    rule from the group itself, and extra_rules."""
    [network] = network_api.create_networks(conf, "bench", "10.8.0.0/20")
    networks.update_network(network.uuid, host=conf.host)
    group = security_groups.create_group(conf, "p1", "u1", "bench", "benchmark")
    for rule in RULES:
        security_groups.create_rule(conf, group.id, {"direction": "ingress",
                                                     "ethertype": "IPv4", **rule})
    for extra in ({"direction": "ingress", "remote_group_id": group.id},
                  *extra_rules):
        security_groups.create_rule(conf, group.id, {"ethertype": "IPv4", **extra})
    rows = [{"display_name": f"vm-{i}", "project_id": "p1", "user_id": "u1",
             "flavor": json.dumps({"name": "m1.tiny", "swap": 0}), "memory_mb": 64,
             "vcpus": 1, "root_gb": 1, "vm_state": "active", "reservation_id": "r",
             "hostname": f"vm-{i}", "availability_zone": "nova", "launch_index": i,
             "uuid": str(uuid.uuid4())} for i in range(count)]
    created = instances.create_many(conf, "p1", rows, {}, [])
    for row in created:
        networks.allocate(network, row.uuid, "p1")
    security_groups.bind([row.uuid for row in created], [group.id])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--instances", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        conf = make_conf(tmp)
        for name in ("instances", "cores", "ram", "security_group_rules"):
            conf.set_override(name, -1, group="quota")
        engine.configure(conf)
        migration.sync()
        populate(conf, args.instances)
        state = host_state.compute(conf, conf.host)
        assert len(state.ports) == args.instances
        times = {"read": [], "render": []}
        for _ in range(args.runs):
            start = time.perf_counter()
            state = host_state.compute(conf, conf.host)
            middle = time.perf_counter()
            text = iptables.render(state)
            times["read"].append(middle - start)
            times["render"].append(time.perf_counter() - middle)
        engine.dispose_all()
    total = [a + b for a, b in zip(times["read"], times["render"])]
    result = {
        "scenario": f"wanted state of {args.instances} instances, 5 rules each",
        "rules_lines": text["filter"].count("\n-A "),
        "read_median_ms": round(statistics.median(times["read"]) * 1000, 1),
        "render_median_ms": round(statistics.median(times["render"]) * 1000, 1),
        "total_median_ms": round(statistics.median(total) * 1000, 1),
        "target_ms": TARGET_MS,
        "met": statistics.median(total) * 1000 < TARGET_MS,
        "command": " ".join(["python", "benchmarks/network_rules.py", *sys.argv[1:]]),
    }
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
