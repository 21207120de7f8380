"""What a container-driver cloud of a test or benchmark puts on this
machine beside its state directory: the network namespace its instances'
veths go to, and the cgroup parent of their limits. Both are removed at the
end (the instances, and so their cgroups, are gone by then)."""
from __future__ import annotations

import os
import subprocess

CONTROLLERS = ("memory", "cpu", "pids", "freezer", "devices", "")  # "": cgroup v2


def remove(host_netns: str, cgroup_parent: str) -> None:
    subprocess.run(["ip", "netns", "delete", host_netns], check=False)
    for controller in CONTROLLERS:
        path = os.path.join("/sys/fs/cgroup", controller, cgroup_parent)
        if os.path.isdir(path):
            os.rmdir(path)
