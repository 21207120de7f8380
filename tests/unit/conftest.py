"""Fixtures of the unit tests: a config, a real SQLite database when a test
needs one, and the network hosts' refresh casts recorded."""
import pytest
from oslo_config import cfg

from onestack import conf as onestack_conf
from onestack.db import engine, migration
from onestack.network import rpcapi as network_rpcapi


@pytest.fixture(scope="session")
def _session_conf():
    # one ConfigOpts for the session: option groups are module-level objects
    # that every ConfigOpts shares, so overrides are undone with reset() below
    conf = cfg.ConfigOpts()
    onestack_conf.register_all(conf)
    conf([], project="onestack", default_config_files=[])
    return conf


@pytest.fixture
def conf(_session_conf, tmp_path):
    _session_conf.set_override("state_path", str(tmp_path))
    _session_conf.set_override("host", "scheduler-1")
    yield _session_conf
    _session_conf.reset()


@pytest.fixture
def database(conf):
    """A fresh SQLite database (WAL, as in production) in the test's tmp dir,
    with quotas that leave room for many boots."""
    for resource, limit in (("instances", 100), ("cores", 1000), ("ram", 10**7)):
        conf.set_override(resource, limit, group="quota")
    engine.configure(conf)
    migration.sync()
    return conf


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


@pytest.fixture
def refreshes(monkeypatch):
    """The casts that tell the network hosts to converge, recorded."""
    sent = []
    monkeypatch.setattr(network_rpcapi, "refresh", lambda ctx, host=None:
                        sent.append(host))
    return sent
