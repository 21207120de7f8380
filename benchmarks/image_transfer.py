"""Image upload and download of a large file through the image API, against a
plain copy of the same file on the same disk, with the API process's memory.

    python benchmarks/image_transfer.py [--size-mib 1024] [--workdir DIR]

Starts `onestack-api` (identity and image only) as its own process on free
loopback ports, uploads a file of random bytes with PUT /v2/images/{id}/file
(Content-Length, as the openstack CLI sends it) and downloads it again,
checks the round trip is byte-identical, and samples the API process's RSS
every 20 ms. Writes benchmarks/results/image_transfer.json and prints it.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import requests

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from tests.support.cloud import ADMIN_PASSWORD, VENV_BIN, load_config, write_config  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "image_transfer.json"
CHUNK = 1 << 20
MIB = float(1 << 20)


class RssSampler(threading.Thread):
    """Samples VmRSS of a process; peak() is the largest sample since reset()."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.samples, self.running = pid, [], True

    def rss(self) -> int:
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    def run(self):
        while self.running:
            self.samples.append(self.rss())
            time.sleep(0.02)

    def reset(self):
        self.samples = []

    def peak(self) -> int:
        return max(self.samples + [self.rss()])


def _write_random_file(path: str, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "wb") as handle:
        for _ in range(size // CHUNK):
            block = os.urandom(CHUNK)
            digest.update(block)
            handle.write(block)
        handle.flush()
        os.fsync(handle.fileno())
    return digest.hexdigest()


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _plain_copy(source: str, target: str) -> None:
    shutil.copyfile(source, target)
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def _download(url: str, token: str, target: str) -> str:
    digest = hashlib.sha256()
    with requests.get(url, headers={"X-Auth-Token": token}, stream=True) as reply:
        reply.raise_for_status()
        with open(target, "wb") as handle:
            for block in reply.iter_content(CHUNK):
                digest.update(block)
                handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())
    return digest.hexdigest()


def _start_api(state: str) -> tuple[subprocess.Popen, object]:
    config = write_config(state, {"DEFAULT.enabled_apis": "identity,image",
                                  "DEFAULT.enabled_services": "",
                                  "image.default_image_name": ""})
    for args in (("db", "sync"), ("bootstrap",)):
        subprocess.run([os.path.join(VENV_BIN, "onestack-manage"), "--config-file",
                        config, *args], check=True, capture_output=True, timeout=300)
    log = open(os.path.join(state, "api.log"), "w")
    process = subprocess.Popen([os.path.join(VENV_BIN, "onestack-api"), "--config-file",
                                config], stdout=log, stderr=subprocess.STDOUT)
    conf = load_config(config)
    base = f"http://127.0.0.1:{conf.image_listen_port}"
    for _ in range(300):
        try:
            if requests.get(base + "/versions", timeout=1).status_code == 200:
                return process, conf
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"onestack-api did not start; see {state}/api.log")


def _token(conf) -> str:
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": ADMIN_PASSWORD}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
    reply = requests.post(f"http://127.0.0.1:{conf.identity_listen_port}/v3/auth/tokens",
                          json=body)
    reply.raise_for_status()
    return reply.headers["X-Subject-Token"]


def _new_image(base: str, token: str) -> str:
    reply = requests.post(base + "/v2/images", headers={"X-Auth-Token": token}, json={
        "name": "benchmark", "disk_format": "raw", "container_format": "bare"})
    reply.raise_for_status()
    return reply.json()["id"]


def _upload(base: str, token: str, image_id: str, source: str) -> None:
    with open(source, "rb") as handle:
        reply = requests.put(f"{base}/v2/images/{image_id}/file", data=handle, headers={
            "X-Auth-Token": token, "Content-Type": "application/octet-stream"})
    assert reply.status_code == 204, reply.text


def measure(size: int, workdir: str) -> list[dict]:
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(dir=workdir, prefix="image-bench-") as scratch:
        source, copy, saved = (os.path.join(scratch, name)
                               for name in ("source.img", "copy.img", "saved.img"))
        source_hash = _write_random_file(source, size)
        copy_seconds = _timed(lambda: _plain_copy(source, copy))
        os.unlink(copy)
        process, conf = _start_api(os.path.join(scratch, "state"))
        sampler = RssSampler(process.pid)
        sampler.start()
        try:
            base, token = f"http://127.0.0.1:{conf.image_listen_port}", _token(conf)
            warm = _new_image(base, token)  # first request paths loaded before measuring
            with open(os.path.join(scratch, "warm"), "wb") as handle:
                handle.write(os.urandom(CHUNK * 4))
            _upload(base, token, warm, os.path.join(scratch, "warm"))
            _download(f"{base}/v2/images/{warm}/file", token, os.path.join(scratch, "w"))
            time.sleep(0.2)
            before = sampler.peak()
            image_id = _new_image(base, token)
            sampler.reset()
            upload_seconds = _timed(lambda: _upload(base, token, image_id, source))
            upload_peak = sampler.peak()
            sampler.reset()
            hashes = {}
            download_seconds = _timed(lambda: hashes.setdefault("saved", _download(
                f"{base}/v2/images/{image_id}/file", token, saved)))
            download_peak = sampler.peak()
        finally:
            sampler.running = False
            process.terminate()
            process.wait(timeout=30)
    identical = hashes["saved"] == source_hash
    copy_rate = size / MIB / copy_seconds
    records = []
    for what, seconds, peak in (("upload", upload_seconds, upload_peak),
                                ("download", download_seconds, download_peak)):
        rate = size / MIB / seconds
        records.append({
            "scenario": f"image {what} of {size // (1 << 20)} MiB through the image API",
            "bytes": size, "seconds": round(seconds, 3),
            "mib_per_s": round(rate, 1),
            "plain_copy_mib_per_s": round(copy_rate, 1),
            "ratio_to_plain_copy": round(rate / copy_rate, 3),
            "api_rss_mib_before": round(before / MIB, 1),
            "api_rss_mib_peak": round(peak / MIB, 1),
            "api_rss_growth_mib": round((peak - before) / MIB, 1),
            "round_trip_identical": identical,
            "cpus": os.cpu_count(),
            "load_average_at_start": round(load, 2),
        })
    return records


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--workdir", default=tempfile.gettempdir(),
                        help="where the files and the image store go (one disk)")
    args = parser.parse_args()
    records = measure(args.size_mib << 20, args.workdir)
    for record in records:
        record["command"] = " ".join(["python benchmarks/image_transfer.py"]
                                     + sys.argv[1:])
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(records, indent=2) + "\n")
    print(json.dumps(records, indent=2))
    if not all(record["round_trip_identical"] for record in records):
        sys.exit("the downloaded image differs from the uploaded file")


if __name__ == "__main__":
    main()
