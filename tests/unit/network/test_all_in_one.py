"""Which network driver `onestack all` runs when the operator chose none."""
from oslo_config import cfg

from onestack import conf as onestack_conf
from onestack.network.linux import all_in_one


def _conf(*args):
    conf = cfg.ConfigOpts()
    onestack_conf.register_all(conf)
    conf(list(args), project="onestack", default_config_files=[])
    return conf


def test_an_operators_choice_stands(monkeypatch):
    monkeypatch.setattr(all_in_one, "build", lambda *_: (_ for _ in ()).throw(
        AssertionError("nothing is built for an explicit choice")))
    conf = _conf()
    conf.set_override("network_driver", "noop")
    assert all_in_one.choose(conf) == "Network driver: noop (network_driver is set)."
    conf.set_override("network_driver", "linux")
    conf.set_override("network_namespace", "lab")
    assert "linux in network namespace lab" in all_in_one.choose(conf)


def test_without_root_or_tools_it_is_noop_and_says_why(monkeypatch):
    monkeypatch.setattr(all_in_one, "unavailable", lambda: "not running as root")
    conf = _conf()
    message = all_in_one.choose(conf)
    assert conf.network_driver == "noop"
    assert message.startswith("Network driver: noop (not running as root)")
    assert "network_driver = linux" in message


def test_where_it_can_it_runs_linux_in_a_namespace_of_its_own(monkeypatch):
    built = []
    monkeypatch.setattr(all_in_one, "unavailable", lambda: None)
    monkeypatch.setattr(all_in_one, "build", built.append)
    conf = _conf()
    message = all_in_one.choose(conf)
    assert built == [conf.floating_range]
    assert (conf.network_driver, conf.network_namespace, conf.public_interface,
            conf.metadata_host, conf.metadata_listen) == (
        "linux", "onestack-host", "pub0", "203.0.113.1", "203.0.113.1")
    assert message.startswith("Network driver: linux in network namespace "
                              "onestack-host")


def test_a_failed_build_falls_back_to_noop(monkeypatch):
    def fail(_range):
        raise OSError("File exists")
    monkeypatch.setattr(all_in_one, "unavailable", lambda: None)
    monkeypatch.setattr(all_in_one, "build", fail)
    conf = _conf()
    assert "could not be made (File exists)" in all_in_one.choose(conf)
    assert conf.network_driver == "noop"
