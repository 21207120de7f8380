"""[oslo_middleware] max_request_body_size: Nova's and Keystone's name and
default for the largest JSON request body."""
from oslo_config import cfg

from onestack.conf import groups

group = cfg.OptGroup("oslo_middleware", help="Request limits of every API.")

opts = [
    cfg.IntOpt("max_request_body_size", default=114688, min=1,
               help="Largest request body, in bytes, of every request but "
                    "image data uploads (limited by [image] image_size_cap); "
                    "a larger one is answered 413."),
]


def register(conf):
    groups.register(conf, group, opts)
