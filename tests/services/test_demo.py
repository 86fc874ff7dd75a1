"""``consult demo load`` fills a marked consultation; ``consult demo remove`` deletes only it."""

from __future__ import annotations

from sqlalchemy import func, select

from consult.models import Answer, Consultation, Meeting, QuestionnaireVersion, Response, ThemeTag
from consult.services.demo import DEMO_SLUG
from tests.staff_data import fresh_cache, voltaire_data  # noqa: F401


def count(session, model) -> int:
    """Read, then end the transaction (an open SQLite transaction holds the write lock)."""
    value = session.scalar(select(func.count()).select_from(model))
    session.rollback()
    return value


def test_demo_load_fills_every_page_and_remove_deletes_only_the_demo(runner, session, client, auth):
    voltaire_data(session)
    before = {m: count(session, m) for m in (Response, Answer, QuestionnaireVersion, Meeting)}

    result = runner.invoke(args=["demo", "load", "--responses", "120"])
    assert result.exit_code == 0, result.output
    demo = session.scalar(select(Consultation).filter_by(slug=DEMO_SLUG))
    assert demo.is_demo and "données de démonstration" in demo.title
    responses = session.scalars(select(Response).filter_by(consultation_id=demo.id)).all()
    session.rollback()
    assert len(responses) == 120
    assert {r.channel for r in responses} == {"web", "tablette", "papier", "import"}
    assert {r.public for r in responses} == {"jeune", "adulte"}
    assert count(session, ThemeTag) > 100

    auth.login()
    for path in ["", "q/val_saint_martin", "themes", "classement", "exports", "bilan"]:
        page = client.get(f"/equipe/c/{DEMO_SLUG}/{path}")
        assert page.status_code == 200, path
        assert "démonstration" in page.get_data(as_text=True)
    assert client.get("/").get_data(as_text=True).count("démonstration") == 0  # hidden publicly

    assert runner.invoke(args=["demo", "remove"]).exit_code == 0
    assert session.scalar(select(Consultation).filter_by(slug=DEMO_SLUG)) is None
    session.rollback()
    assert {m: count(session, m) for m in before} == before
    assert runner.invoke(args=["demo", "load", "--responses", "10"]).exit_code == 0


def test_loading_the_demo_twice_is_refused(runner):
    assert runner.invoke(args=["demo", "load", "--responses", "10"]).exit_code == 0
    again = runner.invoke(args=["demo", "load", "--responses", "10"])
    assert again.exit_code == 2
    assert "existe déjà" in again.output
