"""Requests per second of the metadata service, and its database queries.

    python benchmarks/metadata.py [--seconds 5] [--instances 50]

On SQLite, 50 instances with a key pair, user data, metadata and a fixed IP
in 127.43.0.0/24 (Linux routes 127/8 to lo, so a client socket can take an
instance's address as its source). The metadata API runs in this process
on its waitress server ([wsgi] threads workers), as `onestack all` runs it;
the clients are two other processes with keep-alive connections, each
bound to an instance's address. Scenarios: meta_data.json from one
instance (one connection), and from 50 instances at once (one connection
each); the first requests of the 50 (an empty cache: a boot storm), and
the database queries per 100 requests of each. Target: 2,000 requests/s in
one process. Writes benchmarks/results/metadata.json and prints it.
"""
from __future__ import annotations

import argparse
import base64
import http.client
import json
import logging
import multiprocessing
import os
import pathlib
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from onestack import rpc  # noqa: E402,F401  (selects the threading backend)

from sqlalchemy import event  # noqa: E402

from benchmarks.scheduler_decision import make_conf  # noqa: E402
from onestack.api.metadata import handler  # noqa: E402
from onestack.db import engine, instances, migration, networks  # noqa: E402
from onestack.network import api as network_api  # noqa: E402
from onestack.wsgi import server  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "metadata.json"
PATH = "/openstack/latest/meta_data.json"
TARGET_PER_S = 2000
KEY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC" + "x" * 300 + " bench"


def populate(conf, count: int) -> list[str]:
    [network] = network_api.create_networks(conf, "bench", "127.43.0.0/24")
    rows = [{"display_name": f"vm-{i}", "project_id": "p1", "user_id": "u1",
             "flavor": json.dumps({"name": "m1.tiny", "swap": 0}), "memory_mb": 64,
             "vcpus": 1, "root_gb": 1, "vm_state": "active", "reservation_id": "r-1",
             "hostname": f"vm-{i}", "key_name": "mykey", "key_data": KEY,
             "user_data": base64.b64encode(b"#!/bin/sh\necho hi\n").decode(),
             "availability_zone": "nova", "launch_index": i,
             "uuid": str(uuid.uuid4())} for i in range(count)]
    created = instances.create_many(conf, "p1", rows,
                                    {"role": "webserver", "priority": "low"}, [])
    return [networks.allocate(network, row.uuid, "p1").address for row in created]


class QueryCounter:
    def __init__(self):
        self.count = 0
        event.listen(engine.get_engine(), "before_cursor_execute", self._seen)

    def _seen(self, *_):
        self.count += 1


def client(port: int, sources: list[str], seconds: float, queue) -> None:
    """Each source on its own thread and keep-alive connection, asking
    until the time is up; puts the number of answers (all must be 200)."""
    done = [0] * len(sources)
    deadline = time.monotonic() + seconds

    def ask(index: int, source: str):
        connection = http.client.HTTPConnection("127.0.0.1", port,
                                                source_address=(source, 0))
        while time.monotonic() < deadline:
            connection.request("GET", PATH)
            response = connection.getresponse()
            response.read()
            assert response.status == 200, response.status
            done[index] += 1
        connection.close()
    threads = [threading.Thread(target=ask, args=(i, s)) for i, s in enumerate(sources)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(sum(done))


def run(port: int, sources: list[str], seconds: float, processes: int = 2) -> int:
    queue = multiprocessing.Queue()
    groups = [sources[i::processes] for i in range(processes)]
    workers = [multiprocessing.Process(target=client, args=(port, group, seconds, queue))
               for group in groups if group]
    for worker in workers:
        worker.start()
    total = sum(queue.get() for _ in workers)
    for worker in workers:
        worker.join()
    return total


def measure(name, port, sources, seconds, counter, processes=2) -> dict:
    before = counter.count
    start = time.perf_counter()
    answered = run(port, sources, seconds, processes)
    elapsed = time.perf_counter() - start
    queries = counter.count - before
    return {"scenario": name, "requests": answered,
            "requests_per_s": round(answered / elapsed),
            "db_queries": queries,
            "db_queries_per_100_requests": round(100 * queries / max(answered, 1), 3)}


def boot_storm(port, sources, counter) -> dict:
    """Each instance's first request, all at once, on an empty cache."""
    before = counter.count
    start = time.perf_counter()
    errors = []

    def first(source):
        connection = http.client.HTTPConnection("127.0.0.1", port,
                                                source_address=(source, 0))
        connection.request("GET", PATH)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            errors.append(response.status)
    threads = [threading.Thread(target=first, args=(s,)) for s in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return {"scenario": f"first request of {len(sources)} instances at once "
                        "(empty cache)", "requests": len(sources),
            "seconds": round(time.perf_counter() - start, 3),
            "db_queries": counter.count - before,
            "db_queries_per_100_requests": round(
                100 * (counter.count - before) / len(sources), 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--instances", type=int, default=50)
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth" lines
    with tempfile.TemporaryDirectory() as tmp:
        conf = make_conf(tmp)
        for name in ("instances", "cores", "ram"):
            conf.set_override(name, -1, group="quota")
        engine.configure(conf)
        migration.sync()
        sources = populate(conf, args.instances)
        counter = QueryCounter()
        api = server.ApiServer("metadata", handler.create(conf), "127.0.0.1", 0,
                               server.settings_for(conf, "nova"))
        api.start()
        try:
            results = [boot_storm(api.port, sources, counter),
                       measure("meta_data.json from one instance", api.port,
                               sources[:1], args.seconds, counter, processes=1),
                       measure(f"meta_data.json from {len(sources)} instances at once",
                               api.port, sources, args.seconds, counter)]
        finally:
            api.stop()
    best = max(r.get("requests_per_s", 0) for r in results)
    report = {"scenario": "metadata service: meta_data.json by source address",
              "results": results, "target_requests_per_s": TARGET_PER_S,
              "met": best >= TARGET_PER_S, "wsgi_threads": conf.wsgi.threads,
              "cache_seconds": conf.api.metadata_cache_expiration,
              "cpus": os.cpu_count(), "load_before": os.getloadavg(),
              "command": "python benchmarks/metadata.py"}
    RESULTS.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
