"""Network namespaces by name (/run/netns/NAME, as `ip netns` keeps them):
their names checked, made and removed, and sockets bound inside one.

A thread that enters a namespace (setns) and creates a socket there leaves
the socket in that namespace for good: a server in the root namespace can
listen on an address only the namespace has."""
from __future__ import annotations

import ctypes
import os
import re
import socket
import threading

RUN_DIR = "/run/netns"
CLONE_NEWNET = 0x40000000
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


def check_name(name: str) -> str:
    """name when it is a namespace name we accept; ValueError otherwise."""
    if not isinstance(name, str) or not _NAME.match(name) or ".." in name:
        raise ValueError(f"{name!r} is not a valid network namespace name")
    return name


def path(name: str) -> str:
    return os.path.join(RUN_DIR, check_name(name))


def exists(name: str) -> bool:
    return os.path.exists(path(name))


def names() -> list[str]:
    try:
        return sorted(os.listdir(RUN_DIR))
    except FileNotFoundError:
        return []


def ensure(name: str) -> bool:
    """Make the namespace unless it is there; True when it was made."""
    from pyroute2 import netns as pyroute2_netns
    if exists(name):
        return False
    pyroute2_netns.create(check_name(name))
    return True


def remove(name: str) -> None:
    from pyroute2 import netns as pyroute2_netns
    if exists(name):
        pyroute2_netns.remove(check_name(name))


def command(name: str | None, argv: list[str]) -> list[str]:
    """argv run inside namespace name (None: where we are)."""
    if not name:
        return list(argv)
    return ["ip", "netns", "exec", check_name(name), *argv]


def _setns(fd: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"setns: {os.strerror(error)}")


def run_inside(name: str, function):
    """function() run by a thread of its own inside namespace name; its
    result (or its exception) comes back. The thread ends after it, so the
    process's other threads never change namespace."""
    outcome: dict = {}

    def target():
        try:
            fd = os.open(path(name), os.O_RDONLY)
            try:
                _setns(fd)
            finally:
                os.close(fd)
            outcome["value"] = function()
        except BaseException as error:  # handed to the caller
            outcome["error"] = error

    thread = threading.Thread(target=target, name=f"netns-{name}", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def bound_socket(name: str, host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port inside namespace name (not listening yet)."""
    def bind():
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
        except OSError:
            sock.close()
            raise
        return sock
    return run_inside(name, bind)
