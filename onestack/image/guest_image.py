"""The guest image: a small root file system from Debian's busybox-static,
whose init (guest_init.sh) brings up the network by DHCP (or the config
drive's static addresses), reads its metadata, installs the public key, runs
the user data, and serves HTTP on port 80 and TCP echo on port 7, printing a
readable boot log. `onestack-manage image build-guest` builds and uploads it.
"""
from __future__ import annotations

import os
import platform
import subprocess
import tarfile
import tempfile

from onestack.common import exceptions
from onestack.common.context import RequestContext
from onestack.db import identity as identity_db
from onestack.image import api, transfer
from onestack.image.default_image import _add_bytes, _info

BUSYBOX = "/bin/busybox"   # Debian's busybox-static
HERE = os.path.dirname(os.path.abspath(__file__))
DIRECTORIES = {"bin": 0o755, "dev": 0o755, "etc": 0o755, "mnt": 0o755,
               "proc": 0o555, "root": 0o700, "run": 0o755, "sbin": 0o755,
               "sys": 0o555, "tmp": 0o1777, "usr": 0o755, "usr/bin": 0o755,
               "usr/sbin": 0o755, "usr/share": 0o755, "usr/share/udhcpc": 0o755,
               "var": 0o755, "var/www": 0o755}
ETC = {
    "etc/passwd": "root:x:0:0:root:/root:/bin/sh\n",
    "etc/shadow": "root:*:19000:0:99999:7:::\n",
    "etc/group": "root:x:0:\n",
    "etc/hostname": "guest\n",
    "etc/hosts": "127.0.0.1 localhost\n",
    "etc/os-release": 'NAME="onestack guest"\nID=onestack-guest\n',
}


def _applets() -> list[str]:
    output = subprocess.run([BUSYBOX, "--list"], capture_output=True, text=True,
                            timeout=30, check=True).stdout
    return sorted(name for name in output.split() if name and "/" not in name
                  and name not in ("busybox", "init", "linuxrc"))


def _static(path: str) -> bool:
    """Whether the ELF file at path has no program interpreter (is static)."""
    with open(path, "rb") as handle:
        return b"/lib64/ld-linux" not in handle.read(4096)


def build(path: str) -> None:
    """Write the guest root file system as an uncompressed tar to path."""
    if not os.path.exists(BUSYBOX) or not _static(BUSYBOX):
        raise FileNotFoundError(f"{BUSYBOX} (Debian's busybox-static) is missing or "
                                "not static: apt-get install busybox-static")
    with open(os.path.join(HERE, "guest_init.sh"), "rb") as handle:
        init = handle.read()
    with open(os.path.join(HERE, "guest_udhcpc.sh"), "rb") as handle:
        udhcpc = handle.read()
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT) as tar:
        for name, mode in sorted(DIRECTORIES.items()):
            tar.addfile(_info(name, mode, tarfile.DIRTYPE))
        with open(BUSYBOX, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            tar.addfile(_info("bin/busybox", 0o755, size=size), handle)
        for applet in _applets():
            link = _info(f"bin/{applet}", 0o777, tarfile.SYMTYPE)
            link.linkname = "busybox"
            tar.addfile(link)
        for name, text in sorted(ETC.items()):
            _add_bytes(tar, name, text.encode(), 0o600 if name == "etc/shadow" else 0o644)
        _add_bytes(tar, "sbin/init", init, 0o755)
        _add_bytes(tar, "usr/share/udhcpc/default.script", udhcpc, 0o755)


def _admin_context(conf) -> RequestContext:
    project = identity_db.find("project", name="admin",
                               domain_id=conf.identity.default_domain_id)
    if project is None:
        raise exceptions.NotFound("There is no admin project: run bootstrap first.")
    return RequestContext(project_id=project.id, roles=["admin"], is_admin=True)


def find(conf, name: str = "guest") -> dict | None:
    """The active public image of that name, if there is one."""
    found = api.list_images(conf, _admin_context(conf), {
        "name": name, "visibility": "public", "status": "active"}, limit=1)
    return found[0] if found else None


def upload(conf, name: str = "guest") -> dict:
    """Build the image and upload it as a public image of the admin project
    (a new one each time; the older ones stay)."""
    ctx = _admin_context(conf)
    with tempfile.TemporaryDirectory(dir=conf.state_path) as scratch:
        tarball = os.path.join(scratch, "guest.tar")
        try:
            build(tarball)
        except (OSError, subprocess.SubprocessError) as error:
            raise exceptions.OnestackError(f"Building the guest image failed: {error}")
        image = api.create_image(conf, ctx, {
            "name": name, "disk_format": "raw", "container_format": "bare",
            "visibility": "public", "os_distro": "onestack-guest",
            "architecture": platform.machine(), "min_ram": 16,
            "description": "Root file system (tar) from busybox-static: DHCP, "
                           "metadata, user data, httpd on 80, echo on 7."})
        with open(tarball, "rb") as handle:
            return transfer.upload_image(conf, ctx, image["id"], handle,
                                         body_length=os.path.getsize(tarball))
