"""Engines and sessions for the embedded SQLite file or a shared PostgreSQL server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine configured for GMP records on either database.

    SQLite: the parent directory is created, and every connection gets WAL, enforced foreign
    keys and ``synchronous=FULL`` (a reported save survives a power cut), plus a busy timeout
    so two processes on one file wait for each other instead of failing at once.
    PostgreSQL: connections are checked before use, since a station may sit idle for hours.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _configure_sqlite_connection)
        # pysqlite's own transaction handling defers BEGIN; take it over so a write
        # transaction starts when we say so (see SQLAlchemy's "Serializable isolation" note).
        event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit, so services can build results from them.

    Importing the audit module registers its flush hooks: every session writes the trail.
    """
    import labtracker.db.audit  # noqa: F401

    return sessionmaker(bind=engine, expire_on_commit=False)


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=10000")
    finally:
        cursor.close()


def writer_engine(engine: Engine) -> Engine:
    """The same engine, for transactions that will write.

    On SQLite these start with ``BEGIN IMMEDIATE``: the write lock is taken up front, so two
    stations saving at once queue on the busy timeout instead of one failing half-way.
    Readers (plain BEGIN, WAL) are never blocked.
    """
    return engine.execution_options(labtracker_write=True)


def _begin_sqlite_transaction(connection: Any) -> None:
    if connection.get_execution_options().get("labtracker_write"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    # A deferred BEGIN: in WAL mode readers never block the writer, so a screen reading a lot
    # cannot hold up a save at another window. Services keep write transactions short.
    connection.exec_driver_sql("BEGIN")
