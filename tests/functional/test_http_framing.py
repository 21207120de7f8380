"""Request framing and size limits of every API, with bytes sent raw over a
socket (no client library sends these): chunked bodies are bodies, ambiguous
or malformed lengths are refused with the connection closed, and oversized
URLs, headers and bodies get 413/414/431 in the API's fault format."""
from __future__ import annotations

import dataclasses
import json
import os
import socket

import pytest

APIS = ("identity", "compute", "image")
# A path of each API that takes a JSON body, and one it answers without a token.
JSON_PATHS = {"identity": "/v3/auth/tokens", "compute": "/v2.1/servers",
              "image": "/v2/images"}


def port_of(cloud, api: str) -> int:
    return {"identity": cloud.conf.identity_listen_port,
            "compute": cloud.conf.osapi_compute_listen_port,
            "image": cloud.conf.image_listen_port}[api]


@dataclasses.dataclass
class Reply:
    status: int
    headers: dict
    body: bytes


def read_reply(stream) -> Reply | None:
    """One response from a buffered socket file; None at the end of the stream."""
    line = stream.readline()
    if not line:
        return None
    status = int(line.split()[1])
    headers = {}
    while (line := stream.readline()).strip():
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = b""
        while size := int(stream.readline().split(b";")[0], 16):
            body += stream.read(size)
            stream.readline()
        stream.readline()
    else:
        body = stream.read(int(headers.get("content-length", 0)))
    return Reply(status, headers, body)


def exchange(cloud, api: str, data: bytes, timeout: float = 10
             ) -> tuple[list[Reply], bool]:
    """Send data on a new connection; every response read until the server
    closes it (True) or goes quiet for `timeout` seconds (False)."""
    sock = socket.create_connection(("127.0.0.1", port_of(cloud, api)))
    sock.settimeout(timeout)
    sock.sendall(data)
    replies = []
    try:
        with sock, sock.makefile("rb") as stream:
            while reply := read_reply(stream):
                replies.append(reply)
        return replies, True
    except TimeoutError:
        return replies, False


def request(method: str, path: str, *headers: str, body: bytes = b"") -> bytes:
    """A request as bytes; with a Content-Length unless headers frame the body."""
    if body and not any(h.startswith(("Content-Length", "Transfer-Encoding"))
                        for h in headers):
        headers += (f"Content-Length: {len(body)}",)
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def chunked(*pieces: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def assert_fault(api: str, reply, code: int) -> str:
    """The message of the API's own fault body, after checking its shape."""
    assert reply.status == code, (reply.status, reply.body)
    body = json.loads(reply.body)
    if api == "identity":
        fault = body["error"]
        assert fault["title"]
    elif api == "image":
        fault = body
        assert fault["title"]
    else:
        (name, fault), = body.items()
        assert name
    assert fault["code"] == code
    return fault["message"]


@pytest.mark.parametrize("api", APIS)
def test_a_chunked_body_is_read_as_the_body_not_as_a_request(cloud, api):
    smuggled = request("GET", "/smuggled")
    first = request("POST", JSON_PATHS[api], "Content-Type: application/json",
                    "Transfer-Encoding: chunked",
                    body=chunked(smuggled[:9], smuggled[9:]))
    last = request("GET", "/", "Connection: close")
    replies, closed = exchange(cloud, api, first + last)
    assert closed
    assert len(replies) == 2, [r.status for r in replies]
    assert replies[0].status in (400, 401)
    assert replies[1].status in (200, 300)
    assert json.loads(replies[1].body)["versions"]


@pytest.mark.parametrize("api", APIS)
def test_content_length_and_transfer_encoding_together_are_refused(cloud, api):
    data = request("POST", JSON_PATHS[api], "Content-Type: application/json",
                   "Content-Length: 5", "Transfer-Encoding: chunked",
                   body=b"0\r\n\r\n" + request("GET", "/smuggled"))
    replies, closed = exchange(cloud, api, data)
    assert closed and len(replies) == 1
    message = assert_fault(api, replies[0], 400)
    assert "both Content-Length and Transfer-Encoding" in message
    assert replies[0].headers["connection"] == "close"


@pytest.mark.parametrize("lengths", [["abc"], ["-1"], ["+5"], ["5", "6"], ["5", "5"],
                                     ["5 5"]], ids=str)
@pytest.mark.parametrize("api", APIS)
def test_a_malformed_or_repeated_content_length_is_refused(cloud, api, lengths):
    data = request("POST", JSON_PATHS[api], "Content-Type: application/json",
                   *[f"Content-Length: {value}" for value in lengths],
                   body=b"{}\r\n\r\n" + request("GET", "/smuggled"))
    replies, closed = exchange(cloud, api, data)
    assert closed and len(replies) == 1
    assert_fault(api, replies[0], 400)


@pytest.mark.parametrize("api", APIS)
def test_transfer_encoding_in_http_1_0_is_refused(cloud, api):
    data = (f"POST {JSON_PATHS[api]} HTTP/1.0\r\nConnection: keep-alive\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode() + chunked(b"{}")
    replies, closed = exchange(cloud, api, data)
    assert closed and len(replies) == 1
    assert_fault(api, replies[0], 400)


@pytest.mark.parametrize("api", APIS)
def test_an_unknown_transfer_coding_is_not_implemented(cloud, api):
    data = request("POST", JSON_PATHS[api], "Transfer-Encoding: gzip, chunked",
                   body=chunked(b"{}"))
    replies, closed = exchange(cloud, api, data)
    assert closed and len(replies) == 1
    assert_fault(api, replies[0], 501)


@pytest.mark.parametrize("length", [9000, 1 << 20], ids=["9000", "1MiB"])
@pytest.mark.parametrize("api", APIS)
def test_a_long_url_is_refused_with_414(cloud, api, length):
    replies, closed = exchange(cloud, api, request("GET", "/?q=" + "a" * length))
    assert closed and len(replies) == 1
    assert "8192" in assert_fault(api, replies[0], 414)


@pytest.mark.parametrize("headers", [
    [f"X-Header-{n}: v" for n in range(101)],
    [f"X-Header-{n}: v" for n in range(10_000)],
    ["X-Big: " + "b" * 70_000],
    ["X-Big: " + "b" * (1 << 20)],
], ids=["101 headers", "10000 headers", "70 KB header", "1 MiB header"])
@pytest.mark.parametrize("api", APIS)
def test_too_many_or_too_large_headers_are_refused_with_431(cloud, api, headers):
    replies, closed = exchange(cloud, api, request("GET", "/", *headers))
    assert closed and len(replies) == 1
    assert_fault(api, replies[0], 431)


@pytest.mark.parametrize("api", APIS)
def test_many_headers_within_the_limits_are_served(cloud, api):
    headers = [f"X-Header-{n}: " + "v" * 500 for n in range(95)]
    replies, closed = exchange(cloud, api, request("GET", "/", "Connection: close",
                                                   *headers))
    assert [reply.status for reply in replies] in ([200], [300])


def _padded_json(size: int) -> bytes:
    """A JSON object of exactly size bytes."""
    body = b'{"pad": "' + b"p" * (size - 11) + b'"}'
    assert len(body) == size
    return body


@pytest.mark.parametrize("framing", ["length", "chunked"])
@pytest.mark.parametrize("api", APIS)
def test_a_json_body_over_max_request_body_size_is_refused_with_413(cloud, api,
                                                                    framing):
    body = _padded_json(114_689)
    if framing == "length":
        data = request("POST", JSON_PATHS[api], "Content-Type: application/json",
                       f"Content-Length: {len(body)}", body=body)
    else:
        data = request("POST", JSON_PATHS[api], "Content-Type: application/json",
                       "Transfer-Encoding: chunked", body=chunked(body[:70_000],
                                                                  body[70_000:]))
    replies, closed = exchange(cloud, api, data)
    assert closed and len(replies) == 1
    assert "114688 bytes" in assert_fault(api, replies[0], 413)


@pytest.mark.parametrize("api", APIS)
def test_a_json_body_of_exactly_the_limit_reaches_the_api(cloud, api):
    body = _padded_json(114_688)
    data = request("POST", JSON_PATHS[api], "Content-Type: application/json",
                   f"Content-Length: {len(body)}", "Connection: close", body=body)
    replies, closed = exchange(cloud, api, data)
    assert len(replies) == 1 and replies[0].status in (400, 401)


def test_a_large_body_announced_to_a_json_path_is_refused_before_it_is_sent(cloud):
    """The answer comes after the headers alone: nothing of the 10 GB is read."""
    data = request("POST", "/v2/images", "Content-Type: application/json",
                   f"Content-Length: {10 << 30}")
    replies, closed = exchange(cloud, "image", data)
    assert closed and len(replies) == 1
    assert_fault("image", replies[0], 413)


@pytest.fixture(scope="module")
def image_token(cloud):
    return cloud.session().get_token()


def _new_image(cloud, token) -> str:
    data = request("POST", "/v2/images", "Content-Type: application/json",
                   f"X-Auth-Token: {token}", "Connection: close",
                   body=json.dumps({"disk_format": "raw", "container_format": "bare"}
                                   ).encode())
    (reply,), _ = exchange(cloud, "image", data)
    assert reply.status == 201, reply.body
    return json.loads(reply.body)["id"]


def test_a_chunked_image_upload_stores_exactly_its_bytes(cloud, image_token):
    image_id = _new_image(cloud, image_token)
    data = os.urandom(3 << 20)
    pieces = [data[:1], data[1:70_000], data[70_000:(2 << 20) + 3], data[(2 << 20) + 3:]]
    upload = request("PUT", f"/v2/images/{image_id}/file",
                     "Content-Type: application/octet-stream",
                     f"X-Auth-Token: {image_token}", "Transfer-Encoding: chunked",
                     body=chunked(*pieces))
    download = request("GET", f"/v2/images/{image_id}/file",
                       f"X-Auth-Token: {image_token}", "Connection: close")
    replies, closed = exchange(cloud, "image", upload + download)
    assert [reply.status for reply in replies] == [204, 200]
    assert replies[1].body == data


def test_an_image_upload_with_both_lengths_is_refused_and_stores_nothing(cloud,
                                                                        image_token):
    image_id = _new_image(cloud, image_token)
    upload = request("PUT", f"/v2/images/{image_id}/file",
                     "Content-Type: application/octet-stream",
                     f"X-Auth-Token: {image_token}", "Content-Length: 4",
                     "Transfer-Encoding: chunked", body=chunked(b"data", b"more"))
    replies, closed = exchange(cloud, "image", upload)
    assert closed and [reply.status for reply in replies] == [400]
    show = request("GET", f"/v2/images/{image_id}", f"X-Auth-Token: {image_token}",
                   "Connection: close")
    (shown,), _ = exchange(cloud, "image", show)
    assert json.loads(shown.body)["status"] == "queued"
