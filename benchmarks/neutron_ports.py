"""GET /v2.0/ports with 1,000 ports, through the real HTTP stack.

    python benchmarks/neutron_ports.py [--ports 1000] [--rounds 20]

Starts the whole cloud in process (SQLite, fake driver), makes a network
with a /20 subnet through the networking API, holds --ports addresses in it
(each a server's port, in the default security group), then lists them as
the admin --rounds times (keystoneauth session, one token). Reports the
median and p95 latency and the body size, with the machine's load average,
in benchmarks/results/neutron_ports.json.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import sys
import tempfile
import time
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from onestack.db import networks, security_groups  # noqa: E402
from tests.support.cloud import Cloud  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "neutron_ports.json"


def populate(cloud, session, count: int) -> None:
    url = cloud.url("network") + "/v2.0"
    network = session.post(url + "/networks", json={"network": {"name": "bench"}}
                           ).json()["network"]
    session.post(url + "/subnets", json={"subnet": {
        "network_id": network["id"], "ip_version": 4, "cidr": "10.240.0.0/20"}})
    row = networks.get(network["id"])
    project = session.get_project_id()
    group = security_groups.ensure_default(project, None, [])
    held = [networks.allocate(row, str(uuid.uuid4()), project).uuid
            for _ in range(count)]
    security_groups.bind(held, [group.id])


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ports", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as state:
        cloud = Cloud(state)
        try:
            session = cloud.session()
            populate(cloud, session, args.ports)
            url = cloud.url("network") + "/v2.0/ports"
            first = session.get(url)
            assert len(first.json()["ports"]) == args.ports, len(first.json()["ports"])
            times = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                session.get(url).raise_for_status()
                times.append((time.perf_counter() - started) * 1000)
        finally:
            cloud.stop()
    times.sort()
    result = {"scenario": "GET /v2.0/ports", "ports": args.ports,
              "rounds": args.rounds, "median_ms": round(statistics.median(times), 1),
              "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
              "body_bytes": len(first.content),
              "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
              "cpus": os.cpu_count()}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
