"""onestack-api-metadata: the metadata service alone (port 8775), for a
network host in multi-host mode, whatever enabled_apis says."""
from onestack import rpc
from onestack.cmd import common


def main(argv=None):
    conf = common.prepare(argv)
    common.catch_stop_signals()
    common.require_schema()
    rpc.init(conf)
    servers = common.start_apis(conf, names=["metadata"])
    common.run_until_signal(servers)


if __name__ == "__main__":
    main()
