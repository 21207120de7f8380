"""Idle resident memory of `onestack all`: every API and service in one process
on SQLite with in-process messaging, as `make run` starts it.

    python benchmarks/idle_rss.py [--settle 10]

Syncs and bootstraps a fresh state directory, starts `onestack all`, waits
until the identity and compute APIs answer, lets it idle for --settle seconds
(heartbeats and periodic tasks run meanwhile), then reads VmRSS and VmHWM from
/proc. Writes benchmarks/results/idle_rss.json and prints it.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from tests.support.processes import CloudProcess  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "idle_rss.json"


def _status_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} missing from /proc/{pid}/status")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settle", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as state:
        cloud = CloudProcess(state)
        try:
            time.sleep(args.settle)
            rss_mb = _status_kb(cloud.process.pid, "VmRSS") / 1024
            peak_mb = _status_kb(cloud.process.pid, "VmHWM") / 1024
        finally:
            cloud.stop()
    results = [{"scenario": f"onestack all, idle {args.settle:g} s after start, "
                            "SQLite and in-process messaging",
                "rss_mb": round(rss_mb, 1), "peak_rss_mb": round(peak_mb, 1),
                "command": "python benchmarks/idle_rss.py"}]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
