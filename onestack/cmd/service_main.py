"""Run one service (scheduler, compute, network, volume) as a process of its own."""
from onestack import rpc
from onestack.cmd import common
from onestack.service import Service
from onestack.services import SERVICES


def run(name: str, argv=None):
    conf = common.prepare(argv)
    common.catch_stop_signals()
    common.require_schema()
    rpc.init(conf)
    binary, manager_class = SERVICES[name]
    service = Service(conf, binary, manager_class(conf, conf.host))
    service.start()
    common.run_until_signal([service])
