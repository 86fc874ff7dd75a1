"""Known small data sets for the staff pages, exports and report tests."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from consult.models import Answer, Consultation, ThemeTag
from consult.reports.frames import forget_cache
from consult.services.submissions import Submission, record_submission
from tests.factories import current_version_id, new_uuid

SLUG = "concertation-citoyenne"


def submit(session, quartier: str, questionnaire: str = "adultes", channel: str = "web", **answers):
    """One response through the real submission service; returns its response id."""
    version_id = current_version_id(session, SLUG, questionnaire)
    outcome = record_submission(
        session, Submission(new_uuid(), version_id, quartier, answers, channel)
    )
    return outcome.response_id


def tag(session, response_id: int, role: str, *themes: str, evidence: str = "mot") -> None:
    """Store automatic tags, as ``consult analyze`` would, on one answer of a response."""
    answer_id = session.scalar(
        select(Answer.id).filter_by(response_id=response_id, question_key=role)
    )
    session.execute(
        insert(ThemeTag),
        [
            {"answer_id": answer_id, "theme": t, "source": "auto", "evidence": evidence}
            for t in themes
        ],
    )


def voltaire_data(session) -> None:
    """Voltaire: 8 adult women + 3 young men; Concorde: 2 adults.

    Priorités: every Voltaire respondent says « sécurité »; the 3 young men also say
    « jeunesse ». Atouts: the 8 women cite « commerces ».
    """
    with session.begin():
        for i in range(8):
            rid = submit(
                session,
                "voltaire",
                age="40_59",
                genre="femme",
                priorites=f"Plus de sécurité le soir, rodéos en bas {i}",
                atouts=f"Les commerces du centre {i}",
            )
            tag(session, rid, "priorites", "securite")
            tag(session, rid, "atouts", "commerces")
        for i in range(3):
            rid = submit(
                session,
                "voltaire",
                "jeunes",
                "tablette",
                age="15_17",
                genre="homme",
                priorites=f"un city stade et la securite svp {i}",
            )
            tag(session, rid, "priorites", "securite", "jeunesse")
        for i in range(2):
            submit(
                session, "concorde", priorites=f"Le stationnement {i}", age="60_plus", genre="homme"
            )


def consultation(session) -> Consultation:
    return session.scalar(select(Consultation).filter_by(slug=SLUG))


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test empties its database, so ids repeat: start without cached frames."""
    forget_cache()
    yield
    forget_cache()
