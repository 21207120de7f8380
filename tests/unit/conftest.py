"""Fixtures unit tests share."""
import pytest
from oslo_config import cfg

from onestack import conf as onestack_conf
from onestack.db import engine


@pytest.fixture
def fresh_conf(tmp_path):
    """A config of the test's own, every option at its default, state_path in
    tmp_path, and the database (an empty SQLite file there) configured."""
    conf = cfg.ConfigOpts()
    onestack_conf.register_all(conf)
    conf([], project="onestack", default_config_files=[])
    conf.set_override("state_path", str(tmp_path))
    engine.configure(conf)
    yield conf
    engine.dispose_all()
