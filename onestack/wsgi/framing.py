"""Strict request framing and header limits on waitress's connection channel.

waitress reads chunked bodies as bodies and refuses a malformed or repeated
Content-Length and an unknown Transfer-Encoding. The parser here refuses, in
addition, what a front end and a back end could frame differently:
- Content-Length together with Transfer-Encoding (RFC 9112 6.1 and 6.3);
- Transfer-Encoding on an HTTP/1.0 request, which waitress would not read;
and requests past the limits: a request line longer than the URL limit (414),
more header fields than the count limit (431), a body larger than the limit
of its route (413): [oslo_middleware] max_request_body_size but for the raw
data routes of an API (image uploads). waitress bounds the size of the
header block (431).

Every refused request is answered in the API's fault format with the
connection closed: nothing after it on the connection is served. Before it
closes, the channel reads and drops what the client still sends, for a short
while (a "lingering close"): closing a socket with unread input would reset
the connection, and the client would lose the answer.
"""
from __future__ import annotations

import dataclasses
import re
import socket
import time

from oslo_log import log as logging
from waitress import buffers, channel, parser, task, utilities

from onestack.wsgi import faults

LOG = logging.getLogger(__name__)

# what a request line holds besides its URI: a method, two spaces, HTTP/1.1
REQUEST_LINE_OVERHEAD = 32
# how long, and how many bytes, a refused client's input is read and dropped
LINGER_SECONDS = 2
LINGER_BYTES = 16 << 20
FILE_READ_SIZE = 256 << 10


@dataclasses.dataclass(frozen=True)
class Limits:
    url_length: int
    header_count: int
    header_size: int           # header fields together, request line excluded
    body_size: int             # of every request but those raw_routes match
    raw_body_size: int = 0
    raw_routes: tuple = ()     # (method, compiled path pattern) pairs

    def body_size_for(self, method: str, path: str) -> int:
        for route_method, pattern in self.raw_routes:
            if method == route_method and pattern.fullmatch(path):
                return max(self.raw_body_size, self.body_size)
        return self.body_size

    @property
    def largest_body(self) -> int:
        return max(self.raw_body_size, self.body_size)


def route_pattern(template: str) -> re.Pattern:
    """'/v2/images/{image_id}/file' -> a pattern of the paths it routes."""
    return re.compile("[^/]+".join(re.escape(part)
                                   for part in re.split(r"\{[^}]*\}", template)))


class URITooLong(utilities.Error):
    code = 414
    reason = "Request-URI Too Long"


class StrictRequestParser(parser.HTTPRequestParser):
    """One request as it arrives; `started` (time.time()) is its first byte."""

    body_limit = 0

    def __init__(self, adj, limits: Limits):
        super().__init__(adj)
        self.limits = limits
        self.started = time.time()

    def received(self, data: bytes) -> int:
        if not self.headers_finished and self._request_line_too_long(data):
            self._refuse(URITooLong(f"The request line is longer than the "
                                    f"{self.limits.url_length} bytes of URI "
                                    "this API accepts."))
            return len(data)
        consumed = super().received(data)
        if self.body_rcv is not None and self.body_bytes_received > self.body_limit:
            self._refuse_body()  # a chunked body grown past the limit
        return consumed

    def _request_line_too_long(self, data: bytes) -> bool:
        if b"\n" in self.header_plus:
            return False
        head = (self.header_plus + data).lstrip()
        end = head.find(b"\n")
        length = end if end >= 0 else len(head)
        return length > self.limits.url_length + REQUEST_LINE_OVERHEAD

    def parse_header(self, header_plus: bytes) -> None:
        too_large = self._headers_too_large(header_plus)
        if too_large:
            super().parse_header(header_plus[:header_plus.find(b"\n") + 1])
            self._refuse(utilities.RequestHeaderFieldsTooLarge(too_large))
            return
        super().parse_header(header_plus)
        if "TRANSFER_ENCODING" in self.headers:  # kept only outside HTTP/1.1
            raise parser.ParsingError("Transfer-Encoding is not allowed in an "
                                      f"HTTP/{self.version} request.")
        if self.chunked and "CONTENT_LENGTH" in self.headers:
            raise parser.ParsingError("A request may not have both Content-Length "
                                      "and Transfer-Encoding.")
        self.body_limit = self.limits.body_size_for(self.command, self.path)
        if len(self.request_uri) > self.limits.url_length:
            self._refuse(URITooLong(f"The request URI is longer than the "
                                    f"{self.limits.url_length} bytes this API "
                                    "accepts."))
        elif self.content_length > self.body_limit:
            self._refuse_body()

    def _headers_too_large(self, header_plus: bytes) -> str | None:
        """Why the header fields are past the limits; None when they are not."""
        fields = header_plus.rstrip()
        fields = fields[fields.find(b"\n") + 1:] if b"\n" in fields else b""
        if len(fields) > self.limits.header_size:
            return (f"The request's header fields are larger than the "
                    f"{self.limits.header_size} bytes this API accepts.")
        # a field line starts after each line break
        count = fields.count(b"\n") + 1 if fields else 0
        if count > self.limits.header_count:
            return (f"The request has {count} header fields; this API accepts at "
                    f"most {self.limits.header_count}.")
        return None

    def _refuse_body(self) -> None:
        self._refuse(utilities.RequestEntityTooLarge(
            f"The request body is larger than the {self.body_limit} bytes this "
            "API accepts."))

    def _refuse(self, error: utilities.Error) -> None:
        """Answer error and read nothing more of this request."""
        self.error = error
        self.completed = True
        if self.body_rcv is not None:
            self.body_rcv.getbuf().close()
            self.body_rcv = None
        self.content_length = 0


class FaultErrorTask(task.ErrorTask):
    """The answer to a request refused before the app: the API's fault body."""

    def execute(self):
        error = self.request.error
        server = self.channel.server
        fault = faults.for_status(error.code, _message(error, server.limits))
        style = faults.style(server.fault_style)
        body = style.encode(fault)
        LOG.info("%s refused a request from %s: %s %s", server.api_name,
                 self.channel.addr[0], error.code, fault.message)
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", style.media_type))
        self.set_close_on_finish()
        self.channel.linger_after_close = True
        self.content_length = len(body)
        self.write(body)


def _message(error: utilities.Error, limits: Limits) -> str:
    """waitress's terse reasons ("exceeds max_header of ...") in our words."""
    if isinstance(error, utilities.RequestHeaderFieldsTooLarge) and \
            error.body.startswith("exceeds"):
        return (f"The request's header fields are larger than the "
                f"{limits.header_size} bytes this API accepts.")
    return error.body


class FileBody(buffers.ReadOnlyFileBasedBuffer):
    """waitress's wsgi.file_wrapper (a file body sent by the event loop, no
    worker waiting), reading at most FILE_READ_SIZE a time: waitress reads as
    much as the socket's send buffer (about 4 MB on loopback) and reads again
    what did not fit."""

    def get(self, numbytes=-1, skip=False):
        if numbytes < 0 or numbytes > FILE_READ_SIZE:
            numbytes = FILE_READ_SIZE
        return super().get(numbytes, skip)


class AppTask(task.WSGITask):
    """A request for the app. waitress closes the connection after any
    response without a Content-Length, even one that has no body (204, 304),
    where HTTP forbids the header: such connections stay open as the client
    asked. File bodies go through FileBody."""

    def get_environment(self):
        environ = super().get_environment()
        environ["wsgi.file_wrapper"] = FileBody
        return environ

    def set_close_on_finish(self):
        if self.has_body or self.version != "1.1" or \
                self.request.headers.get("CONNECTION", "").lower() == "close":
            super().set_close_on_finish()


class StrictChannel(channel.HTTPChannel):
    """A client connection whose requests are parsed strictly; its server
    carries the limits, the fault style and the API's name."""

    task_class = AppTask
    error_task_class = FaultErrorTask
    linger_after_close = False
    linger_until: float | None = None    # time.time() while lingering
    linger_budget = LINGER_BYTES

    def parser_class(self, adj):
        # waitress calls self.parser_class(adj) for each new request
        return StrictRequestParser(adj, self.server.limits)

    def handle_close(self):
        if self.linger_after_close and self.linger_until is None and self.connected:
            self._start_lingering()
        else:
            super().handle_close()

    def _start_lingering(self):
        try:
            self.socket.shutdown(socket.SHUT_WR)  # the answer is sent: FIN
        except OSError:
            return super().handle_close()
        self.linger_until = time.time() + LINGER_SECONDS
        self.will_close = self.close_when_flushed = False

    def readable(self):
        return self.linger_until is not None or super().readable()

    def handle_read(self):
        if self.linger_until is None:
            return super().handle_read()
        try:
            dropped = len(self.socket.recv(256 << 10))
        except OSError:
            dropped = 0
        self.linger_budget -= dropped
        if not dropped or self.linger_budget <= 0:
            super().handle_close()
