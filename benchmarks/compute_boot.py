"""Compute with the fake driver in `onestack all` (one process, SQLite),
started as a process of its own as `make run` does, the clients in this one:
boot-to-ACTIVE and delete latency (median and p95 of 50), 200 boots from 20
concurrent clients (without a network, and with a fixed IP each), and GET
/servers/detail?limit=1000 with 1,000 and with
10,000 servers (the 9,000 beyond the first 1,000 are copies of a booted
server's database row: the page, not the boots, is measured there).

    python benchmarks/compute_boot.py [--boots 50] [--rabbit]

--rabbit sends every RPC of `onestack all` through RabbitMQ on 127.0.0.1 (a
vhost of its own) instead of the in-process driver, and measures the boot and delete latency
only. Writes benchmarks/results/compute_boot[_rabbit].json and prints it.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import pathlib
import statistics
import sys
import tempfile
import time
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from onestack import rpc  # noqa: E402,F401  (first: selects oslo.service's threading backend)
from onestack.db import engine, models  # noqa: E402
from tests.support.processes import CloudProcess  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "compute_boot.json"
COMMAND = "python benchmarks/compute_boot.py"


def _stats(samples):
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000, 1)}


def _status(sdk, server_id):
    reply = sdk.compute.get(f"/servers/{server_id}", raise_exc=False)
    return reply.json()["server"]["status"] if reply.status_code == 200 else "GONE"


def _wait(sdk, server_id, wanted, interval=0.002, timeout=None):
    deadline = None if timeout is None else time.monotonic() + timeout
    while deadline is None or time.monotonic() < deadline:
        status = _status(sdk, server_id)
        if status == wanted:
            return
        if status == "ERROR":
            raise RuntimeError(f"{server_id} went to ERROR")
        time.sleep(interval)
    raise RuntimeError(f"{server_id} did not reach {wanted}")


def boot(sdk, image_id, name, count=1, networks="none"):
    body = {"server": {"name": name, "imageRef": image_id, "flavorRef": "1",
                       "networks": networks, "min_count": count, "max_count": count}}
    reply = sdk.compute.post("/servers", json=body, microversion="2.79")
    return reply.json()["server"]["id"]


def boot_and_delete_latency(sdk, image_id, count):
    boots, deletes = [], []
    for i in range(count):
        start = time.perf_counter()
        server_id = boot(sdk, image_id, f"lat-{i}")
        _wait(sdk, server_id, "ACTIVE")
        boots.append(time.perf_counter() - start)
        start = time.perf_counter()
        sdk.compute.delete(f"/servers/{server_id}")
        _wait(sdk, server_id, "GONE")
        deletes.append(time.perf_counter() - start)
    return boots, deletes


def concurrent_boots(cloud, image_id, total, clients, networks="none", prefix="par"):
    """total boots POSTed by `clients` concurrent clients; one watcher lists
    the servers until all are ACTIVE (20 clients each polling their own
    servers would measure the polling, not the boots)."""
    sessions = [cloud.sdk() for _ in range(clients)]
    watcher = cloud.sdk()
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        ids = list(pool.map(lambda i: boot(sessions[i % clients], image_id,
                                           f"{prefix}-{i}", networks=networks),
                            range(total)))
    while True:
        listed = watcher.compute.get(f"/servers?name=^{prefix}-&limit=1000"
                                     ).json()["servers"]
        active = watcher.compute.get(
            f"/servers?name=^{prefix}-&status=ACTIVE&limit=1000").json()["servers"]
        if len(active) == total:
            break
        if watcher.compute.get(f"/servers?name=^{prefix}-&status=ERROR"
                               ).json()["servers"]:
            raise RuntimeError("a concurrent boot went to ERROR")
        assert len(listed) == total
        time.sleep(0.05)
    return total / (time.perf_counter() - start), ids


def wait_settled(sdk):
    """Until no server is building, so the pages are timed on an idle cloud."""
    while sdk.compute.get("/servers?status=BUILD&limit=1").json()["servers"]:
        time.sleep(0.5)


def clone_servers(template_uuid: str, count: int) -> None:
    """count copies of a booted server's row, with ids and names of their own."""
    table = models.Instance.__table__
    with engine.transaction() as session:
        template = dict(session.execute(table.select().where(
            table.c.uuid == template_uuid)).mappings().one())
        template.pop("id", None)
        rows = [{**template, "uuid": str(uuid.uuid4()), "display_name": f"copy-{i}",
                 "hostname": f"copy-{i}"} for i in range(count)]
        for start in range(0, count, 1000):
            session.execute(table.insert(), rows[start:start + 1000])


def page_latency(sdk, rounds=10):
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        reply = sdk.compute.get("/servers/detail?limit=1000", microversion="2.79")
        samples.append(time.perf_counter() - start)
    return samples, len(reply.json()["servers"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boots", type=int, default=50)
    parser.add_argument("--rabbit", action="store_true")
    args = parser.parse_args()
    settings = {"fake_driver.vcpus": 100000, "fake_driver.memory_mb": 100000000,
                "fake_driver.local_gb": 1000000}
    vhost = None
    if args.rabbit:
        from tests.support.services import TemporaryVhost
        vhost = TemporaryVhost()
        settings["DEFAULT.transport_url"] = vhost.url
    with tempfile.TemporaryDirectory() as state:
        cloud = CloudProcess(state, settings)
        engine.configure(cloud.conf)  # the same SQLite file, to copy rows into
        try:
            sdk = cloud.sdk()
            sdk.compute.put(f"/os-quota-sets/{sdk.current_project_id}", json={
                "quota_set": {"instances": -1, "cores": -1, "ram": -1}})
            image_id = sdk.image.find_image(cloud.conf.image.default_image_name).id
            boots, deletes = boot_and_delete_latency(sdk, image_id, args.boots)
            if args.rabbit:
                _write(RESULTS.with_name("compute_boot_rabbit.json"), [
                    {"scenario": "boot to ACTIVE, fake driver, RPC over RabbitMQ",
                     "count": args.boots, **_stats(boots),
                     "command": COMMAND + " --rabbit"},
                    {"scenario": "delete until gone, fake driver, RPC over RabbitMQ",
                     "count": args.boots, **_stats(deletes),
                     "command": COMMAND + " --rabbit"}])
                return
            rate, ids = concurrent_boots(cloud, image_id, 200, 20)
            # the same with a fixed IP each (networks auto: `private`, a /24)
            addressed_rate, _ = concurrent_boots(cloud, image_id, 200, 20,
                                                 networks="auto", prefix="net")
            for _ in range(8):
                boot(sdk, image_id, "bulk", count=100)
            wait_settled(sdk)
            pages, count = page_latency(sdk)
            clone_servers(ids[0], 9000)
            big_pages, _ = page_latency(sdk)
        finally:
            cloud.stop()
            engine.dispose_all()
            if vhost is not None:
                vhost.drop()
    results = [
        {"scenario": "boot to ACTIVE, fake driver, onestack all", "count": args.boots,
         **_stats(boots), "command": COMMAND},
        {"scenario": "delete until gone, fake driver, onestack all", "count": args.boots,
         **_stats(deletes), "command": COMMAND},
        {"scenario": "200 boots to ACTIVE from 20 concurrent clients",
         "servers_per_second": round(rate, 1), "command": COMMAND},
        {"scenario": "the same, each server with a fixed IP (networks auto)",
         "servers_per_second": round(addressed_rate, 1),
         "ratio_to_no_network": round(addressed_rate / rate, 2), "command": COMMAND},
        {"scenario": f"GET /servers/detail?limit=1000 with {count} servers in the page",
         **_stats(pages), "command": COMMAND},
        {"scenario": "GET /servers/detail?limit=1000 with 10,000 servers in all",
         **_stats(big_pages), "command": COMMAND},
    ]
    _write(RESULTS, results)


def _write(path, results):
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
