"""A threaded WSGI server (cheroot) for each API in `onestack all`/`onestack-api`."""
import threading

from cheroot import wsgi
from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class ApiServer:
    def __init__(self, name: str, app, host: str, port: int, threads: int = 16):
        self.name = name
        self._server = wsgi.Server((host, port), app, numthreads=threads,
                                   server_name=f"onestack-{name}")
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.bind_addr[1]

    def start(self):
        self._server.prepare()
        self._thread = threading.Thread(target=self._server.serve,
                                        name=f"api-{self.name}", daemon=True)
        self._thread.start()
        LOG.info("%s API listening on %s:%s", self.name,
                 self._server.bind_addr[0], self.port)

    def stop(self):
        self._server.stop()
        if self._thread:
            self._thread.join(timeout=5)
