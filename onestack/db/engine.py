"""Engines and transactions for SQLite, PostgreSQL and MySQL/MariaDB."""
from __future__ import annotations

import contextlib
import os
import threading

import sqlalchemy
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from onestack.common import exceptions

_lock = threading.Lock()
_engines: dict[str, sqlalchemy.Engine] = {}
_sessionmakers: dict[str, sessionmaker] = {}
_reader_sessionmakers: dict[str, sessionmaker] = {}
# SQLite allows one writer at a time, and a writer that finds the lock taken
# polls with sleeps growing to 100 ms. Writers of this process queue on a lock
# of ours instead, and wake as soon as it is free; other processes (such as
# onestack-manage) still meet busy_timeout.
_sqlite_writer_locks: dict[str, threading.RLock] = {}
_current_url: str | None = None


def database_url(conf) -> str:
    if conf.database.connection:
        return conf.database.connection
    path = os.path.abspath(os.path.join(conf.state_path, "onestack.sqlite"))
    return f"sqlite:///{path}"


def _enable_sqlite_wal(engine, busy_timeout):
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # pysqlite's own BEGIN handling defers locks; issue BEGIN ourselves so
        # a transaction that will write takes the lock up front (see begin).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("onestack_readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(url: str, conf=None) -> sqlalchemy.Engine:
    echo = bool(conf and conf.database.connection_debug)
    if url.startswith("sqlite"):
        timeout = conf.database.sqlite_busy_timeout if conf else 30
        engine = sqlalchemy.create_engine(
            url, echo=echo, connect_args={"check_same_thread": False,
                                          "timeout": timeout})
        _enable_sqlite_wal(engine, timeout)
        return engine
    pool = conf.database.max_pool_size if conf else 10
    return sqlalchemy.create_engine(url, echo=echo, pool_pre_ping=True,
                                    pool_size=pool, max_overflow=pool * 2,
                                    pool_recycle=3600)


def shown(url: str) -> str:
    """The URL as messages show it: without its password."""
    try:
        return sqlalchemy.make_url(url).render_as_string(hide_password=True)
    except sqlalchemy.exc.ArgumentError:
        return "[database] connection"


def _create_or_explain(url: str, conf) -> sqlalchemy.Engine:
    try:
        if url.startswith("sqlite:///"):
            os.makedirs(os.path.dirname(url[len("sqlite:///"):]), exist_ok=True)
        return create_engine(url, conf)
    except sqlalchemy.exc.NoSuchModuleError:
        scheme = url.split(":", 1)[0]
        raise exceptions.DatabaseUnavailable(
            f"Cannot use the database {shown(url)}: SQLAlchemy has no dialect or "
            f"driver named {scheme!r}.") from None
    except ImportError as error:
        raise exceptions.DatabaseUnavailable(
            f"Cannot use the database {shown(url)}: its driver is not installed "
            f"({error}).") from None
    except sqlalchemy.exc.ArgumentError as error:
        raise exceptions.DatabaseUnavailable(
            f"{shown(url)} is not a database URL SQLAlchemy can use ({error}).") from None
    except OSError as error:
        raise exceptions.DatabaseUnavailable(
            f"Cannot create the SQLite database {shown(url)}: {error}") from None


def configure(conf) -> sqlalchemy.Engine:
    """Make the process's engine for conf's [database] connection; a driver
    that is missing or unknown raises DatabaseUnavailable."""
    global _current_url
    url = database_url(conf)
    with _lock:
        if url not in _engines:
            _engines[url] = _create_or_explain(url, conf)
            _sessionmakers[url] = sessionmaker(_engines[url], expire_on_commit=False)
            _reader_sessionmakers[url] = sessionmaker(
                _engines[url].execution_options(onestack_readonly=True),
                expire_on_commit=False)
            if url.startswith("sqlite"):
                _sqlite_writer_locks[url] = threading.RLock()
        _current_url = url
    return _engines[url]


def check_connection() -> None:
    """Connect once, so that a database that does not answer is one clear
    DatabaseUnavailable at start rather than a traceback at first use."""
    url = _current_url
    try:
        with get_engine().connect():
            pass
    except sqlalchemy.exc.DBAPIError as error:
        lines = str(error.orig or error).strip().splitlines() or ["no reason given"]
        raise exceptions.DatabaseUnavailable(
            f"Cannot connect to the database {shown(url)}: {lines[0]}") from None


def get_engine() -> sqlalchemy.Engine:
    if _current_url is None:
        raise RuntimeError("onestack.db.engine.configure() has not been called")
    return _engines[_current_url]


@contextlib.contextmanager
def transaction():
    """One short write transaction: commit on success, roll back on any error.

    On SQLite it takes the write lock at BEGIN, so concurrent writers queue
    on busy_timeout instead of failing when a read turns into a write.
    """
    writer_lock = _sqlite_writer_locks.get(_current_url) if _current_url else None
    if writer_lock is None:
        with _session(_sessionmakers) as session:
            yield session
        return
    with writer_lock, _session(_sessionmakers) as session:
        yield session


@contextlib.contextmanager
def reader():
    """A read-only transaction, which on SQLite runs beside writers."""
    with _session(_reader_sessionmakers) as session:
        yield session


@contextlib.contextmanager
def _session(makers):
    if _current_url is None:
        raise RuntimeError("onestack.db.engine.configure() has not been called")
    session: Session = makers[_current_url]()
    try:
        with session.begin():
            yield session
    except sqlalchemy.exc.IntegrityError as exc:
        raise exceptions.Conflict("A resource with the same unique fields "
                                  "already exists.") from exc
    finally:
        session.close()


def dispose_all():
    global _current_url
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _sessionmakers.clear()
        _reader_sessionmakers.clear()
        _sqlite_writer_locks.clear()
        _current_url = None
