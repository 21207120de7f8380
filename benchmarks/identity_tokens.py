"""Identity: tokens issued per second over HTTP, and the auth middleware's
token validation time per request (in process, as every API does it).

    python benchmarks/identity_tokens.py [--tokens 40] [--validations 2000]

Starts the cloud in this process on free loopback ports with the default
bcrypt cost (12), writes benchmarks/results/identity_tokens.json and prints it.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from onestack import rpc  # noqa: E402,F401  (first: selects oslo.service's threading backend)
import requests  # noqa: E402

from onestack.identity import tokens  # noqa: E402
from tests.support.cloud import ADMIN_PASSWORD, Cloud  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "identity_tokens.json"
COMMAND = "python benchmarks/identity_tokens.py"


def _ms(samples):
    ordered = sorted(samples)
    return (round(statistics.median(ordered) * 1000, 3),
            round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3))


def password_tokens(cloud, count):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": ADMIN_PASSWORD}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
    url = cloud.auth_url + "/auth/tokens"
    http = requests.Session()
    start = time.perf_counter()
    for _ in range(count):
        reply = http.post(url, json=body)
        assert reply.status_code == 201, reply.text
    return count / (time.perf_counter() - start), reply.headers["X-Subject-Token"]


def token_method_tokens(cloud, token, count):
    body = {"auth": {"identity": {"methods": ["token"], "token": {"id": token}},
                     "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
    url = cloud.auth_url + "/auth/tokens"
    http = requests.Session()
    start = time.perf_counter()
    for _ in range(count):
        assert http.post(url, json=body).status_code == 201
    return count / (time.perf_counter() - start)


def validations(cloud, token, count):
    for _ in range(50):
        tokens.context_from_token(cloud.conf, token)
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        tokens.context_from_token(cloud.conf, token)
        samples.append(time.perf_counter() - start)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=40)
    parser.add_argument("--validations", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as state:
        cloud = Cloud(state, {"identity.password_hash_rounds": 12,
                              "DEFAULT.enabled_services": ""})
        try:
            per_second, token = password_tokens(cloud, args.tokens)
            rescoped_per_second = token_method_tokens(cloud, token, args.tokens * 5)
            median, p95 = _ms(validations(cloud, token, args.validations))
        finally:
            cloud.stop()
    results = [
        {"scenario": "tokens issued per second, password method, bcrypt cost 12, "
                     "one client over HTTP", "count": args.tokens,
         "tokens_per_second": round(per_second, 1), "command": COMMAND},
        {"scenario": "tokens issued per second, token method (no bcrypt), one client "
                     "over HTTP", "count": args.tokens * 5,
         "tokens_per_second": round(rescoped_per_second, 1), "command": COMMAND},
        {"scenario": "auth middleware token validation per request, in process, "
                     "SQLite", "count": args.validations, "median_ms": median,
         "p95_ms": p95, "command": COMMAND},
    ]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
