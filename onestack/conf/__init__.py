"""oslo.config options, one module per group; `CONF` is the process's config."""
from oslo_config import cfg
from oslo_log import log as logging

from onestack.conf import api, database, default, identity

CONF = cfg.CONF

_MODULES = (default, api, database, identity)
_registered = set()


def register_all(conf=CONF):
    if id(conf) in _registered:
        return conf
    for module in _MODULES:
        module.register(conf)
    logging.register_options(conf)
    _registered.add(id(conf))
    return conf


def list_opts():
    """For oslo-config-generator: (group, options) pairs."""
    return [
        ("DEFAULT", default.opts + api.opts),
        (database.group, database.opts),
        (identity.token_group, identity.token_opts),
        (identity.fernet_group, identity.fernet_opts),
        (identity.identity_group, identity.identity_opts),
    ]


def parse_args(argv, conf=CONF, default_config_files=None):
    register_all(conf)
    conf(argv, project="onestack", default_config_files=default_config_files)
    return conf


register_all(CONF)
