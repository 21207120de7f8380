"""Listen addresses of the HTTP APIs (nova.conf names where nova has them)."""
from oslo_config import cfg

# api name -> (listen option prefix, default port)
APIS = {
    "identity": ("identity", 5000),
    "compute": ("osapi_compute", 8774),
    "metadata": ("metadata", 8775),
    "ec2": ("ec2", 8773),
    "image": ("image", 9292),
    "volume": ("osapi_volume", 8776),
    "network": ("network_api", 9696),
}


def _listen_opts():
    opts = []
    for api, (prefix, port) in APIS.items():
        opts.append(cfg.StrOpt(f"{prefix}_listen", default="0.0.0.0",
                               help=f"Address the {api} API listens on."))
        opts.append(cfg.PortOpt(f"{prefix}_listen_port", default=port,
                                help=f"Port the {api} API listens on."))
    return opts


opts = _listen_opts()


def listen_address(conf, api):
    prefix, _ = APIS[api]
    return conf[f"{prefix}_listen"], conf[f"{prefix}_listen_port"]


def register(conf):
    conf.register_opts(opts)
