"""The API server on its own, around a small WSGI app: per-phase deadlines
close idle and slow connections, responses stream with bounded buffering,
and stop() is prompt whatever the clients are doing."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from onestack.wsgi import framing, server

CHUNK = 1 << 20


def settings(**timeouts) -> server.Settings:
    return server.Settings(
        threads=2, connection_limit=50,
        timeouts=server.Timeouts(**{"header": 1, "body": 1, "keep_alive": 1,
                                    **timeouts}),
        limits=framing.Limits(url_length=1024, header_count=20, header_size=4096,
                              body_size=1024, raw_body_size=1 << 20,
                              raw_routes=(("PUT", framing.route_pattern("/raw/{id}")),)),
        fault_style="nova")


class App:
    """Answers /stream with STREAMED chunks, counting those it has produced;
    anything else with the size of the body it read."""

    STREAMED = 64

    def __init__(self):
        self.produced = 0

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"] == "/stream":
            start_response("200 OK", [("Content-Length", str(self.STREAMED * CHUNK))])
            return self.chunks()
        body = environ["wsgi.input"].read()
        text = str(len(body)).encode()
        start_response("200 OK", [("Content-Length", str(len(text)))])
        return [text]

    def chunks(self):
        for _ in range(self.STREAMED):
            self.produced += 1
            yield b"x" * CHUNK


@pytest.fixture
def api():
    app = App()
    instance = server.ApiServer("test", app, "127.0.0.1", 0, settings())
    instance.start()
    instance.app = app
    yield instance
    instance.stop()


def connect(api) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", api.port))
    sock.settimeout(10)
    return sock


def seconds_until_closed(sock: socket.socket, feed: bytes = b"") -> float:
    """Seconds until the server closes sock; feed is sent a byte each 0.2 s."""
    start = time.monotonic()
    sock.setblocking(False)
    while time.monotonic() - start < 10:
        if feed:
            try:
                sock.send(feed[:1])
                feed = feed[1:]
            except OSError:
                pass
        time.sleep(0.2)
        try:
            if sock.recv(65536) == b"":
                return time.monotonic() - start
        except BlockingIOError:
            continue
        except ConnectionResetError:
            return time.monotonic() - start
    raise AssertionError("the server kept the connection open")


def test_a_connection_that_sends_nothing_is_closed_after_the_keep_alive_timeout(api):
    assert 0.9 < seconds_until_closed(connect(api)) < 4


def test_headers_sent_a_byte_at_a_time_are_cut_at_the_header_timeout(api):
    trickle = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"s" * 100
    assert 0.9 < seconds_until_closed(connect(api), trickle) < 4


def test_a_stalled_body_is_cut_at_the_body_timeout(api):
    sock = connect(api)
    sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\nhalf")
    assert 0.9 < seconds_until_closed(sock) < 4


def test_a_body_that_keeps_coming_is_not_cut(api):
    sock = connect(api)
    sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n")
    for _ in range(12):  # 2.4 s in all, each gap below the 1 s body timeout
        time.sleep(0.2)
        sock.sendall(b"b")
    assert sock.recv(1024).endswith(b"\r\n\r\n12")


def test_an_idle_keep_alive_connection_is_closed_after_its_timeout(api):
    sock = connect(api)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert sock.recv(1024).startswith(b"HTTP/1.1 200")
    assert 0.9 < seconds_until_closed(sock) < 4


def test_a_raw_route_takes_a_larger_body_than_others(api):
    body = b"r" * 5000
    for method, path, status in (("PUT", "/raw/1", b"200"), ("PUT", "/other", b"413"),
                                 ("POST", "/raw/1", b"413")):
        sock = connect(api)
        sock.sendall(f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n"
                     "\r\n".encode() + body)
        assert sock.recv(1024).startswith(b"HTTP/1.1 " + status), (method, path)


def test_a_streamed_response_is_produced_as_the_client_reads_it(api):
    sock = connect(api)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 16)
    sock.sendall(b"GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(1)
    # server OUTPUT_BUFFER (4 MiB) + socket buffers + the chunk in hand
    assert api.app.produced < 16
    received = 0
    while received < App.STREAMED * CHUNK:
        received += len(sock.recv(1 << 20))
    assert api.app.produced == App.STREAMED


def test_stop_is_prompt_with_clients_connected_and_a_response_in_flight(api):
    idle = [connect(api) for _ in range(20)]
    streaming = connect(api)
    streaming.sendall(b"GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.3)
    start = time.monotonic()
    stopper = threading.Thread(target=api.stop)
    stopper.start()
    stopper.join(timeout=10)
    assert not stopper.is_alive()
    assert time.monotonic() - start < 2
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", api.port), timeout=1)
    for sock in idle + [streaming]:
        sock.close()


@pytest.mark.parametrize("method, path, size", [
    ("PUT", "/raw/abc", 1 << 20), ("PUT", "/raw/abc/more", 1024),
    ("GET", "/raw/abc", 1024), ("PUT", "/raw", 1024)])
def test_body_size_by_route(method, path, size):
    assert settings().limits.body_size_for(method, path) == size


def test_an_early_refusal_is_in_the_fault_shape_of_the_api():
    import dataclasses
    import json
    neutron = server.ApiServer("network", App(), "127.0.0.1", 0,
                               dataclasses.replace(settings(), fault_style="neutron"))
    neutron.start()
    try:
        sock = connect(neutron)
        sock.sendall(b"POST /v2.0/networks HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Length: 5000\r\n\r\n" + b"n" * 5000)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    finally:
        neutron.stop()
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert b"Content-Type: application/json" in head
    fault = json.loads(body)["NeutronError"]
    assert fault["type"] == "HTTPRequestEntityTooLarge" and fault["detail"] == ""
