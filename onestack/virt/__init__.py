"""Virt drivers by name: the `compute_driver` option picks one."""
from onestack.virt.fake import FakeDriver

DRIVERS = {
    "fake": FakeDriver,
}


def load(conf, host: str):
    return DRIVERS[conf.compute_driver](conf, host)
