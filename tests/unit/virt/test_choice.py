"""What `onestack all` runs when compute_driver is unset: the container
driver where it can run, with the instances' veths off the host's own
network; the fake driver elsewhere; what the operator set, always."""
from onestack import virt
from onestack.virt import container
from onestack.virt.container import netns


def test_a_set_driver_is_kept(conf):
    conf.set_override("compute_driver", "fake")
    assert virt.choose(conf) == "Compute driver: fake (compute_driver is set)."


def test_without_what_it_needs_the_fake_driver_runs(conf, monkeypatch):
    monkeypatch.setattr(container, "unavailable", lambda: "not running as root")
    line = virt.choose(conf)
    assert conf.compute_driver == "fake"
    assert "not running as root" in line and "Set compute_driver" in line


def test_where_it_can_the_container_driver_runs_off_the_host_network(conf,
                                                                      monkeypatch):
    made = []
    monkeypatch.setattr(container, "unavailable", lambda: None)
    monkeypatch.setattr(netns, "create", made.append)
    line = virt.choose(conf)
    assert conf.compute_driver == "container"
    assert conf.container.host_netns == "onestack-host" == made[0]
    assert "container, real instances" in line and "onestack-host" in line


def test_an_unset_driver_loads_the_fake_one(conf):
    from onestack.virt.fake import FakeDriver
    conf.set_override("state_path", "/tmp")
    assert conf.compute_driver is None
    assert isinstance(virt.load(conf, "h1"), FakeDriver)
