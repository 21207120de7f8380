"""[DEFAULT] options shared by every service."""
import socket

from oslo_config import cfg

host_opt = cfg.StrOpt("host", default=socket.gethostname(), sample_default="<hostname>",
                      help="Name of this host, as services register themselves.")

opts = [
    host_opt,
    cfg.StrOpt("state_path", default="./state",
               help="Directory for the SQLite database, fernet keys, images "
                    "and instances."),
    cfg.StrOpt("my_ip", default="127.0.0.1",
               help="IP address of this host."),
    cfg.ListOpt("enabled_apis",
                default=["identity", "compute", "network", "metadata", "ec2", "image",
                         "volume"],
                help="APIs that `onestack all` and `onestack-api` serve."),
    cfg.ListOpt("enabled_services",
                default=["scheduler", "compute", "network", "volume"],
                help="Services that `onestack all` runs in its process."),
    cfg.IntOpt("service_down_time", default=60, min=1,
               help="Seconds since the last heartbeat after which a service "
                    "counts as down."),
    cfg.IntOpt("report_interval", default=10, min=1,
               help="Seconds between the heartbeats of a service."),
    cfg.StrOpt("region_name", default="RegionOne",
               help="Region name in the service catalog."),
    cfg.StrOpt("public_endpoint_host", default=None,
               help="Host name or address the service catalog gives clients. "
                    "Default: my_ip."),
]


def register(conf):
    conf.register_cli_opt(host_opt)
    conf.register_opts([opt for opt in opts if opt is not host_opt])
