"""oslo.config options, one module per group; `CONF` is the process's config."""
from oslo_config import cfg
from oslo_log import log as logging

from onestack.conf import (api, compute, database, default, identity, image,
                           metadata, middleware, network, quota, scheduler,
                           upgrade_levels, virt, wsgi)

CONF = cfg.CONF

_MODULES = (default, api, wsgi, middleware, database, identity, quota, scheduler, virt,
            compute, image, upgrade_levels, network, metadata)


def register_all(conf=CONF):
    if "state_path" in conf:  # registered already
        return conf
    for module in _MODULES:
        module.register(conf)
    logging.register_options(conf)
    return conf


def list_opts():
    """For oslo-config-generator: (group, options) pairs."""
    return [
        ("DEFAULT", default.opts + api.opts + compute.opts + scheduler.opts
         + virt.opts + network.opts + metadata.default_opts),
        (metadata.group, metadata.opts),
        (wsgi.group, wsgi.opts),
        (middleware.group, middleware.opts),
        (database.group, database.opts),
        (identity.token_group, identity.token_opts),
        (identity.fernet_group, identity.fernet_opts),
        (identity.credential_group, identity.credential_opts),
        (identity.identity_group, identity.identity_opts),
        (quota.group, quota.opts),
        (scheduler.group, scheduler.filter_opts),
        (virt.fake_group, virt.fake_opts),
        (virt.container_group, virt.container_opts),
        (virt.libvirt_group, virt.libvirt_opts),
        (image.group, image.opts),
        (upgrade_levels.group, upgrade_levels.opts),
    ]


def parse_args(argv, conf=CONF, default_config_files=None):
    register_all(conf)
    conf(argv, project="onestack", default_config_files=default_config_files)
    return conf


register_all(CONF)
