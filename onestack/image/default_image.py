"""The small public image bootstrap registers, so a new cloud can boot at once.

It is a root file system built from this host's own files (no download): a
gzip-compressed tar of dash as /bin/sh, a few coreutils, the shared libraries
they load, a minimal /etc and an /sbin/init that prints a line and sleeps.
It is registered as container_format "compressed", disk_format "raw", with
os_distro "onestack-tiny"; about 1.5 MB. The tar is reproducible on one host.
"""
from __future__ import annotations

import io
import os
import platform
import shutil
import subprocess
import tarfile
import tempfile
import zlib

from oslo_log import log as logging

from onestack.common.context import RequestContext
from onestack.db import identity as identity_db
from onestack.image import api, transfer

LOG = logging.getLogger(__name__)
PROGRAMS = ("sh", "cat", "sleep", "ls", "mkdir", "hostname", "uname")
INIT = """#!/bin/sh
# onestack tiny-rootfs: announce ourselves, then wait to be stopped.
echo "onestack tiny-rootfs $(uname -m) on $(hostname)"
exec sleep 2147483647
"""
ETC = {
    "etc/passwd": "root:x:0:0:root:/root:/bin/sh\n",
    "etc/group": "root:x:0:\n",
    "etc/os-release": 'NAME="onestack tiny-rootfs"\nID=onestack-tiny\n',
    "etc/hostname": "tiny\n",
}
DIRECTORIES = {"bin": 0o755, "dev": 0o755, "etc": 0o755, "proc": 0o555, "root": 0o700,
               "run": 0o755, "sbin": 0o755, "sys": 0o555, "tmp": 0o1777, "var": 0o755}


def _libraries(binary: str) -> list[str]:
    """Absolute paths of the shared libraries binary loads, as ldd reports them."""
    output = subprocess.run(["ldd", binary], capture_output=True, text=True,
                            timeout=30, check=True).stdout
    paths = []
    for line in output.splitlines():
        words = line.replace("=>", " ").split()
        paths += [word for word in words if word.startswith("/")][:1]
    return paths


def _info(name: str, mode: int, kind=tarfile.REGTYPE, size: int = 0) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.size, info.mtime = kind, mode, size, 0
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mode: int) -> None:
    tar.addfile(_info(name, mode, size=len(data)), io.BytesIO(data))


def _add_file(tar: tarfile.TarFile, name: str, path: str) -> None:
    with open(path, "rb") as handle:
        status = os.fstat(handle.fileno())
        tar.addfile(_info(name, status.st_mode & 0o7777, size=status.st_size), handle)


def build(path: str) -> None:
    """Write the root file system tarball (tar.gz) to path."""
    files = {}
    for program in PROGRAMS:
        binary = shutil.which(program)
        if binary is None:
            raise FileNotFoundError(f"{program} is not on this host")
        binary = os.path.realpath(binary)
        files[f"bin/{program}"] = binary
        for library in _libraries(binary):
            files[library.lstrip("/")] = os.path.realpath(library)
    with open(path, "wb") as raw:
        gzip = _ReproducibleGzip(raw)
        with tarfile.open(fileobj=gzip, mode="w|", format=tarfile.GNU_FORMAT) as tar:
            directories = set(DIRECTORIES)
            for name in files:
                parts = name.split("/")[:-1]
                directories.update("/".join(parts[:i + 1]) for i in range(len(parts)))
            for name in sorted(directories):
                tar.addfile(_info(name, DIRECTORIES.get(name, 0o755), tarfile.DIRTYPE))
            for name, text in sorted(ETC.items()):
                _add_bytes(tar, name, text.encode(), 0o644)
            _add_bytes(tar, "sbin/init", INIT.encode(), 0o755)
            for name, source in sorted(files.items()):
                _add_file(tar, name, source)
        gzip.close()


class _ReproducibleGzip(io.RawIOBase):
    """A gzip stream with no time or name in its header."""

    def __init__(self, raw):
        self.raw = raw
        self.compressor = zlib.compressobj(9, zlib.DEFLATED, 31)

    def writable(self):
        return True

    def write(self, data):
        self.raw.write(self.compressor.compress(data))
        return len(data)

    def close(self):
        if not self.closed:
            self.raw.write(self.compressor.flush())
        super().close()


def register(conf) -> dict | None:
    """Build and upload the default image unless it is there; None if disabled
    or impossible on this host (a warning says why). Safe to re-run."""
    name = conf.image.default_image_name
    project = identity_db.find("project", name="admin",
                               domain_id=conf.identity.default_domain_id)
    if not name or project is None:
        return None
    ctx = RequestContext(project_id=project.id, roles=["admin"], is_admin=True)
    found = api.list_images(conf, ctx, {"name": name, "owner": project.id,
                                        "visibility": "public"}, limit=1)
    if found and found[0]["status"] != "queued":
        return found[0]
    with tempfile.TemporaryDirectory(dir=conf.state_path) as scratch:
        tarball = os.path.join(scratch, "rootfs.tar.gz")
        try:
            build(tarball)
        except (OSError, subprocess.SubprocessError) as error:
            LOG.warning("No default image: building it from this host failed: %s", error)
            return None
        image = found[0] if found else api.create_image(conf, ctx, {
            "name": name, "disk_format": "raw", "container_format": "compressed",
            "visibility": "public", "os_distro": "onestack-tiny",
            "architecture": platform.machine(),
            "description": "Root file system (tar.gz) built from this host's dash "
                           "and coreutils by onestack bootstrap."})
        with open(tarball, "rb") as handle:
            return transfer.upload_image(conf, ctx, image["id"], handle,
                                         body_length=os.path.getsize(tarball))
