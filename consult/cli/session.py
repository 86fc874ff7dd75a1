"""A database session for CLI commands, committed on success."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy.orm import Session

from consult.db import write_transaction


@contextmanager
def transaction() -> Iterator[Session]:
    with current_app.extensions["consult.sessions"]() as session, write_transaction(session):
        yield session
