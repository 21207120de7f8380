"""Virt drivers by name: the `compute_driver` option picks one."""
from onestack.virt import container
from onestack.virt.container.driver import ContainerDriver
from onestack.virt.fake import FakeDriver

DRIVERS = {
    "fake": FakeDriver,
    "container": ContainerDriver,
}


def load(conf, host: str):
    return DRIVERS[conf.compute_driver or "fake"](conf, host)


def choose(conf) -> str:
    """Pick the virt driver of an all-in-one whose operator set none (as a
    conf override); returns the line that tells the operator which and why."""
    if conf.compute_driver:
        return f"Compute driver: {conf.compute_driver} (compute_driver is set)."
    if "compute" not in conf.enabled_services:
        return "Compute driver: none (the compute service is not enabled)."
    why = container.unavailable()
    if why is not None:
        conf.set_override("compute_driver", "fake")
        return (f"Compute driver: fake, simulated instances (the container driver "
                f"cannot run here: {why}). Set compute_driver to choose.")
    conf.set_override("compute_driver", "container")
    where = container.keep_off_the_host_network(conf)
    return (f"Compute driver: container, real instances (veths in network "
            f"namespace {where}). Set compute_driver = fake for simulated ones.")
