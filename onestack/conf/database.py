"""[database] options."""
from oslo_config import cfg

from onestack.conf import groups

group = cfg.OptGroup("database", help="The database every service shares.")

opts = [
    cfg.StrOpt("connection", secret=True,
               help="SQLAlchemy URL, e.g. postgresql://user@host/onestack or "
                    "mysql+pymysql://root@127.0.0.1/onestack. Default: SQLite "
                    "at $state_path/onestack.sqlite."),
    cfg.BoolOpt("connection_debug", default=False,
                help="Log every SQL statement."),
    cfg.IntOpt("max_pool_size", default=10, min=1,
               help="Connections kept open per process (PostgreSQL, MySQL)."),
    cfg.IntOpt("sqlite_busy_timeout", default=30, min=1,
               help="Seconds a SQLite writer waits for the lock."),
]


def register(conf):
    groups.register(conf, group, opts)
