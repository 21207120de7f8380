"""The container virt driver (see driver.py), and whether it can run here."""
from __future__ import annotations

import os
import shutil

TOOLS = ("ip", "mount", "umount", "losetup", "mkfs.ext4", "tar")
DEFAULT_HOST_NETNS = "onestack-host"


def unavailable() -> str | None:
    """Why the container driver cannot run on this host, or None."""
    if os.geteuid() != 0:
        return "not running as root"
    if not os.path.exists("/proc/self/ns/pid"):
        return "no namespaces in this kernel"
    with open("/proc/filesystems") as handle:
        if "overlay" not in handle.read():
            return "no overlayfs in this kernel"
    if not (os.path.isdir("/sys/fs/cgroup/memory") or
            os.path.exists("/sys/fs/cgroup/cgroup.controllers")):
        return "no memory cgroup is mounted"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"missing {', '.join(missing)} (make system-packages installs them)"
    return None


def keep_off_the_host_network(conf) -> str:
    """The namespace the instances' veths go to: [container] host_netns, the
    network driver's network_namespace, or onestack-host (made when missing),
    never the host's own; set as an override of [container] host_netns."""
    from onestack.virt.container import netns
    where = conf.container.host_netns or (
        conf.network_namespace if "network_namespace" in conf else "") or \
        DEFAULT_HOST_NETNS
    netns.create(where)
    conf.set_override("host_netns", where, group="container")
    return where
