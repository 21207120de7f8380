"""An instance's root file system: its image as a read-only lower layer, and
a copy-on-write overlayfs layer of its own on top.

An image is either a tar archive of a root file system (plain or compressed),
unpacked once per host after it is checked, or a raw disk image holding one
file system, loop-mounted read-only (nodev, nosuid) for each instance.
A tar that could write outside its root, or carries device nodes or setuid
or setgid files, is refused before anything of it is written.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import stat
import subprocess
import tarfile
import time
import uuid as uuid_lib

from onestack.virt.driver import VirtError

# what may reach a mount option string (overlayfs splits on , and :)
_PATH = re.compile(r"^/[A-Za-z0-9/._-]{0,1000}$")
_IMAGE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class ImageRefused(VirtError):
    """The image cannot be used as a root file system; the message says why."""
    code = 400


class RootfsError(VirtError):
    pass


def valid_path(path: str) -> str:
    if not _PATH.match(path or "") or "/../" in f"{path}/" or "/./" in f"{path}/":
        raise RootfsError(f"Invalid path for a mount: {path!r}")
    return path


def run(argv: list[str]) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RootfsError(f"{' '.join(argv)} failed: {result.stderr.strip()}")
    return result.stdout


# --- tar images ----------------------------------------------------------------

def _normalized(name: str) -> str:
    while name.startswith("./"):
        name = name[2:]
    return name.rstrip("/")


def check_tar(tar: tarfile.TarFile,
              max_bytes: int | None = None) -> list[tarfile.TarInfo]:
    """The members of tar if it stays inside its root; ImageRefused if not."""
    members, seen, symlinks, total = [], {}, set(), 0
    for member in tar:
        name = _normalized(member.name)
        if name in ("", "."):
            continue
        if member.name.startswith("/") or name.startswith("/"):
            raise ImageRefused(f"The image has an absolute path: {member.name!r}")
        parts = name.split("/")
        if ".." in parts:
            raise ImageRefused(f"The image has a path outside its root: {member.name!r}")
        for depth in range(1, len(parts)):
            if "/".join(parts[:depth]) in symlinks:
                raise ImageRefused(f"The image writes {member.name!r} through a "
                                   "symbolic link")
        if member.ischr() or member.isblk():
            raise ImageRefused(f"The image has a device node: {member.name!r}")
        if not (member.isfile() or member.isdir() or member.issym() or member.islnk()
                or member.isfifo()):
            raise ImageRefused(f"The image has an unsupported member: {member.name!r}")
        if not member.isdir() and member.mode & (stat.S_ISUID | stat.S_ISGID):
            raise ImageRefused(f"The image has a setuid or setgid file: {member.name!r}")
        if name in seen and not (member.isdir() and seen[name].isdir()):
            raise ImageRefused(f"The image has {member.name!r} twice")
        if member.islnk():
            target = _normalized(member.linkname)
            if member.linkname.startswith("/") or ".." in target.split("/") or \
                    not (target in seen and seen[target].isfile()):
                raise ImageRefused(f"The image has a hard link to outside its files: "
                                   f"{member.name!r} -> {member.linkname!r}")
        if member.issym():
            symlinks.add(name)
        total += member.size
        if max_bytes is not None and total > max_bytes:
            raise ImageRefused(f"The image's files are larger than the root disk "
                               f"({max_bytes // 1024 ** 3} GB)")
        member.name = name
        seen[name] = member
        members.append(member)
    return members


def unpack_tar(image_path: str, target: str, max_bytes: int | None = None) -> None:
    """Check the tar at image_path and unpack it into target (a new directory)."""
    try:
        with tarfile.open(image_path, "r:*") as tar:
            members = check_tar(tar, max_bytes)
            os.makedirs(target, mode=0o755)
            tar.extractall(target, members=members, numeric_owner=True,
                           filter="fully_trusted")
    except tarfile.TarError as error:
        raise ImageRefused(f"The image is not a readable tar archive: {error}")


_COMPRESSED = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")


def is_tar(image_path: str) -> bool:
    """A (possibly compressed) POSIX or GNU tar, rather than a disk image
    (whose zeroed first sectors tarfile alone reads as an empty archive)."""
    with open(image_path, "rb") as handle:
        head = handle.read(512)
    if head[257:262] == b"ustar":
        return True
    if not head.startswith(_COMPRESSED):
        return False
    try:
        with tarfile.open(image_path, "r:*") as tar:
            return tar.next() is not None
    except (tarfile.TarError, OSError, EOFError):
        return False


def base_layer(image_path: str, image_id: str, cache_dir: str,
               max_bytes: int | None = None) -> tuple[str, str]:
    """("dir", the unpacked root) for a tar image, unpacked once under
    cache_dir; ("raw", image_path) for a disk image."""
    if not _IMAGE_ID.match(image_id or ""):
        raise RootfsError(f"Invalid image id: {image_id!r}")
    root = os.path.join(cache_dir, image_id, "rootfs")
    if os.path.isdir(root):
        return "dir", valid_path(root)
    if not is_tar(image_path):
        return "raw", valid_path(image_path)
    os.makedirs(os.path.join(cache_dir, image_id), mode=0o700, exist_ok=True)
    with _locked(os.path.join(cache_dir, image_id, "lock")):
        if not os.path.isdir(root):
            scratch = os.path.join(cache_dir, image_id, f"unpack-{uuid_lib.uuid4().hex}")
            try:
                unpack_tar(image_path, scratch, max_bytes)
                os.rename(scratch, root)
            finally:
                if os.path.isdir(scratch):
                    shutil.rmtree(scratch)
    return "dir", valid_path(root)


@contextlib.contextmanager
def _locked(path: str):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- an instance's layers ---------------------------------------------------------

class Layout:
    """The directories of one instance under its directory. With a root disk
    size, the upper layer lives on a file system of that size of its own (a
    sparse ext4 file, disk.root, loop-mounted on rootdisk/), which bounds
    what the instance can write."""

    def __init__(self, directory: str):
        self.directory = valid_path(directory)
        self.lower = os.path.join(directory, "lower")     # a raw image's mount
        self.merged = os.path.join(directory, "rootfs")
        self.ephemeral = os.path.join(directory, "disk.eph")   # the guest's vdb
        self.root_disk = os.path.join(directory, "disk.root")
        self.root_disk_mount = os.path.join(directory, "rootdisk")

    @property
    def _layers(self) -> str:
        return self.root_disk_mount if os.path.exists(self.root_disk) \
            else self.directory

    @property
    def upper(self) -> str:
        return os.path.join(self._layers, "upper")

    @property
    def work(self) -> str:
        return os.path.join(self._layers, "work")


def is_mounted(path: str) -> bool:
    target = os.path.realpath(path)
    with open("/proc/self/mountinfo") as handle:
        return any(line.split()[4] == target for line in handle)


def prepare_layers(layout: Layout, root_gb: int = 0) -> None:
    """The directories of the upper layer, on a root disk of root_gb (made
    when missing, mounted when not) if root_gb or one was made before."""
    if root_gb and not os.path.exists(layout.root_disk):
        if root_gb > 65536:
            raise RootfsError(f"Invalid root disk size: {root_gb!r} GB")
        with open(layout.root_disk, "wb") as handle:
            handle.truncate(root_gb * 1024 ** 3)
        try:
            run(["mkfs.ext4", "-q", "-F", "-L", "root", "-m", "0", "-E",
                 "lazy_itable_init=1,lazy_journal_init=1", "--", layout.root_disk])
        except RootfsError:
            os.unlink(layout.root_disk)
            raise
    if os.path.exists(layout.root_disk):
        os.makedirs(layout.root_disk_mount, mode=0o755, exist_ok=True)
        if not is_mounted(layout.root_disk_mount):
            run(["mount", "-o", "loop,nodev,nosuid", "--", layout.root_disk,
                 layout.root_disk_mount])
    for directory in (layout.upper, layout.work):
        os.makedirs(directory, mode=0o755, exist_ok=True)


def mount_root(layout: Layout, kind: str, base: str) -> None:
    """Mount the instance's root at layout.merged: base (read-only) under
    its own upper layer. Mounting one that is mounted is no error."""
    if is_mounted(layout.merged):
        return
    prepare_layers(layout)
    os.makedirs(layout.merged, mode=0o755, exist_ok=True)
    lower = valid_path(base)
    if kind == "raw":
        os.makedirs(layout.lower, mode=0o755, exist_ok=True)
        if not is_mounted(layout.lower):
            try:
                run(["mount", "-o", "loop,ro,nodev,nosuid", "--", lower, layout.lower])
            except RootfsError as error:
                raise ImageRefused(f"The image is neither a tar archive nor a disk "
                                   f"image with one file system: {error}")
        lower = layout.lower
    try:
        run(["mount", "-t", "overlay", "overlay", "-o",
             f"lowerdir={lower},upperdir={layout.upper},workdir={layout.work},nodev",
             "--", layout.merged])
    except RootfsError:
        unmount_root(layout)
        raise


def unmount_root(layout: Layout) -> None:
    """Unmount the root, the image under it and the root disk (their loop
    devices go with the mounts); unmounted already is no error."""
    for path in (layout.merged, layout.lower, layout.root_disk_mount):
        if os.path.isdir(path) and is_mounted(path):
            run(["umount", "--", path])


def remove(layout: Layout) -> None:
    unmount_root(layout)
    detach_disk(layout.ephemeral)
    if os.path.isdir(layout.directory):
        shutil.rmtree(layout.directory)


# --- the ephemeral disk ---------------------------------------------------------

_LOOP = re.compile(r"^/dev/loop[0-9]{1,4}$")


def loops_of(path: str) -> list[str]:
    """The loop devices backed by the file at path."""
    output = run(["losetup", "--noheadings", "--output", "NAME", "--associated",
                  valid_path(path)]) if os.path.exists(path) else ""
    return [name for name in output.split() if _LOOP.match(name)]


def attach_disk(path: str, size_gb: int | None = None) -> tuple[int, int]:
    """A loop device over the file at path, made (sparse, ext4, label
    ephemeral0) with size_gb when it is missing; (major, minor) of the
    device. Attached already is no error."""
    valid_path(path)
    if not os.path.exists(path):
        if not size_gb or size_gb < 1 or size_gb > 65536:
            raise RootfsError(f"Invalid ephemeral disk size: {size_gb!r} GB")
        with open(path, "wb") as handle:
            handle.truncate(size_gb * 1024 ** 3)
        try:
            run(["mkfs.ext4", "-q", "-F", "-L", "ephemeral0", "-E",
                 "lazy_itable_init=1,lazy_journal_init=1", "--", path])
        except RootfsError:
            os.unlink(path)
            raise
    devices = loops_of(path)
    if not devices:
        devices = [run(["losetup", "--find", "--show", "--nooverlap", "--",
                        path]).strip()]
    if not _LOOP.match(devices[0]):
        raise RootfsError(f"losetup gave an unexpected device: {devices[0]!r}")
    status = os.stat(devices[0])
    return os.major(status.st_rdev), os.minor(status.st_rdev)


def detach_disk(path: str) -> None:
    """Detach every loop device over the file; none is no error."""
    for device in loops_of(path):
        run(["losetup", "--detach", device])


# --- the admin password ----------------------------------------------------------

def set_root_password(root: str, password: str) -> None:
    """The root entry of root/etc/shadow with password as a SHA-512 crypt
    hash. Nothing on the way may be a symbolic link (the host would follow
    it out of the instance's root)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import crypt
    hashed = crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))
    root_fd = os.open(valid_path(root), os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            etc = os.open("etc", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW,
                          dir_fd=root_fd)
        except OSError as error:
            raise ImageRefused(f"The password cannot be injected: the image's /etc "
                               f"is not a directory ({error.strerror})")
        try:
            try:
                fd = os.open("shadow", os.O_RDONLY | os.O_NOFOLLOW, dir_fd=etc)
                with open(fd, encoding="utf-8", errors="replace") as handle:
                    lines = handle.read().splitlines()
            except FileNotFoundError:
                lines = []
            except OSError as error:
                raise ImageRefused(f"The password cannot be injected: /etc/shadow "
                                   f"({error.strerror})")
            days = int(time.time() // 86400)
            entry = f"root:{hashed}:{days}:0:99999:7:::"
            lines = [entry if line.startswith("root:") else line for line in lines]
            if entry not in lines:
                lines.insert(0, entry)
            temporary = f"shadow.onestack-{uuid_lib.uuid4().hex}"
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                         0o600, dir_fd=etc)
            with open(fd, "w") as handle:
                handle.write("\n".join(lines) + "\n")
            os.rename(temporary, "shadow", src_dir_fd=etc, dst_dir_fd=etc)
        finally:
            os.close(etc)
    finally:
        os.close(root_fd)


# --- an instance's layer, moved to another host -------------------------------------

def pack_layer(upper: str, target: str) -> None:
    """The upper layer as a tar, with what overlayfs keeps in it (whiteouts
    as 0:0 device nodes, opaque directories as trusted.* attributes)."""
    run(["tar", "--create", "--file", valid_path(target), "--numeric-owner",
         "--xattrs", "--xattrs-include=trusted.*", "--sparse", "--directory",
         valid_path(upper), "."])


def unpack_layer(layer: str, upper: str) -> None:
    """A layer pack_layer wrote (on this machine: the driver's own file) as upper."""
    os.makedirs(valid_path(upper), mode=0o755, exist_ok=True)
    run(["tar", "--extract", "--file", valid_path(layer), "--numeric-owner",
         "--xattrs", "--xattrs-include=trusted.*", "--same-permissions",
         "--directory", upper])


# --- snapshots -------------------------------------------------------------------

def _snapshot_filter(member: tarfile.TarInfo) -> tarfile.TarInfo | None:
    """What an image keeps: no device nodes or sockets, no setuid bits, and
    nothing of the config drive."""
    if member.ischr() or member.isblk() or member.type not in tarfile.SUPPORTED_TYPES:
        return None
    if member.name.startswith("./mnt/config/"):
        return None
    member.mode &= ~(stat.S_ISUID | stat.S_ISGID) if not member.isdir() else ~0
    return member


def snapshot_tar(root: str, target_path: str) -> None:
    """The file system at root as an uncompressed tar at target_path."""
    with tarfile.open(target_path, "w", format=tarfile.GNU_FORMAT) as tar:
        for name in sorted(os.listdir(root)):
            tar.add(os.path.join(root, name), arcname=f"./{name}",
                    filter=_snapshot_filter)
