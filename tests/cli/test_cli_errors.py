"""Bad input to the `consult` command is one French line and exit status 2, never a traceback;
the SQLite database file is readable by its owner only."""

from __future__ import annotations

import stat

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from consult.cli import cli
from consult.db import make_engine
from consult.models import User


def test_an_unknown_quartier_is_one_french_line(runner, session):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "a@b.fr",
            "--role",
            "staff",
            "--quartier",
            "nowhere",
            "--password-stdin",
        ],
        input="un mot de passe solide\n",
    )
    assert result.exit_code == 2
    assert result.output == "Erreur : quartier inconnu « nowhere »\n"
    assert session.scalars(select(User)).all() == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("pas une url", "Erreur : DATABASE_URL inutilisable (illisible) : attendu sqlite:///"),
        ("mysql://base/consult", "Erreur : DATABASE_URL inutilisable (mysql://base/consult)"),
        ("postgresql://moi:secret@127.0.0.1:1/x", "Erreur : base de données inaccessible"),
        ("sqlite:////dossier/absent/consult.db", "Erreur : base de données inaccessible"),
    ],
)
def test_a_bad_database_url_is_one_french_line_without_its_password(url, message):
    result = CliRunner().invoke(
        cli, ["users", "list"], env={"DATABASE_URL": url, "SECRET_KEY": "x"}
    )
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert result.output.count("\n") == 1
    assert "Traceback" not in result.output and "secret" not in result.output


def test_a_new_sqlite_database_and_its_journal_are_private(tmp_path):
    path = tmp_path / "consult.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
        files = [path, tmp_path / "consult.db-wal", tmp_path / "consult.db-shm"]
        modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}
    engine.dispose()
    assert modes == {f.name: 0o600 for f in files}
