"""[wsgi] options: the HTTP server of every API (workers, connections, timeouts,
header limits). The request body limit of JSON requests is
[oslo_middleware] max_request_body_size (conf/middleware.py)."""
from oslo_config import cfg

from onestack.conf import groups

group = cfg.OptGroup("wsgi", help="The HTTP server every API runs on (waitress).")

opts = [
    cfg.IntOpt("threads", default=16, min=1,
               deprecated_opts=[cfg.DeprecatedOpt("api_threads", group="DEFAULT")],
               help="Worker threads of each API: requests served at once. A "
                    "request reaches a worker only once it has arrived whole, "
                    "so slow or idle clients never hold one."),
    cfg.IntOpt("connection_limit", default=1000, min=1,
               help="Client connections each API holds open; further "
                    "connections wait in the listen backlog until one closes. "
                    "Raise the process's open file limit (ulimit -n) to at "
                    "least the sum over the APIs served."),
    cfg.IntOpt("header_timeout", default=30, min=1,
               help="Seconds a client has, from the first byte of a request, "
                    "to send its request line and headers; then the "
                    "connection is closed."),
    cfg.IntOpt("body_timeout", default=60, min=1,
               help="Seconds a request body may go without a byte arriving; "
                    "then the connection is closed."),
    cfg.IntOpt("keep_alive_timeout", default=30, min=1,
               help="Seconds a connection may stay idle before its first "
                    "request or between requests; then it is closed."),
    cfg.IntOpt("max_url_length", default=8192, min=256,
               help="Longest request URI (path and query), in bytes; a "
                    "longer one is answered 414."),
    cfg.IntOpt("max_header_size", default=65536, min=1024,
               help="Largest size of a request's header fields together, in "
                    "bytes; a larger header is answered 431."),
    cfg.IntOpt("max_header_count", default=100, min=10,
               help="Most header fields a request may have; more are "
                    "answered 431."),
]


def register(conf):
    groups.register(conf, group, opts)
