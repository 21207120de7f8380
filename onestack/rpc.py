"""RPC between services: one transport per process, oslo.messaging clients and servers.

The transport is ``transport_url``: ``inproc://`` (onestack.rpc_inproc) by default,
``rabbit://...`` when services run apart. Contexts cross as dicts and arrive as
RequestContext; arguments and results are plain JSON types.

    rpc.init(conf)
    server = rpc.get_server("compute", host, [manager]); server.start()
    rpc.get_client("compute", server=host).cast(ctxt, "reboot", instance_id=...)
    rpc.get_client("compute").prepare(fanout=True).cast(ctxt, "refresh", ...)

Versions: a server accepts what its endpoint's `target` version allows (same
major, up to its minor); a client of an rpcapi is capped by version_cap(), so
that a newer API sends older services the form they know.
"""
from __future__ import annotations

import concurrent.futures
import time

from oslo_service import backend as _service_backend

# oslo.messaging imports oslo.service, whose default backend is eventlet; we
# run on native threads, so the threading backend must be chosen first.
_service_backend.init_backend(_service_backend.BackendType.THREADING)

import oslo_messaging as messaging  # noqa: E402
from oslo_config import cfg  # noqa: E402
from oslo_log import log as logging  # noqa: E402
from oslo_messaging import opts as _messaging_opts  # noqa: E402
from oslo_messaging._metrics import client as _metrics  # noqa: E402
from oslo_messaging._tracing import client as _tracing  # noqa: E402
from oslo_messaging.rpc import dispatcher as _dispatcher  # noqa: E402
from oslo_messaging.rpc import server as _server  # noqa: E402

from onestack.common.context import RequestContext, clear_current  # noqa: E402
from onestack.db import services as service_db  # noqa: E402

EXCHANGE = "onestack"
DEFAULT_TRANSPORT_URL = "inproc://"
# Exceptions from these modules are raised again, as themselves, in the caller.
ALLOWED_EXMODS = ["onestack.common.exceptions", "onestack.scheduler.errors",
                  "onestack.virt.driver", "oslo_messaging.rpc.dispatcher"]
# seconds a version cap read from the services table is kept
CAP_LIFETIME = 60

LOG = logging.getLogger(__name__)
TRANSPORT: messaging.Transport | None = None
_conf = None
_caps: dict[str, tuple[str, float]] = {}  # topic -> (cap, monotonic time it expires)


class _ContextSerializer(messaging.NoOpSerializer):
    def serialize_context(self, ctxt: RequestContext) -> dict:
        return ctxt.to_dict()

    def deserialize_context(self, ctxt: dict) -> RequestContext:
        if isinstance(ctxt, _ReceivedContext):
            return ctxt.context
        return RequestContext.from_dict(ctxt)


class _ReceivedContext(dict):
    """A received message's context dict, with the RequestContext made of it
    (once, by _RPCServer, for the whole of the message's handling)."""

    def __init__(self, values: dict):
        super().__init__(values)
        self.context = RequestContext.from_dict(values)


_SERIALIZER = _ContextSerializer()


class _RPCServer(_server.RPCServer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # oslo's "threading" executor is futurist's pool, whose idle workers
        # notice a shutdown only after a 1 s poll, so wait() took a second;
        # the standard library's pool (same interface) wakes them at once.
        self._executor_cls = concurrent.futures.ThreadPoolExecutor

    def _process_incoming(self, incoming):
        # The message's context is its thread's current one from the first
        # line oslo.messaging logs of it to the last, so that every line
        # carries the request's ids (oslo.log reads them from there); then
        # none is, so that nothing logged later carries them by mistake.
        message = incoming[0]
        message.ctxt = _ReceivedContext(message.ctxt)
        message.ctxt.context.update_store()
        LOG.debug("Handling %s (version %s)", message.message.get("method"),
                  message.message.get("version", "1.0"))
        try:
            return super()._process_incoming(incoming)
        finally:
            clear_current()


def init(conf) -> messaging.Transport:
    """Open the process's transport from conf.transport_url (once)."""
    global TRANSPORT, _conf
    if TRANSPORT is None:
        _conf = conf
        messaging.set_transport_defaults(control_exchange=EXCHANGE)
        for group, opts in _messaging_opts.list_opts():
            if group is None:
                conf.register_opts(opts)
        # oslo.messaging registers these two groups on cfg.CONF only.
        conf.register_opts(_metrics.oslo_messaging_metrics, group="oslo_messaging_metrics")
        conf.register_opts(_tracing.oslo_messaging_tracing, group="oslo_messaging_tracing")
        conf.set_default("transport_url", DEFAULT_TRANSPORT_URL)
        TRANSPORT = messaging.get_rpc_transport(conf, allowed_remote_exmods=ALLOWED_EXMODS)
    return TRANSPORT


def cleanup() -> None:
    global TRANSPORT, _conf
    if TRANSPORT is not None:
        TRANSPORT.cleanup()
        TRANSPORT = None
    _conf = None
    reset_version_caps()


def _transport() -> messaging.Transport:
    if TRANSPORT is None:
        raise RuntimeError("onestack.rpc.init(conf) has not been called")
    return TRANSPORT


def get_client(topic: str, server: str | None = None, version: str = "1.0",
               timeout: float | None = None,
               version_cap: str | None = None) -> messaging.RPCClient:
    """A client with call(ctxt, method, **kwargs), cast(...) and prepare(fanout=True, ...).

    version is what its messages carry unless prepare(version=...) says
    otherwise; with a version_cap, can_send_version(v) says whether v may be
    sent, and sending a newer one raises RPCVersionCapError.
    """
    target = messaging.Target(topic=topic, server=server, version=version)
    return messaging.get_rpc_client(_transport(), target, serializer=_SERIALIZER,
                                    timeout=timeout, version_cap=version_cap)


def version_cap(topic: str, newest: str) -> str:
    """The newest RPC version a client of topic may send: `[upgrade_levels]
    <topic>` when it names a version; else (`auto`) the oldest version the
    topic's services recorded, read again after CAP_LIFETIME seconds; newest
    (the client's own) while no service of the topic is recorded."""
    configured = _configured_cap(topic)
    if configured:
        return configured
    cached = _caps.get(topic)
    if cached and cached[1] > time.monotonic():
        return cached[0]
    recorded = service_db.versions(topic)
    if not recorded:
        return newest
    cap = min(recorded, key=_parse_version)
    if cached is None or cached[0] != cap:
        LOG.info("RPC to %s is capped at version %s (the oldest of its services; "
                 "this client speaks up to %s)", topic, cap, newest)
    _caps[topic] = (cap, time.monotonic() + CAP_LIFETIME)
    return cap


def reset_version_caps() -> None:
    """Forget the caps read from the services table (after an upgrade, say)."""
    _caps.clear()


def _configured_cap(topic: str) -> str | None:
    try:
        value = _conf.upgrade_levels[topic]
    except (AttributeError, KeyError, cfg.NoSuchOptError):
        return None  # a topic (or a config) without the option
    return None if value == "auto" else value


def _parse_version(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def get_server(topic: str, server: str, endpoints: list) -> _server.RPCServer:
    """A server (start/stop/wait) calling endpoint methods as method(ctxt, **kwargs).

    It runs on native threads: without eventlet monkey patching oslo.messaging
    picks its "threading" executor.
    """
    target = messaging.Target(topic=topic, server=server)
    return messaging.get_rpc_server(
        _transport(), target, endpoints, serializer=_SERIALIZER,
        access_policy=_dispatcher.DefaultRPCAccessPolicy, server_cls=_RPCServer)
