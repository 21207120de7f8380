"""The HTTP server of each API in `onestack all` and `onestack-api` (waitress).

waitress reads each request whole (headers, then the body, which it spools
to a temporary file past a few hundred KiB) on one event-loop thread, and only
then hands it to a worker thread: idle and slow clients hold a socket, never
a worker. Around it: strict framing and header limits (framing.py), and a
deadline per phase of a connection instead of waitress's one idle timeout.

    server = ApiServer(name, app, host, port, settings_for(conf, fault_style))
    server.start(); server.port; server.stop()
"""
from __future__ import annotations

import dataclasses
import threading

from oslo_log import log as logging
from waitress import adjustments, server as waitress_server, wasyncore

from onestack.wsgi import framing

LOG = logging.getLogger(__name__)

# A response's writer waits while more than OUTPUT_BUFFER is unsent: a
# streamed image download holds about that much (plus one chunk) in memory.
# Unsent output past OUTPUT_SPOOL (one very large body) goes to a temporary file.
OUTPUT_BUFFER = 4 << 20
OUTPUT_SPOOL = 16 << 20
# bytes the event loop reads from a socket at once (waitress's default, 8 KiB,
# makes a 1 GiB upload cost 131,072 passes of the loop)
READ_SIZE = 256 << 10


@dataclasses.dataclass(frozen=True)
class Timeouts:
    header: float        # from a request's first byte to the end of its headers
    body: float          # without a byte while a body arrives
    keep_alive: float    # idle, before a request or between requests


@dataclasses.dataclass(frozen=True)
class Settings:
    threads: int
    connection_limit: int
    timeouts: Timeouts
    limits: framing.Limits
    fault_style: str  # a faults.STYLES name: the body of the server's own refusals


def settings_for(conf, fault_style: str, raw_body_routes=(),
                 raw_body_size: int = 0) -> Settings:
    """The [wsgi] options as the server of one API takes them. Requests to
    raw_body_routes ((method, uri template) pairs) may carry raw_body_size
    bytes; all others [oslo_middleware] max_request_body_size."""
    wsgi = conf.wsgi
    return Settings(
        threads=wsgi.threads, connection_limit=wsgi.connection_limit,
        timeouts=Timeouts(header=wsgi.header_timeout, body=wsgi.body_timeout,
                          keep_alive=wsgi.keep_alive_timeout),
        limits=framing.Limits(url_length=wsgi.max_url_length,
                              header_count=wsgi.max_header_count,
                              header_size=wsgi.max_header_size,
                              body_size=conf.oslo_middleware.max_request_body_size,
                              raw_body_size=raw_body_size,
                              raw_routes=tuple(
                                  (method, framing.route_pattern(template))
                                  for method, template in raw_body_routes)),
        fault_style=fault_style)


def overdue(channel, now: float, timeouts: Timeouts) -> bool:
    """Whether a connection no worker serves has outlived its phase's deadline."""
    if channel.linger_until is not None:
        return now > channel.linger_until
    request = channel.request
    if request is None:
        return now - channel.last_activity > timeouts.keep_alive
    if not request.headers_finished:
        return now - request.started > timeouts.header
    return now - channel.last_activity > timeouts.body


class _Server(waitress_server.TcpWSGIServer):
    channel_class = framing.StrictChannel

    def __init__(self, api_name: str, app, settings: Settings, socket_map: dict,
                 sock=None, **adjust):
        self.api_name = api_name
        self.fault_style = settings.fault_style
        self.limits = settings.limits
        self.timeouts = settings.timeouts
        super().__init__(app, map=socket_map, adj=adjustments.Adjustments(**adjust),
                         _sock=sock, bind_socket=sock is None)

    def maintenance(self, now):
        for channel in list(self.active_channels.values()):
            if not channel.requests and overdue(channel, now, self.timeouts):
                channel.will_close = True


class ApiServer:
    def __init__(self, name: str, app, host: str, port: int, settings: Settings,
                 sock=None):
        """sock: a socket already bound to host:port (for instance inside a
        network namespace, see common/netns.py) to listen on."""
        self.name = name
        self._map: dict = {}
        limits = settings.limits
        self._server = _Server(
            name, app, settings, self._map, sock=sock, host=host, port=port,
            threads=settings.threads, connection_limit=settings.connection_limit,
            # waitress refuses a header block or body of this size or more
            max_request_header_size=(limits.header_size + limits.url_length
                                     + framing.REQUEST_LINE_OVERHEAD + 1),
            max_request_body_size=limits.largest_body + 1,
            recv_bytes=READ_SIZE, cleanup_interval=1, asyncore_use_poll=True,
            outbuf_overflow=OUTPUT_SPOOL, outbuf_high_watermark=OUTPUT_BUFFER,
            clear_untrusted_proxy_headers=False, log_socket_errors=False,
            expose_tracebacks=False, ident="onestack")
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def open_connections(self) -> int:
        return len(self._server.active_channels)

    def start(self):
        self._thread = threading.Thread(target=self._server.run,
                                        name=f"api-{self.name}", daemon=True)
        self._thread.start()
        LOG.info("%s API listening on %s:%s", self.name,
                 self._server.effective_host, self.port)

    def stop(self):
        """Close the listening socket and every connection, let the workers
        end (one still running gets 5 s at most), then end the event loop."""
        if self._thread is None:
            return
        self._in_loop(self._close_connections)
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        self._in_loop(lambda: wasyncore.close_all(self._map))
        self._thread.join(timeout=5)
        self._thread = None

    def _in_loop(self, action) -> None:
        """Run action on the event loop thread, which owns the socket map."""
        if not self._thread.is_alive():
            return action()
        done = threading.Event()

        def run():
            try:
                action()
            finally:
                done.set()
        self._server.trigger.pull_trigger(run)
        done.wait(timeout=5)

    def _close_connections(self) -> None:
        # the listening socket alone: the trigger wakes the loop until the end
        wasyncore.dispatcher.close(self._server)
        for channel in list(self._server.active_channels.values()):
            channel.linger_after_close = False
            channel.handle_close()  # wakes a worker waiting to write to it
