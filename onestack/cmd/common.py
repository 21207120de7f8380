"""What every entry point does first, and the foreground run loop."""
import gc
import signal
import sys
import time

from oslo_log import log as logging

from onestack import conf as onestack_conf
from onestack import rpc
from onestack.api.metadata import listener as metadata_listener
from onestack.common import exceptions, netns
from onestack.conf import api as api_conf
from onestack.db import engine, migration
from onestack.wsgi import registry
from onestack.wsgi.server import ApiServer

LOG = logging.getLogger(__name__)


def prepare(argv=None, cli_opts=(), usage=None):
    """Parse config and command line, set up logging, the database and RPC."""
    conf = onestack_conf.CONF
    conf.register_cli_opts(list(cli_opts))
    onestack_conf.parse_args(sys.argv[1:] if argv is None else argv, conf)
    logging.setup(conf, "onestack")
    try:
        engine.configure(conf)
        engine.check_connection()
    except exceptions.DatabaseUnavailable as error:
        fail(error)
    return conf


def require_schema():
    current, head = migration.current_version(), migration.head_version()
    if current != head:
        sys.exit(f"The database is at schema {current}, the code needs {head}: "
                 "run `onestack-manage db sync`.")


def start_apis(conf, names=None) -> list:
    """Start the enabled APIs this version serves (see wsgi.registry), or
    those named; the metadata API with its listener for changes."""
    if names is None:
        for name in registry.unavailable(conf):
            LOG.warning("API %s is enabled but not available in this version", name)
    servers: list = []
    for name in registry.served(conf) if names is None else names:
        host, port = api_conf.listen_address(conf, name)
        api = registry.APIS[name]
        sock = None
        if name == "metadata" and conf.network_namespace:
            # instances reach it through the namespace's DNAT: it listens there
            netns.ensure(conf.network_namespace)
            sock = netns.bound_socket(conf.network_namespace, host, port)
        server = ApiServer(name, api.create(conf), host, port,
                           api.server_settings(conf), sock=sock)
        server.start()
        servers.append(server)
        if name == "metadata":
            listener = metadata_listener.Listener(conf)
            listener.start()
            servers.append(listener)
    return servers


_stop_signals: list[int] = []


def catch_stop_signals() -> None:
    """From now on SIGINT and SIGTERM only ask run_until_signal to stop: a
    foreground command calls this before it starts anything, so that a signal
    during startup stops it cleanly too. The handler only records the signal:
    one that took a lock (Event.set) deadlocks when a second signal
    interrupts it in the same thread."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda signum, _frame: _stop_signals.append(signum))


def run_until_signal(stoppables) -> None:
    """Block until SIGINT or SIGTERM, then stop everything in reverse order."""
    # What startup made (modules, config, apps) lives as long as the process:
    # frozen, it stays out of every full collection, which otherwise costs a
    # 1,000-server listing about a third of its time.
    gc.freeze()
    catch_stop_signals()
    while not _stop_signals:
        time.sleep(0.2)
    LOG.info("Stopping")
    for item in reversed(stoppables):
        try:
            item.stop()
        except Exception:
            LOG.exception("Stopping %s failed", item)
    rpc.cleanup()


def fail(error: exceptions.OnestackError, status: int = 1):
    print(f"ERROR: {error.message}", file=sys.stderr)
    sys.exit(status)
