"""A floating IP create+associate round trip through the networking API.

    python benchmarks/neutron_floatingips.py [--rounds 200]

Starts the whole cloud in process (SQLite, fake driver), makes a network
with a subnet and a pool of floating IPs, and holds one port (a fixed IP)
in it. Each round is what `openstack server add floating ip` costs on a
free address: POST /v2.0/floatingips on the pool's network, then PUT it
with the port's id (the association, which casts a refresh to the network
hosts), then the DELETE that gives it back (timed apart). Reports the median
and p95 of the create+associate pair and of the delete, with the machine's
load average, in benchmarks/results/neutron_floatingips.json.
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

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from onestack.db import networks  # noqa: E402
from onestack.network import pools  # noqa: E402
from tests.support.cloud import Cloud  # noqa: E402
from tests.support.compute_http import Compute  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "neutron_floatingips.json"


def prepare(cloud, session) -> tuple[str, str]:
    """(the pool's network id, a port id)."""
    url = cloud.url("network") + "/v2.0"
    network = session.post(url + "/networks", json={"network": {"name": "bench"}}
                           ).json()["network"]
    session.post(url + "/subnets", json={"subnet": {
        "network_id": network["id"], "ip_version": 4, "cidr": "10.241.0.0/24"}})
    Compute(cloud, session)("POST", "/os-floating-ips-bulk", json={
        "floating_ips_bulk_create": {"ip_range": "198.18.0.0/26", "pool": "bench"}})
    port = networks.allocate(networks.get(network["id"]), None,
                             session.get_project_id())
    return pools.network_id("bench"), port.uuid


def _p95(times: list[float]) -> float:
    return round(sorted(times)[int(0.95 * (len(times) - 1))], 1)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as state:
        cloud = Cloud(state, {"quota.floating_ips": -1})
        try:
            session = cloud.session()
            network_id, port_id = prepare(cloud, session)
            url = cloud.url("network") + "/v2.0/floatingips"
            pairs, deletes = [], []
            for _ in range(args.rounds):
                started = time.perf_counter()
                made = session.post(url, json={"floatingip": {
                    "floating_network_id": network_id}}).json()["floatingip"]
                associated = session.put(f"{url}/{made['id']}", json={"floatingip": {
                    "port_id": port_id}}).json()["floatingip"]
                pairs.append((time.perf_counter() - started) * 1000)
                assert associated["status"] == "ACTIVE", associated
                started = time.perf_counter()
                session.delete(f"{url}/{made['id']}").raise_for_status()
                deletes.append((time.perf_counter() - started) * 1000)
        finally:
            cloud.stop()
    result = {"scenario": "POST /v2.0/floatingips + PUT port_id (+ DELETE apart)",
              "rounds": args.rounds,
              "create_associate_median_ms": round(statistics.median(pairs), 1),
              "create_associate_p95_ms": _p95(pairs),
              "delete_median_ms": round(statistics.median(deletes), 1),
              "delete_p95_ms": _p95(deletes),
              "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
              "cpus": os.cpu_count()}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
