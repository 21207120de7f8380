"""compute_driver = container in `onestack all` (one process, SQLite, the noop
network driver, a simulated host network namespace), the busybox guest image
(`onestack-manage image build-guest`): boot to ACTIVE and boot to ready (the
guest's "ready" line read from the console log through the API; the guest's
own count, from its init's start, too), median of N sequential boots; N
instances booted at once; the memory each idle instance costs (its cgroup's
memory use and its monitor's RSS); snapshot (createImage until the image is
active), median of 5. Needs root.

    sudo python benchmarks/container_boot.py [--boots 20]

Writes benchmarks/results/container_boot.json and prints it.
"""
from __future__ import annotations

import argparse
import functools
import glob
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from onestack import rpc  # noqa: E402,F401  (first: selects oslo.service's threading backend)
from benchmarks import compute_boot  # noqa: E402
from benchmarks.compute_boot import _stats, _status  # noqa: E402
from tests.support import container_host  # noqa: E402
from tests.support.processes import CloudProcess, run  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "container_boot.json"
COMMAND = "python benchmarks/container_boot.py"
READY = re.compile(r"ready in ([0-9.]+) s")


_wait = functools.partial(compute_boot._wait, interval=0.005, timeout=60)


def _console(sdk, server_id):
    reply = sdk.compute.post(f"/servers/{server_id}/action",
                             json={"os-getConsoleOutput": {}}, raise_exc=False)
    return reply.json()["output"] if reply.status_code == 200 else ""  # 409: building


def _wait_ready(sdk, server_id, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = READY.search(_console(sdk, server_id))
        if found:
            return float(found.group(1))
        time.sleep(0.005)
    raise RuntimeError(f"{server_id} printed no ready line")


def _boot(sdk, image_id, name):
    reply = sdk.compute.post("/servers", json={"server": {
        "name": name, "imageRef": image_id, "flavorRef": "1"}})
    return reply.json()["server"]["id"]


def _delete(sdk, server_id):
    sdk.compute.delete(f"/servers/{server_id}")
    _wait(sdk, server_id, "GONE")


def sequential(sdk, image_id, count):
    active, ready, guest = [], [], []
    for i in range(count):
        start = time.perf_counter()
        server_id = _boot(sdk, image_id, f"seq-{i}")
        _wait(sdk, server_id, "ACTIVE")
        active.append(time.perf_counter() - start)
        guest.append(_wait_ready(sdk, server_id))
        ready.append(time.perf_counter() - start)
        _delete(sdk, server_id)
    return active, ready, guest


def _rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmRSS"))


def _pss_kb(pid: int) -> int:
    """Its proportional share: pages shared with the other monitors (the
    interpreter) count once among them."""
    with open(f"/proc/{pid}/smaps_rollup") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))


def _cgroup_bytes(parent: str, uuid_: str) -> int:
    for path in (f"/sys/fs/cgroup/memory/{parent}/{uuid_}/memory.usage_in_bytes",
                 f"/sys/fs/cgroup/{parent}/{uuid_}/memory.current"):
        if os.path.exists(path):
            with open(path) as handle:
                return int(handle.read())
    return 0


def at_once(sdk, image_id, count, state, cgroup_parent):
    start = time.perf_counter()
    ids = [_boot(sdk, image_id, f"par-{i}") for i in range(count)]
    for server_id in ids:
        _wait(sdk, server_id, "ACTIVE", timeout=120)
    all_active = time.perf_counter() - start
    for server_id in ids:
        _wait_ready(sdk, server_id)
    all_ready = time.perf_counter() - start
    time.sleep(2)  # idle
    cgroup_mb, monitor_mb, monitor_pss_mb = [], [], []
    for server_id in ids:
        [pid_file] = glob.glob(os.path.join(state, "container", "*", "instances",
                                            server_id, "monitor.pid"))
        with open(pid_file) as handle:
            pid = int(handle.read())
        monitor_mb.append(_rss_kb(pid) / 1024)
        monitor_pss_mb.append(_pss_kb(pid) / 1024)
        cgroup_mb.append(_cgroup_bytes(cgroup_parent, server_id) / 2 ** 20)
    for server_id in ids:
        sdk.compute.delete(f"/servers/{server_id}")
    for server_id in ids:
        _wait(sdk, server_id, "GONE")
    return all_active, all_ready, cgroup_mb, monitor_mb, monitor_pss_mb


def snapshots(sdk, image_id, count):
    server_id = _boot(sdk, image_id, "snap-source")
    _wait(sdk, server_id, "ACTIVE")
    _wait_ready(sdk, server_id)
    times = []
    for i in range(count):
        start = time.perf_counter()
        reply = sdk.compute.post(f"/servers/{server_id}/action",
                                 json={"createImage": {"name": f"snap-{i}"}})
        snapshot_id = reply.headers["Location"].rsplit("/", 1)[-1]
        while sdk.image.get_image(snapshot_id).status != "active":
            time.sleep(0.005)
        times.append(time.perf_counter() - start)
        sdk.image.delete_image(snapshot_id)
        while _status(sdk, server_id) != "ACTIVE":
            time.sleep(0.005)
    _delete(sdk, server_id)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--boots", type=int, default=20)
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("container_boot.py needs root (the container driver)")
    suffix = uuid.uuid4().hex[:8]
    host_netns, cgroup_parent = f"ost-bench-{suffix}", f"onestack-bench-{suffix}"
    subprocess.run(["ip", "netns", "add", host_netns], check=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="onestack-bench-") as state:
        cloud = CloudProcess(state, {
            "compute_driver": "container", "container.host_netns": host_netns,
            "container.cgroup_parent": cgroup_parent, "max_concurrent_builds": 20,
            "quota.instances": 100, "quota.cores": 200})
        try:
            run("onestack-manage", "--config-file", cloud.config_file, "image",
                "build-guest")
            sdk = cloud.sdk()
            image_id = sdk.image.find_image("guest").id
            _wait_ready(sdk, warm := _boot(sdk, image_id, "warm-up"))  # the cache
            _delete(sdk, warm)
            active, ready, guest = sequential(sdk, image_id, args.boots)
            results += [
                {"scenario": "boot to ACTIVE, container driver, busybox guest",
                 "count": args.boots, **_stats(active), "command": COMMAND},
                {"scenario": "boot to ready (the guest's ready line on the console, "
                             "through the API)", "count": args.boots, **_stats(ready),
                 "command": COMMAND},
                {"scenario": "the guest's own init-to-ready time (config drive, "
                             "user data none, httpd and echo started)",
                 "count": args.boots, **_stats(guest), "command": COMMAND}]
            all_active, all_ready, cgroup_mb, monitor_mb, monitor_pss_mb = at_once(
                sdk, image_id, args.boots, state, cgroup_parent)
            results += [
                {"scenario": f"{args.boots} instances booted at once: all ACTIVE",
                 "seconds": round(all_active, 2), "command": COMMAND},
                {"scenario": f"{args.boots} instances booted at once: all ready",
                 "seconds": round(all_ready, 2), "command": COMMAND},
                {"scenario": "memory per idle instance: its cgroup's memory use "
                             "(processes, page cache, tmpfs)",
                 "median_mb": round(statistics.median(cgroup_mb), 2), "command": COMMAND},
                {"scenario": "memory per idle instance: its monitor process (RSS, "
                             "outside the instance's cgroup)",
                 "median_mb": round(statistics.median(monitor_mb), 2),
                 "command": COMMAND},
                {"scenario": "memory per idle instance: its monitor process (PSS: "
                             f"what it shares with the other {args.boots - 1} "
                             "monitors counted once)",
                 "median_mb": round(statistics.median(monitor_pss_mb), 2),
                 "command": COMMAND}]
            snap = snapshots(sdk, image_id, 5)
            results.append({"scenario": "snapshot of a guest (createImage until the "
                                        "image is active)", "count": 5, **_stats(snap),
                            "command": COMMAND})
        finally:
            try:
                sdk = cloud.sdk()
                for server in list(sdk.compute.servers(all_projects=True)):
                    _delete(sdk, server.id)
            except RuntimeError as error:
                print(f"cleaning up: {error}", file=sys.stderr)
            finally:
                cloud.stop()
                container_host.remove(host_netns, cgroup_parent)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
