"""Registering an option group in a ConfigOpts of its own.

oslo.config keeps a group's options (and their overrides) in the OptGroup
object it was given: registering one module-level OptGroup in two
ConfigOpts would share them, so an override in one would show in the
other. Each ConfigOpts gets a fresh copy of the group instead."""
from oslo_config import cfg


def register(conf: cfg.ConfigOpts, group: cfg.OptGroup, opts) -> None:
    conf.register_group(cfg.OptGroup(group.name, title=group.title, help=group.help))
    conf.register_opts(opts, group=group.name)
