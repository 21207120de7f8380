"""The process that runs one container instance: `python -I -S monitor.py LAUNCH_JSON`.

It is a standalone script (standard library only, started with -I -S so
that it starts in milliseconds and imports nothing of onestack): the driver
writes LAUNCH_JSON and starts it. It makes a new PID namespace and forks the
instance's init, which joins the instance's cgroups and network namespace,
makes new mount, UTS and IPC namespaces, mounts /proc, /sys, /dev and the
config drive, sets the hostname, pivots into the instance's root and execs
its init as PID 1. The monitor stays outside the instance (its cgroups and
mount namespace), writes the init's output to the console log, keeping only
the newest console_limit bytes, and exits when the init does.
"""
import ctypes
import json
import os
import signal
import stat
import sys

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
MNT_DETACH = 2
SYS_PIVOT_ROOT = 155  # x86_64
PR_CAPBSET_DROP = 24
# capabilities the instance's root does not get: loading modules, raw I/O,
# rebooting or setting the clock of the host, auditing, MAC, BPF, perf, ...
DROPPED_CAPABILITIES = (16, 17, 20, 22, 25, 26, 30, 32, 33, 34, 35, 36, 38, 39, 40)
DEVICES = {"null": (1, 3), "zero": (1, 5), "full": (1, 7), "random": (1, 8),
           "urandom": (1, 9), "tty": (5, 0)}

libc = ctypes.CDLL(None, use_errno=True)


def _check(result, what):
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def mount(source, target, fstype, flags=0, data=None):
    _check(libc.mount(source.encode() if source else None, target.encode(),
                      fstype.encode() if fstype else None, ctypes.c_ulong(flags),
                      data.encode() if data else None), f"mount {target}")


def _make_dev(root):
    dev = os.path.join(root, "dev")
    mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=65536k")
    for name, (major, minor) in DEVICES.items():
        os.mknod(os.path.join(dev, name), stat.S_IFCHR | 0o666, os.makedev(major, minor))
        os.chmod(os.path.join(dev, name), 0o666)
    for name in ("pts", "shm"):
        os.mkdir(os.path.join(dev, name))
    mount("devpts", os.path.join(dev, "pts"), "devpts", MS_NOSUID | MS_NOEXEC,
          "newinstance,ptmxmode=0666,mode=620")
    mount("tmpfs", os.path.join(dev, "shm"), "tmpfs", MS_NOSUID | MS_NODEV,
          "mode=1777,size=65536k")
    for name, target in (("ptmx", "pts/ptmx"), ("fd", "/proc/self/fd"),
                         ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        os.symlink(target, os.path.join(dev, name))


def _mountpoint(root, name):
    """root/name as a directory, made if missing; refused if any part of it
    is a symbolic link (which the host would follow out of the root)."""
    path = root
    for part in name.split("/"):
        path = os.path.join(path, part)
        if os.path.islink(path) or (os.path.exists(path) and not os.path.isdir(path)):
            raise OSError(f"/{name} in the instance's root is not a directory")
        if not os.path.exists(path):
            os.mkdir(path, 0o755)
    return path


def _enter(launch):
    """In the forked child, PID 1 of the new PID namespace: become the instance."""
    for procs in launch["cgroup_procs"]:
        with open(procs, "w") as handle:
            handle.write("0")
    if launch.get("netns_path"):
        fd = os.open(launch["netns_path"], os.O_RDONLY)
        _check(libc.setns(fd, CLONE_NEWNET), "setns net")
        os.close(fd)
    else:
        _check(libc.unshare(CLONE_NEWNET), "unshare net")
    _check(libc.unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC), "unshare")
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    root = launch["root"]
    mount(root, root, None, MS_BIND | MS_REC)
    mount("proc", _mountpoint(root, "proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    mount("sysfs", _mountpoint(root, "sys"), "sysfs",
          MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _mountpoint(root, "dev")
    _make_dev(root)
    for disk in launch.get("disks", ()):  # /dev/vdb, ...: loop devices of the host
        node = os.path.join(root, "dev", disk["name"])
        os.mknod(node, stat.S_IFBLK | 0o660, os.makedev(disk["major"], disk["minor"]))
    if launch.get("config_drive"):
        target = _mountpoint(root, "mnt/config")
        mount(launch["config_drive"], target, None, MS_BIND)
        mount(None, target, None, MS_BIND | MS_RDONLY | 0x20, None)  # MS_REMOUNT
    hostname = launch["hostname"].encode()
    _check(libc.sethostname(hostname, len(hostname)), "sethostname")
    os.chdir(root)
    _check(libc.syscall(SYS_PIVOT_ROOT, b".", b"."), "pivot_root")
    _check(libc.umount2(b".", MNT_DETACH), "detach the old root")
    os.chdir("/")
    for capability in DROPPED_CAPABILITIES:
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0 and \
                ctypes.get_errno() != 22:  # EINVAL: this kernel does not have it
            _check(-1, f"drop capability {capability}")
    init = launch.get("init", "/sbin/init")
    os.execve(init, [init], {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root",
                             "TERM": "linux", "container": "onestack"})


class Console:
    """The console log: appended to, cut to its newest `limit` bytes."""

    def __init__(self, path, limit):
        self.path, self.limit = path, limit
        self.handle = open(path, "ab", buffering=0)

    def write(self, data):
        self.handle.write(data)
        if self.handle.tell() > self.limit:
            with open(self.path, "rb") as source:
                source.seek(-(self.limit // 2), os.SEEK_END)
                kept = source.read()
            newline = kept.find(b"\n")
            kept = kept[newline + 1:] if 0 <= newline < 4096 else kept
            temporary = self.path + ".cut"
            with open(temporary, "wb") as target:
                target.write(kept)
            os.replace(temporary, self.path)
            self.handle.close()
            self.handle = open(self.path, "ab", buffering=0)


def main():
    with open(sys.argv[1]) as handle:
        launch = json.load(handle)
    console = Console(launch["console"], launch["console_limit"])
    _check(libc.unshare(CLONE_NEWPID), "unshare pid")
    read_end, write_end = os.pipe()
    # closed by the child's exec (close-on-exec): the init runs from then on
    started_read, started_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            os.close(started_read)
            null = os.open("/dev/null", os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(write_end, 1)
            os.dup2(write_end, 2)
            os.setsid()
            _enter(launch)
        except BaseException as error:
            os.write(2, f"onestack: starting the instance failed: {error}\n".encode())
        finally:
            os._exit(127)
    os.close(write_end)
    os.close(started_write)
    while os.read(started_read, 1):
        pass
    os.close(started_read)
    temporary = launch["init_pid_file"] + ".tmp"
    with open(temporary, "w") as handle:
        handle.write(str(pid))
    os.replace(temporary, launch["init_pid_file"])
    # the driver signals the init itself; the monitor outlives it to log its end
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    while True:
        try:
            data = os.read(read_end, 65536)
        except InterruptedError:
            continue
        if not data:
            break
        console.write(data)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    console.write(f"[onestack: init exited ({code})]\n".encode())


if __name__ == "__main__":
    main()
