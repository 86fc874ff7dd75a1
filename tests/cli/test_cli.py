"""The consult command: database, questionnaires, users."""

from __future__ import annotations

from sqlalchemy import func, select

from consult.models import QuestionnaireVersion, User


def test_users_create_reads_the_password_from_stdin(runner, session):
    result = runner.invoke(
        args=["users", "create", "agent@example.org", "--role", "collector", "--password-stdin"],
        input="un mot de passe solide\n",
    )
    assert result.exit_code == 0, result.output
    user = session.scalars(select(User)).one()
    assert (user.email, user.role) == ("agent@example.org", "collector")


def test_users_create_refuses_a_duplicate_with_exit_2(runner, session):
    args = ["users", "create", "a@example.org", "--role", "staff", "--password-stdin"]
    runner.invoke(args=args, input="un mot de passe solide\n")
    result = runner.invoke(args=args, input="un mot de passe solide\n")
    assert result.exit_code == 2 and "existe déjà" in result.output
    assert session.scalar(select(func.count()).select_from(User)) == 1


def test_ensure_admin_creates_one_admin_once_and_prints_how_to_log_in(runner, session):
    first = runner.invoke(args=["users", "ensure-admin"])
    second = runner.invoke(args=["users", "ensure-admin"])
    assert "mot de passe :" in first.output and "mot de passe :" not in second.output
    assert session.scalars(select(User.role)).all() == ["admin"]


def test_loading_twice_publishes_nothing_new(runner, session):
    result = runner.invoke(args=["questionnaires", "load"])
    assert result.exit_code == 0, result.output
    assert "Inchangé : concertation-citoyenne/adultes v1" in result.output
    assert session.scalar(select(func.count()).select_from(QuestionnaireVersion)) == 2


def test_db_upgrade_creates_a_fresh_sqlite_database(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from consult.cli import cli

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    monkeypatch.setenv("SECRET_KEY", "x")
    result = CliRunner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fresh.db").exists()
