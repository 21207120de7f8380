"""Virt drivers by name: the `compute_driver` option picks one."""
from onestack.virt.container.driver import ContainerDriver
from onestack.virt.fake import FakeDriver

DRIVERS = {
    "fake": FakeDriver,
    "container": ContainerDriver,
}


def load(conf, host: str):
    return DRIVERS[conf.compute_driver](conf, host)
