"""One SQLAlchemy session per request, opened lazily and closed on teardown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from consult.db import make_engine, make_session_factory, write_transaction


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["consult.engine"] = engine
    app.extensions["consult.sessions"] = make_session_factory(engine)
    app.teardown_appcontext(close_session)


def get_session() -> Session:
    """The current request's session (created on first use)."""
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
