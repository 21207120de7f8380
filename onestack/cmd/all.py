"""onestack all: every enabled API and service in one process."""
from oslo_log import log as logging

from onestack import rpc, virt
from onestack.cmd import common
from onestack.conf import api as api_conf
from onestack.identity import bootstrap, catalog
from onestack.network.linux import all_in_one
from onestack.service import Service
from onestack.services import SERVICES
from onestack.wsgi import registry

LOG = logging.getLogger(__name__)


def start(conf):
    """Start APIs and services; returns what to stop, in start order."""
    rpc.init(conf)
    started = common.start_apis(conf)
    for name in conf.enabled_services:
        binary, manager_class = SERVICES[name]
        service = Service(conf, binary, manager_class(conf, conf.host))
        service.start()
        started.append(service)
    return started


def describe(conf, started) -> str:
    lines = ["onestack is running. Endpoints (as the catalog lists them):"]
    for api, entry in registry.catalog_entries(conf):
        lines.append(f"  {entry.service_type:<9} "
                     f"{catalog.url_for(conf, api, path=entry.path)}")
    if "metadata" in registry.served(conf):
        where = catalog.url_for(conf, "metadata")
        if conf.network_namespace:
            host, port = api_conf.listen_address(conf, "metadata")
            where = f"http://{host}:{port} inside network namespace " \
                    f"{conf.network_namespace}"
        lines.append(f"  {'metadata':<9} {where} (for instances; not in the catalog)")
    lines.append("Services: " + ", ".join(
        item.binary for item in started if hasattr(item, "binary")))
    lines.append(f"Admin credentials: source {bootstrap.openrc_path(conf, 'admin')}")
    lines.append(f"Demo credentials:  source {bootstrap.openrc_path(conf, 'demo')}")
    lines.append("Stop with Ctrl-C.")
    return "\n".join(lines)


def main(argv=None):
    conf = common.prepare(argv)
    common.catch_stop_signals()
    common.require_schema()
    # before anything reads network_driver or compute_driver: unset ones are
    # chosen here (the network first: the container driver plugs into it)
    network_choice = all_in_one.choose(conf)
    compute_choice = virt.choose(conf)
    started = start(conf)
    print(describe(conf, started), flush=True)
    print(network_choice, flush=True)
    print(compute_choice, flush=True)
    common.run_until_signal(started)


if __name__ == "__main__":
    main()
