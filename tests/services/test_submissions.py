"""Recording submissions: one at a time or in a batch, the same rules and the same results."""

from __future__ import annotations

from sqlalchemy import func, select

from consult.models import Answer, Response, SubmissionConflict
from consult.services.submissions import (
    Outcome,
    Reason,
    Submission,
    SubmissionRejected,
    record_submission,
    record_submissions,
)
from tests.factories import current_version_id, new_uuid


def submission(session, uuid=None, text="Le parc", serial=None, **extra) -> Submission:
    version_id = current_version_id(session, "concertation-citoyenne", "adultes")
    answers = {"atouts": text, "age": "18_25", **extra}
    return Submission(uuid or new_uuid(), version_id, "voltaire", answers, "papier", serial=serial)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_batch_resolves_new_known_conflicting_repeated_and_invalid_items(session):
    known, conflicting, repeated = new_uuid(), new_uuid(), new_uuid()
    record_submission(session, submission(session, known))
    record_submission(session, submission(session, conflicting))
    session.commit()
    results = record_submissions(
        session,
        [
            submission(session),
            submission(session, known),
            submission(session, conflicting, text="Autre chose"),
            submission(session, repeated),
            submission(session, repeated),
            submission(session, age="99_ans"),
        ],
    )
    session.commit()
    statuses = [r.status if isinstance(r, Outcome) else "rejected" for r in results]
    assert statuses == ["created", "duplicate", "conflict", "created", "duplicate", "rejected"]
    assert results[5].errors == {
        "answers.age": "Ce choix ne fait pas partie des réponses proposées."
    }
    assert count(session, Response) == 4
    assert count(session, Answer) == 8
    assert count(session, SubmissionConflict) == 1


def test_a_batch_hitting_a_taken_serial_falls_back_to_item_by_item(session):
    record_submission(session, submission(session, serial="12"))
    session.commit()
    results = record_submissions(
        session, [submission(session, serial="13"), submission(session, serial="12")]
    )
    session.commit()
    assert isinstance(results[0], Outcome) and results[0].status == "created"
    assert isinstance(results[1], SubmissionRejected) and results[1].reason == Reason.CONFLICT
    assert sorted(session.scalars(select(Response.serial))) == ["12", "13"]
