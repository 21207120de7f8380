"""The anchor compute benchmark (../shared/anchor-bench/bench.py) against
`onestack all` from two source trees, back to back, with their ratios.

    python benchmarks/anchor_before_after.py --before TREE [--before-path DIR]
        [--rounds 2] [--name NAME]

Each round starts `onestack all` as `make run` does (onestack-manage db sync,
bootstrap, onestack all; quotas unlimited as the anchor README says, on free
loopback ports, state in a temporary directory) from the --before tree, runs
the benchmark (phases a, b, c), stops it, then does the same from this tree.
--before-path adds a directory to the before tree's import path (for a
dependency this tree no longer installs). The interpreter and the other
dependencies are this venv's. Writes benchmarks/results/NAME.json (default
anchor_before_after) and prints the medians and the after/before ratios.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
TREE = HERE.parent
BENCH = TREE.parent / "shared" / "anchor-bench" / "bench.py"
BIN = pathlib.Path(sys.executable).parent
KEYS = {"boot_delete_s": ("a_seq_boot_delete", "total_s", "median"),
        "concurrent_servers_per_s": ("b_concurrent", "boot_servers_per_s"),
        "detail_50_s": ("c_detail_latency", "50", "median")}
BENCH_ARGS = ["--flavor", "m1.tiny", "--image", "tiny-rootfs", "--phases", "abc",
              "--big", "0", "--poll-seq", "0.01", "--poll-conc", "0.05"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _config(state: pathlib.Path) -> pathlib.Path:
    ports = {"identity": _free_port(), "osapi_compute": _free_port(),
             "image": _free_port(), "metadata": _free_port(), "ec2": _free_port(),
             "osapi_volume": _free_port()}
    lines = ["[DEFAULT]", f"state_path = {state}", "my_ip = 127.0.0.1",
             "compute_driver = fake"]
    for prefix, port in ports.items():
        lines += [f"{prefix}_listen = 127.0.0.1", f"{prefix}_listen_port = {port}"]
    lines += ["[quota]", "instances = -1", "cores = -1", "ram = -1"]
    path = state / "bench.conf"
    state.mkdir(parents=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def _openrc(state: pathlib.Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    for line in (state / "openrc").read_text().splitlines():
        if line.startswith("export "):
            name, _, value = line[len("export "):].partition("=")
            env[name] = value.strip().strip("'\"")
    return env


def run_once(tree: pathlib.Path, extra_path: str | None, workdir: pathlib.Path) -> dict:
    state = workdir / "state"
    config = _config(state)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(tree), extra_path) if p))
    for args in (("db", "sync"), ("bootstrap",)):
        subprocess.run([BIN / "onestack-manage", "--config-file", config, *args],
                       env=env, check=True, capture_output=True, timeout=600)
    log = open(workdir / "all.log", "w")
    cloud = subprocess.Popen([BIN / "onestack", "all", "--config-file", config],
                             env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while "onestack is running" not in (workdir / "all.log").read_text():
            if time.monotonic() > deadline or cloud.poll() is not None:
                raise SystemExit(f"onestack all did not start; see {workdir}/all.log")
            time.sleep(0.2)
        out = workdir / "bench.json"
        subprocess.run([sys.executable, BENCH, *BENCH_ARGS, "--out", out],
                       env=_openrc(state), check=True, capture_output=True, timeout=1800)
        return json.loads(out.read_text())
    finally:
        cloud.send_signal(signal.SIGTERM)
        cloud.wait(timeout=60)
        log.close()


def _pick(result: dict, path) -> float:
    for key in path:
        result = result[key]
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, type=pathlib.Path)
    parser.add_argument("--before-path")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--name", default="anchor_before_after")
    args = parser.parse_args()
    samples = {"before": [], "after": []}
    load = os.getloadavg()[0]
    for round_no in range(args.rounds):
        for label, tree, extra in (("before", args.before.resolve(), args.before_path),
                                   ("after", TREE, None)):
            with tempfile.TemporaryDirectory(prefix=f"anchor-{label}-") as scratch:
                result = run_once(tree, extra, pathlib.Path(scratch))
            figures = {name: _pick(result, path) for name, path in KEYS.items()}
            print(f"round {round_no + 1} {label}: {figures}", flush=True)
            samples[label].append(figures)
    medians = {label: {name: statistics.median(s[name] for s in runs)
                       for name in KEYS} for label, runs in samples.items()}
    ratios = {name: round(medians["after"][name] / medians["before"][name], 3)
              for name in KEYS}
    record = {"scenario": "anchor compute benchmark, phases a-c, before and after, "
                          "alternating rounds in one sitting",
              "command": " ".join(["python benchmarks/anchor_before_after.py"]
                                  + sys.argv[1:]),
              "bench_args": BENCH_ARGS, "samples": samples, "medians": medians,
              "ratios_after_over_before": ratios,
              "note": "boot_delete_s and detail_50_s: lower is better; "
                      "concurrent_servers_per_s: higher is better",
              "cpus": os.cpu_count(), "load_average_at_start": round(load, 2)}
    target = HERE / "results" / f"{args.name}.json"
    target.write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps({"medians": medians, "ratios": ratios}, indent=2))


if __name__ == "__main__":
    main()
