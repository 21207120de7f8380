"""Virt driver options: `compute_driver` and [fake_driver]."""
from oslo_config import cfg

from onestack.conf import groups

opts = [
    cfg.StrOpt("compute_driver", default="fake", choices=["fake"],
               help="The virt driver of onestack-compute: fake (instances in "
                    "memory, for tests and simulation)."),
]

fake_group = cfg.OptGroup("fake_driver", help="The simulated host of the fake driver.")
fake_opts = [
    cfg.IntOpt("vcpus", default=32, min=1, help="vCPUs the simulated host has."),
    cfg.IntOpt("memory_mb", default=131072, min=1,
               help="MB of RAM the simulated host has."),
    cfg.IntOpt("local_gb", default=2000, min=1,
               help="GB of disk the simulated host has."),
    cfg.FloatOpt("spawn_seconds", default=0.0, min=0.0,
                 help="Seconds a simulated boot takes, so that tests and "
                      "benchmarks can delete or fail a server while it builds."),
]


def register(conf):
    conf.register_opts(opts)
    groups.register(conf, fake_group, fake_opts)
