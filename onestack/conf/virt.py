"""Virt driver options: `compute_driver` and [fake_driver]."""
from oslo_config import cfg

from onestack.conf import groups

opts = [
    cfg.StrOpt("compute_driver", choices=["fake", "container"],
               help="The virt driver of onestack-compute: fake (instances in "
                    "memory, for tests and simulation) or container (each "
                    "instance a real isolated Linux process tree: namespaces, "
                    "cgroups, an overlayfs root from its image; needs root). "
                    "Unset: `onestack all` runs container where it can (root, "
                    "overlayfs, cgroups, the tools), with the instances' veths "
                    "in a network namespace of their own, and fake elsewhere; "
                    "the other commands run fake."),
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

container_group = cfg.OptGroup("container", help="The container virt driver.")
container_opts = [
    cfg.StrOpt("host_netns", default="",
               help="The named network namespace (ip netns) holding the bridges "
                    "an instance's veth interfaces are plugged into; empty: the "
                    "network driver's network_namespace where there is that "
                    "option, else the compute service's own namespace."),
    cfg.StrOpt("cgroup_parent", default="onestack",
               help="The cgroup (under each controller) the instances' cgroups "
                    "are made in."),
    cfg.IntOpt("pids_limit", default=1024, min=16,
               help="Processes one instance may have at once (the pids cgroup)."),
    cfg.IntOpt("console_log_bytes", default=262144, min=4096,
               help="Bytes of console output kept per instance; older output "
                    "is dropped."),
    cfg.IntOpt("shutdown_timeout", default=10, min=0,
               help="Seconds a soft reboot or a stop waits for the instance's "
                    "init to end after SIGTERM before it is killed."),
    cfg.IntOpt("reserved_host_memory_mb", default=512, min=0,
               help="MB of the host's memory not offered to instances."),
    cfg.IntOpt("reserved_host_disk_gb", default=0, min=0,
               help="GB of the host's disk (under state_path) not offered to "
                    "instances."),
]

libvirt_group = cfg.OptGroup("libvirt", help="Options Nova keeps in [libvirt] that "
                                             "the container driver honours.")
libvirt_opts = [
    cfg.BoolOpt("inject_password", default=False,
                help="Write the server's admin password (adminPass), as a "
                     "SHA-512 crypt hash, into the root entry of the instance's "
                     "/etc/shadow when it is built."),
]


def register(conf):
    conf.register_opts(opts)
    groups.register(conf, fake_group, fake_opts)
    groups.register(conf, container_group, container_opts)
    groups.register(conf, libvirt_group, libvirt_opts)
