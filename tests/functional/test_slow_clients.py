"""Idle and slow clients hold sockets, never workers: with 200 idle
connections and 20 clients sending their headers a byte a second held open
on each API, every API keeps answering ordinary requests quickly; so does the
image API while more clients than it has workers download and do not read."""
from __future__ import annotations

import contextlib
import resource
import socket
import statistics
import threading
import time

import pytest
import requests

from tests.functional.test_http_framing import port_of

APIS = ("identity", "compute", "image")
IDLE, SLOW = 200, 20
SAMPLES = 7


class SlowHeaders(threading.Thread):
    """Sends one more byte of an unfinished request on every socket each second."""

    HEAD = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"s" * 200

    def __init__(self, socks):
        super().__init__(daemon=True)
        self.socks, self.stop, self.sent = socks, threading.Event(), 0

    def run(self):
        while self.sent < len(self.HEAD):
            for sock in self.socks:
                sock.send(self.HEAD[self.sent:self.sent + 1])
            self.sent += 1
            if self.stop.wait(1):
                return


def still_open(sock: socket.socket) -> bool:
    """Whether the server has neither closed the socket nor answered on it."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


@pytest.fixture
def enough_file_descriptors():
    needed = 2 * len(APIS) * (IDLE + SLOW) + 500  # both ends live in this process
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            pytest.skip(f"needs {needed} open files; the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def timed_requests(cloud, token) -> dict[str, list[float]]:
    urls = {"identity": cloud.url("identity") + "/v3/projects",
            "compute": cloud.url("compute") + "/v2.1/flavors",
            "image": cloud.url("image") + "/v2/images"}
    times = {api: [] for api in APIS}
    for _ in range(SAMPLES):
        for api in APIS:
            start = time.perf_counter()
            reply = requests.get(urls[api], headers={"X-Auth-Token": token}, timeout=10)
            times[api].append(time.perf_counter() - start)
            assert reply.status_code == 200, reply.text
    return times


def test_idle_and_slow_clients_do_not_stall_any_api(cloud, enough_file_descriptors):
    token = cloud.session().get_token()
    timed_requests(cloud, token)  # warm: first requests load code paths
    servers = {item.name: item for item in cloud.started if hasattr(item, "port")}
    with contextlib.ExitStack() as stack:
        idle, slow = [], []
        for api in APIS:
            address = ("127.0.0.1", port_of(cloud, api))
            for group, count in ((idle, IDLE), (slow, SLOW)):
                for _ in range(count):
                    group.append(stack.enter_context(socket.create_connection(address)))
        sender = SlowHeaders(slow)
        sender.start()
        stack.callback(sender.join)
        stack.callback(sender.stop.set)
        deadline = time.monotonic() + 10
        while any(servers[api].open_connections < IDLE + SLOW for api in APIS):
            assert time.monotonic() < deadline, {
                api: servers[api].open_connections for api in APIS}
            time.sleep(0.05)
        time.sleep(2)  # the slow clients are two bytes into their headers

        times = timed_requests(cloud, token)

        assert sender.sent >= 3 and sender.is_alive()
        assert all(still_open(sock) for sock in idle + slow)
    for api, seconds in times.items():
        print(api, "median %.1f ms, max %.1f ms" % (statistics.median(seconds) * 1e3,
                                                   max(seconds) * 1e3))
        assert statistics.median(seconds) < 0.1, (api, seconds)
        assert max(seconds) < 1, (api, seconds)


def test_downloads_nobody_reads_hold_no_worker(cloud):
    session = cloud.session()
    base, token = cloud.url("image"), session.get_token()
    headers = {"X-Auth-Token": token}
    image = requests.post(base + "/v2/images", headers=headers, json={
        "disk_format": "raw", "container_format": "bare"}).json()
    requests.put(f"{base}/v2/images/{image['id']}/file", data=b"d" * (32 << 20),
                 headers={**headers, "Content-Type": "application/octet-stream"}
                 ).raise_for_status()
    address = ("127.0.0.1", port_of(cloud, "image"))
    request = (f"GET /v2/images/{image['id']}/file HTTP/1.1\r\nHost: x\r\n"
               f"X-Auth-Token: {token}\r\n\r\n").encode()
    with contextlib.ExitStack() as stack:
        for _ in range(cloud.conf.wsgi.threads + 4):
            sock = stack.enter_context(socket.create_connection(address))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 16)
            sock.sendall(request)
        time.sleep(1)
        times = []
        for _ in range(SAMPLES):
            start = time.perf_counter()
            reply = requests.get(base + "/v2/images", headers=headers, timeout=10)
            times.append(time.perf_counter() - start)
            assert reply.status_code == 200
    assert statistics.median(times) < 0.1 and max(times) < 1, times
