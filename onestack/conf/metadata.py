"""Options of the metadata service (nova.conf names)."""
from oslo_config import cfg

from onestack.conf import groups

group = cfg.OptGroup("api", title="The metadata service's view of its callers")

opts = [
    cfg.BoolOpt("use_forwarded_for", default=False,
                help="Take the caller's address from X-Forwarded-For: only "
                     "behind a proxy that sets it, since a caller could name "
                     "any address otherwise."),
    cfg.IntOpt("metadata_cache_expiration", default=15, min=0,
               help="Seconds the metadata service keeps what it read of an "
                    "instance; changes through the APIs invalidate it sooner. "
                    "0: read the database on every request."),
]

default_opts = [
    cfg.StrOpt("metadata_proxy_shared_secret", default="", secret=True,
               help="Secret a metadata proxy signs X-Instance-ID with (hex "
                    "HMAC-SHA256). Empty: proxy headers are not accepted."),
]


def register(conf):
    groups.register(conf, group, opts)
    conf.register_opts(default_opts)
