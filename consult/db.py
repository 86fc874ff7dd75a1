"""The one database module: engine, a session per request, transactions.

Views use :func:`get_session` (reads) and :func:`transaction` (writes); the CLI and background
work use :func:`session_scope`. Only transactions that write take SQLite's write lock.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker


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
                event.listen(engine, "begin", _begin)
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


# Execution option that marks a connection's transaction as one that will write.
WRITE_OPTION = "consult_write"


def _begin(connection) -> None:
    # WAL readers never block anyone, so a reading transaction takes no lock (DEFERRED): a long
    # staff page or a dry-run import must not stop residents from submitting. A transaction
    # that will write takes the write lock up front (IMMEDIATE): it then waits for another
    # writer (busy timeout) instead of failing when it upgrades a read snapshot gone stale.
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED")


def begin_write(session: Session) -> None:
    """End the session's current transaction (reads, or a finished chunk) and begin a writing one.

    Objects already loaded stay usable (sessions do not expire them on commit). On PostgreSQL
    the option is ignored: its row locks need no such care.
    """
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={WRITE_OPTION: True})


@contextmanager
def write_transaction(session: Session) -> Iterator[Session]:
    """A transaction that takes SQLite's write lock at its start; commit, or roll back on error."""
    begin_write(session)
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()


def database_reachable(engine: Engine) -> bool:
    """Whether the database answers a query (PostgreSQL pings a pooled connection first)."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except DBAPIError:
        return False
    return True


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


# -- sessions of the application -------------------------------------------------------------


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["consult.engine"] = engine
    app.extensions["consult.sessions"] = make_session_factory(engine)
    app.teardown_appcontext(close_session)


def get_session() -> Session:
    """The current request's session (created on first use, closed at teardown)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["consult.sessions"]()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def transaction() -> Iterator[Session]:
    """A writing transaction for the request's work: commit on success, roll back on error.

    Reads made earlier in the request (user loading, lookups) ran in a reading transaction that
    took no lock; it ends here and the writing one takes SQLite's write lock from its start.
    """
    with write_transaction(get_session()) as session:
        yield session


@contextmanager
def session_scope(app: Flask | None = None) -> Iterator[Session]:
    """A session of its own in one writing transaction, outside any request (CLI, background)."""
    sessions = (app or current_app).extensions["consult.sessions"]
    with sessions() as session, write_transaction(session):
        yield session
