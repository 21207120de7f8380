"""The whole cloud in this test process, on free loopback ports, with real clients."""
from __future__ import annotations

import os
import socket
import subprocess
import sys

from oslo_config import cfg

from onestack import conf as onestack_conf
from onestack import policy, rpc
from onestack.cmd import all as all_cmd
from onestack.conf import api as api_conf
from onestack.db import engine, migration
from onestack.identity import bootstrap, catalog
from onestack.wsgi import registry

ADMIN_PASSWORD = "admin-secret"
DEMO_PASSWORD = "demo-secret"
VENV_BIN = os.path.dirname(sys.executable)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config(state_path: str, extra: dict | None = None) -> str:
    """A config file with every API on a free port of 127.0.0.1."""
    # no bootstrap floating pool: the tests make the pools they use (the
    # seed's 68.99.26.170/31 in `nova` among them)
    lines = ["[DEFAULT]", f"state_path = {state_path}", "my_ip = 127.0.0.1",
             "report_interval = 1", "service_down_time = 4", "floating_range ="]
    if "network_driver" not in (extra or {}) and "DEFAULT.network_driver" not in (extra or {}):
        # the tests' clouds touch no host network unless a test asks for it
        lines.append("network_driver = noop")
    for prefix, _ in api_conf.APIS.values():
        lines += [f"{prefix}_listen = 127.0.0.1", f"{prefix}_listen_port = {free_port()}"]
    sections = {"identity": {"admin_password": ADMIN_PASSWORD,
                             "demo_password": DEMO_PASSWORD,
                             "password_hash_rounds": 4}}
    if not {"compute_driver", "DEFAULT.compute_driver"} & set(extra or {}):
        lines.append("compute_driver = fake")  # not the all-in-one's own choice
    for key, value in (extra or {}).items():
        section, _, name = key.rpartition(".")
        if section in ("", "DEFAULT"):
            lines.append(f"{name} = {value}")
        else:
            sections.setdefault(section, {})[name] = value
    for section, values in sections.items():
        lines.append(f"[{section}]")
        lines += [f"{name} = {value}" for name, value in values.items()]
    path = os.path.join(state_path, "onestack.conf")
    os.makedirs(state_path, exist_ok=True)
    with open(path, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def load_config(path: str) -> cfg.ConfigOpts:
    conf = cfg.ConfigOpts()
    onestack_conf.register_all(conf)
    conf(["--config-file", path], project="onestack", default_config_files=[])
    return conf


class Clients:
    """The real clients, logged in to a cloud whose config is self.conf."""
    conf: cfg.ConfigOpts

    def url(self, api: str) -> str:
        return catalog.url_for(self.conf, api)

    @property
    def catalog_types(self) -> set[str]:
        """The service types bootstrap wrote into this cloud's catalog."""
        return {entry.service_type for _, entry in registry.catalog_entries(self.conf)}

    @property
    def auth_url(self) -> str:
        return self.url("identity") + "/v3"

    def session(self, username="admin", password=ADMIN_PASSWORD, project="admin"):
        from keystoneauth1 import session as ks_session
        from keystoneauth1.identity import v3
        auth = v3.Password(auth_url=self.auth_url, username=username,
                           password=password, project_name=project,
                           user_domain_id="default", project_domain_id="default")
        return ks_session.Session(auth=auth)

    def sdk(self, username="admin", password=ADMIN_PASSWORD, project="admin"):
        import openstack
        return openstack.connection.Connection(
            session=self.session(username, password, project),
            region_name="RegionOne", identity_api_version="3")

    def cli_env(self, who: str = "admin") -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        with open(bootstrap.openrc_path(self.conf, who)) as handle:
            for line in handle:
                if line.startswith("export "):
                    name, _, value = line[len("export "):].strip().partition("=")
                    env[name] = value
        return env

    def cli(self, *args, who="admin", env=None, check=True):
        """Run the real `openstack` CLI; returns the CompletedProcess."""
        result = subprocess.run([os.path.join(VENV_BIN, "openstack"), *args],
                                env=env or self.cli_env(who), capture_output=True,
                                text=True, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"openstack {' '.join(args)} failed "
                                 f"({result.returncode}):\n{result.stderr}")
        return result



class Cloud(Clients):
    """`onestack all` started in process; stop() ends it.

    The engine, transport and policy are the process's, so one cloud serves
    at a time: a cloud started while another serves (a test package's own
    inside the functional tests' shared one) pauses that one, and its stop()
    starts that one again on its ports, state and tokens."""

    serving: list["Cloud"] = []   # the clouds of this process, the last one serving

    def __init__(self, state_path: str, extra: dict | None = None):
        self.state_path = state_path
        self.config_file = write_config(state_path, extra)
        self.conf = load_config(self.config_file)
        if Cloud.serving:
            Cloud.serving[-1]._pause()
        engine.configure(self.conf)
        migration.sync()
        bootstrap.run(self.conf)
        self.started = all_cmd.start(self.conf)
        Cloud.serving.append(self)

    def _pause(self):
        for item in reversed(self.started):
            item.stop()
        rpc.cleanup()
        policy.reset()
        engine.dispose_all()

    def _resume(self):
        engine.configure(self.conf)
        self.started = all_cmd.start(self.conf)

    def stop(self):
        self._pause()
        Cloud.serving.remove(self)
        if Cloud.serving:
            Cloud.serving[-1]._resume()
