"""Database wiring: the declarative base, engines and sessions. Imports no Flask."""

from __future__ import annotations

import contextlib
import os

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

# Named constraints so that Alembic can later drop or alter them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class DatabaseUrlError(ValueError):
    """``DATABASE_URL`` cannot be used; the message is one French line, password hidden."""


def shown_url(url: str) -> str:
    """The URL for a message: never its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "illisible"


def make_engine(url: str, *, sqlite_transactions: bool = True) -> Engine:
    """Create an engine; SQLite gets WAL mode, foreign keys and a busy timeout.

    ``sqlite_transactions=False`` makes every SQLite statement commit on its own: tests use it
    for the session they inspect the database with, so that it never holds a lock or an old
    snapshot while the app under test writes.
    """
    url = with_driver(url)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
            event.listen(engine, "connect", _configure_sqlite)
            if sqlite_transactions:
                event.listen(engine, "begin", _begin_immediate)
            _create_private_file(engine.url.database)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseUrlError(
            f"DATABASE_URL inutilisable ({shown_url(url)}) : attendu sqlite:///chemin.db "
            f"ou postgresql://utilisateur:motdepasse@hôte/base ({type(exc).__name__})"
        ) from None


def _create_private_file(path: str | None) -> None:
    """Create a new SQLite file readable by its owner only (0600): it holds every answer.

    SQLite gives its -wal and -shm files the same permissions as the database file.
    """
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    # An existing file keeps its mode; a missing folder is SQLite's error to report.
    with contextlib.suppress(FileExistsError, FileNotFoundError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def with_driver(url: str) -> str:
    """``postgresql://`` (as hosts hand it out) means psycopg 3, the driver we install."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets readers (staff pages) run while tablets write; in-memory databases ignore it.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (savepoints work).
    dbapi_connection.isolation_level = None


def _begin_immediate(connection) -> None:
    # IMMEDIATE takes the write lock up front: a transaction that reads then writes can then
    # wait for another writer (busy timeout) instead of failing with SQLITE_BUSY.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)
