"""[upgrade_levels]: the newest RPC version each client may send (Nova's names)."""
from oslo_config import cfg

from onestack.conf import groups

group = cfg.OptGroup("upgrade_levels", help=(
    "RPC version caps for rolling upgrades. `auto`: a client sends at "
    "most the version of the oldest service of its topic in the services table "
    "(services that are forced down are not counted). A version such as `1.0` "
    "caps it to that version, whatever the services say."))

TOPICS = ("compute", "scheduler", "network", "volume")

opts = [cfg.StrOpt(topic, default="auto", regex=r"^(auto|[0-9]+\.[0-9]+)$",
                   help=f"Version cap of RPC to onestack-{topic}: `auto` or a "
                        "version such as `1.0`.")
        for topic in TOPICS]


def register(conf):
    groups.register(conf, group, opts)
