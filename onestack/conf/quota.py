"""[quota]: the default limits of every project (Nova's names)."""
from oslo_config import cfg

from onestack.conf import groups

group = cfg.OptGroup("quota", help="Default quotas; -1 means unlimited.")

DEFAULTS = {
    "instances": (10, "Servers per project."),
    "cores": (20, "vCPUs per project."),
    "ram": (51200, "MB of RAM per project."),
    "key_pairs": (100, "Key pairs per user."),
    "metadata_items": (128, "Metadata items per server."),
    "injected_files": (5, "Injected files per server."),
    "injected_file_content_bytes": (10240, "Bytes per injected file."),
    "injected_file_path_bytes": (255, "Bytes per injected file path."),
    "server_groups": (10, "Server groups per project."),
    "server_group_members": (10, "Servers per server group."),
    "floating_ips": (10, "Floating IPs per project."),
    "fixed_ips": (-1, "Fixed IPs per project."),
    "security_groups": (10, "Security groups per project."),
    "security_group_rules": (20, "Rules per security group."),
    "networks": (3, "Networks per project (through the networking APIs)."),
    "subnets": (100, "Subnets per project (the Neutron API's `subnet`)."),
    "routers": (10, "Routers per project (the Neutron API's `router`)."),
}

opts = [cfg.IntOpt(name, default=default, min=-1, help=text)
        for name, (default, text) in DEFAULTS.items()]


def register(conf):
    groups.register(conf, group, opts)
