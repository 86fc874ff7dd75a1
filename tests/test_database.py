"""Database wiring: SQLite runs in WAL mode with foreign keys enforced."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from consult.db import make_engine


def test_sqlite_uses_wal_and_enforces_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_an_answer_without_its_response_is_refused(app, session):
    orphan = text("INSERT INTO answer (response_id, question_key) VALUES (999999, 'atouts')")
    with pytest.raises(IntegrityError):
        session.execute(orphan)
    session.rollback()
