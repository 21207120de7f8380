"""The machine's PostgreSQL, MariaDB and RabbitMQ: reachable or a clear skip.

With ONESTACK_REQUIRE_SERVICES=1 (CI) an unreachable one fails the test instead.
"""
import os
import socket
import uuid

import pytest
import sqlalchemy

POSTGRES_ADMIN_URL = os.environ.get("ONESTACK_TEST_POSTGRES",
                                    "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
MYSQL_ADMIN_URL = os.environ.get("ONESTACK_TEST_MYSQL",
                                 "mysql+pymysql://root@127.0.0.1:3306/mysql")
RABBIT_URL = os.environ.get("ONESTACK_TEST_RABBIT",
                            "rabbit://guest:guest@127.0.0.1:5672/")


def require(name: str, host: str, port: int) -> None:
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError as error:
        message = f"{name} is not reachable at {host}:{port} ({error})"
        if os.environ.get("ONESTACK_REQUIRE_SERVICES") == "1":
            pytest.fail(message + " and ONESTACK_REQUIRE_SERVICES=1")
        pytest.skip(message)


class TemporaryDatabase:
    """A database of its own on a server, dropped afterwards. Its url uses
    psycopg2 or PyMySQL, or the driver named by drivername (such as
    "postgresql+psycopg")."""

    def __init__(self, engine_name: str, drivername: str | None = None):
        self.engine_name = engine_name
        self.name = "onestack_test_" + uuid.uuid4().hex[:10]
        if engine_name == "postgresql":
            require("PostgreSQL", "127.0.0.1", 5432)
            self.admin_url = POSTGRES_ADMIN_URL
        else:
            require("MariaDB", "127.0.0.1", 3306)
            self.admin_url = MYSQL_ADMIN_URL
        self._admin = sqlalchemy.create_engine(self.admin_url,
                                               isolation_level="AUTOCOMMIT")
        with self._admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {self.name}")
        base = self.admin_url.rsplit("/", 1)[0]
        self.url = f"{base}/{self.name}"
        if engine_name == "mysql":
            self.url += "?charset=utf8mb4"
        if drivername:
            self.url = sqlalchemy.make_url(self.url).set(
                drivername=drivername).render_as_string(hide_password=False)

    def drop(self) -> None:
        with self._admin.connect() as conn:
            if self.engine_name == "postgresql":
                conn.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    f"WHERE datname = '{self.name}' AND pid <> pg_backend_pid()")
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {self.name}")
        self._admin.dispose()


class TemporaryVhost:
    """A RabbitMQ virtual host of its own, so that concurrent test runs, whose
    services listen on the same topic queues, never take each other's messages.
    Falls back to the default vhost where rabbitmqctl is not available."""

    def __init__(self):
        require("RabbitMQ", "127.0.0.1", 5672)
        self.name = "onestack-test-" + uuid.uuid4().hex[:10]
        self.created = self._ctl("add_vhost", self.name) and self._ctl(
            "set_permissions", "-p", self.name, "guest", ".*", ".*", ".*")
        self.url = RABBIT_URL + self.name if self.created else RABBIT_URL

    @staticmethod
    def _ctl(*args) -> bool:
        import shutil
        import subprocess
        if shutil.which("rabbitmqctl") is None:
            return False
        try:
            return subprocess.run(["rabbitmqctl", *args], capture_output=True,
                                  timeout=60).returncode == 0
        except subprocess.TimeoutExpired:
            return False

    def drop(self) -> None:
        if self.created:
            self._ctl("delete_vhost", self.name)
