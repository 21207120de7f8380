"""onestack-api: the enabled HTTP APIs, without the services."""
from onestack import rpc
from onestack.cmd import common


def main(argv=None):
    conf = common.prepare(argv)
    common.catch_stop_signals()
    common.require_schema()
    rpc.init(conf)
    servers = common.start_apis(conf)
    common.run_until_signal(servers)


if __name__ == "__main__":
    main()
