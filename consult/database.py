"""One SQLAlchemy session per request, opened lazily and closed on teardown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from consult.db import make_engine, make_session_factory


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
    """Commit the request's work on success, roll it back on error.

    Reads made earlier in the request (user loading, lookups) have already begun a transaction;
    this joins it rather than failing, so views need not care.
    """
    session = get_session()
    if not session.in_transaction():
        with session.begin():
            yield session
        return
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()
