"""A service: its manager behind an RPC server, a heartbeat and periodic tasks."""
from __future__ import annotations

import threading

# First: onestack.rpc selects oslo.service's threading backend, which must
# happen before anything imports oslo_messaging.
from onestack import rpc  # isort: skip

import oslo_messaging as messaging
from oslo_log import log as logging

from onestack.db import services as service_db

LOG = logging.getLogger(__name__)


class Manager:
    """Base of every service's manager; its public methods are its RPC methods.

    target.version is the RPC API version it accepts (messages of the same
    major version, up to that minor one); the service records it, and
    clients cap what they send to the oldest recorded (onestack.rpc).
    """

    topic = ""
    target = messaging.Target(version="1.0")

    def __init__(self, conf, host: str):
        self.conf = conf
        self.host = host

    def periodic_tasks(self) -> list[tuple[float, callable]]:
        """(interval in seconds, function) pairs the service runs in the background."""
        return []

    def init_host(self) -> None:
        """Called once before the RPC server starts: recover what a crash left."""

    def cleanup_host(self) -> None:
        """Called once when the service stops."""


class Service:
    def __init__(self, conf, binary: str, manager: Manager):
        self.conf = conf
        self.binary = binary
        self.manager = manager
        self.host = manager.host
        self.record_id: int | None = None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._server = None

    def start(self) -> None:
        self.record_id = self._register().id
        self.manager.init_host()
        self._server = rpc.get_server(self.manager.topic, self.host, [self.manager])
        self._server.start()
        self._every(self.conf.report_interval, self.report_state, "heartbeat")
        for interval, task in self.manager.periodic_tasks():
            self._every(interval, task, task.__name__)
        LOG.info("%s started on host %s (topic %s, RPC API %s)", self.binary,
                 self.host, self.manager.topic, self.manager.target.version)

    def report_state(self) -> None:
        if not service_db.heartbeat(self.record_id):
            self.record_id = self._register().id

    def _register(self):
        return service_db.register(self.host, self.binary, self.manager.topic,
                                   self.manager.target.version)

    def _every(self, interval: float, function, name: str) -> None:
        def loop():
            while not self._stop.wait(interval):
                try:
                    function()
                except Exception:  # a periodic task must not die with one failure
                    LOG.exception("%s of %s failed", name, self.binary)

        thread = threading.Thread(target=loop, name=f"{self.binary}-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.stop()
            self._server.wait()
        self.manager.cleanup_host()
        for thread in self._threads:
            thread.join(timeout=5)
        LOG.info("%s stopped on host %s", self.binary, self.host)
