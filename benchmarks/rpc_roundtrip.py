"""One RPC call round trip through onestack.rpc: in-process, and over RabbitMQ if reachable.

    python benchmarks/rpc_roundtrip.py [--calls 2000] [--rabbit-calls 300]

Writes benchmarks/results/rpc_roundtrip.json (a list, one record per scenario)
and prints it. The in-process call crosses three threads (caller, listener,
executor worker), so its latency depends on how fast the OS wakes a thread on
another CPU; the "one CPU" scenario pins the process to one CPU to show the
cost of the code itself.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import socket
import statistics
import sys
import tempfile
import time
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from onestack import rpc  # noqa: E402  (first: it selects oslo.service's threading backend)
from oslo_config import cfg  # noqa: E402

from onestack.common.context import RequestContext  # noqa: E402

RABBIT_URL = "rabbit://guest:guest@127.0.0.1:5672/"
RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "rpc_roundtrip.json"


class Endpoint:
    def ping(self, ctxt, instance_id, n):
        return {"instance_id": instance_id, "n": n}


def measure(conf: cfg.ConfigOpts, calls: int, warmup: int) -> list[float]:
    rpc.init(conf)
    topic = "bench-" + uuid.uuid4().hex
    server = rpc.get_server(topic, "h1", [Endpoint()])
    server.start()
    try:
        client = rpc.get_client(topic, timeout=30)
        ctxt = RequestContext(user_id="u1", project_id="p1", roles=["member"])
        for n in range(warmup):
            client.call(ctxt, "ping", instance_id="i-1", n=n)
        times = []
        for n in range(calls):
            start = time.perf_counter()
            client.call(ctxt, "ping", instance_id="i-1", n=n)
            times.append(time.perf_counter() - start)
        return times
    finally:
        server.stop()
        server.wait()
        rpc.cleanup()


def record(scenario: str, transport: str, times: list[float]) -> dict:
    times = sorted(times)
    return {
        "scenario": scenario,
        "transport": transport,
        "calls": len(times),
        "median_ms": round(statistics.median(times) * 1000, 4),
        "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 4),
        "cpus": len(os.sched_getaffinity(0)),
        "command": " ".join(["python", "benchmarks/rpc_roundtrip.py", *sys.argv[1:]]),
    }


def rabbit_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5672), timeout=1):
            return True
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rabbit-calls", type=int, default=300)
    args = parser.parse_args()
    results = []

    conf = cfg.ConfigOpts()
    conf(args=[])
    results.append(record("rpc call round trip, in-process", "inproc://",
                          measure(conf, args.calls, warmup=200)))

    # Threads started from here on inherit the main thread's affinity.
    all_cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(all_cpus)})
    try:
        results.append(record("rpc call round trip, in-process, process on one CPU",
                              "inproc://", measure(conf, args.calls, warmup=200)))
    finally:
        os.sched_setaffinity(0, all_cpus)

    if rabbit_reachable():
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "onestack.conf"
            path.write_text(f"[DEFAULT]\ntransport_url = {RABBIT_URL}\n"
                            "[oslo_messaging_rabbit]\namqp_auto_delete = true\n")
            conf = cfg.ConfigOpts()
            conf(args=["--config-file", str(path)])
            results.append(record("rpc call round trip, RabbitMQ on localhost",
                                  "rabbit://127.0.0.1:5672", measure(conf, args.rabbit_calls, warmup=30)))
    else:
        print("RabbitMQ not reachable at 127.0.0.1:5672: skipped", file=sys.stderr)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
