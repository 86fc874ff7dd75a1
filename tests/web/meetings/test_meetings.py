"""Meeting workshops: recorded by staff or facilitators, counted apart from respondents."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from consult.models import AuditEvent, Consultation, Contribution, Meeting, User
from consult.reports.meetings import meeting_participation
from consult.services.meetings import (
    ContributionData,
    MeetingData,
    MeetingRejected,
    add_contribution,
    create_meeting,
)
from consult.services.submissions import Submission, record_submission
from tests.factories import current_version_id, new_uuid

SLUG = "concertation-citoyenne"


def consultation(session) -> Consultation:
    found = session.scalar(select(Consultation).filter_by(slug=SLUG))
    session.commit()  # SQLite transactions take the write lock: end ours before the app writes
    return found


def voltaire_meeting(session, participants=30, **extra) -> Meeting:
    data = MeetingData("voltaire", date(2023, 8, 28), "conseil_citoyen", participants, **extra)
    meeting = create_meeting(session, consultation(session).id, data, None)
    session.commit()
    return meeting


def respond(session, quartier_id: str, channel: str, slug: str = "adultes") -> None:
    version_id = current_version_id(session, SLUG, slug)
    answers = {"priorites": "plus de sécurité", "age": "non_renseigne"}
    record_submission(session, Submission(new_uuid(), version_id, quartier_id, answers, channel))
    session.commit()


def test_a_meeting_and_its_contributions_are_stored_with_an_audit_trail(session):
    meeting = voltaire_meeting(session, place="Centre social Blanche Haye")
    add_contribution(session, meeting, ContributionData("atout", "  le centre  social ", 12), None)
    add_contribution(
        session, meeting, ContributionData("priorite", "sécurité", None, "Cadre"), None
    )
    session.commit()

    stored = session.scalars(select(Contribution).order_by(Contribution.position)).all()
    assert [(c.kind, c.text, c.votes, c.heading) for c in stored] == [
        ("atout", "le centre social", 12, None),
        ("priorite", "sécurité", None, "Cadre"),
    ]
    actions = session.scalars(select(AuditEvent.entity).order_by(AuditEvent.id)).all()
    assert actions == ["meeting", "contribution", "contribution"]


def test_a_breakdown_larger_than_the_participants_is_refused(session):
    with pytest.raises(MeetingRejected) as refused:
        voltaire_meeting(session, participants=10, breakdown={"gender": {"femme": 8, "homme": 5}})
    assert "plus que les 10 participants" in refused.value.errors["breakdown.gender"]
    assert session.scalar(select(Meeting)) is None


def test_a_contribution_with_a_control_character_is_refused(session):
    """A NUL makes PostgreSQL fail and U+0001 breaks the Word report: refused when typed."""
    meeting = voltaire_meeting(session)
    for data in (ContributionData("atout", "le parc\x00"), ContributionData("atout", "a\x01")):
        with pytest.raises(MeetingRejected) as refused:
            add_contribution(session, meeting, data, None)
        assert "caractère invisible" in refused.value.errors["text"]


def test_meeting_participants_are_never_added_to_respondents(session):
    meeting = voltaire_meeting(session, participants=30)
    add_contribution(session, meeting, ContributionData("priorite", "sécurité", 9), None)
    respond(session, "voltaire", "reunion")  # answered a questionnaire at the meeting
    respond(session, "voltaire", "papier")
    respond(session, "concorde", "import", "jeunes")
    session.commit()

    assert meeting_participation(session, consultation(session).id)["voltaire"] == (1, 30)
    assert meeting_participation(session, consultation(session).id)["concorde"] == (0, 0)


def meeting_form(session, **changes) -> dict:
    data = {
        "consultation_id": str(consultation(session).id),
        "quartier_id": "voltaire",
        "held_on": "2023-08-28",
        "place": "Centre social",
        "kind": "conseil_citoyen",
        "participants": "30",
        "gender_femme": "14",
        "gender_homme": "11",
    }
    return data | changes


def test_staff_record_a_meeting_then_type_contributions_line_after_line(client, auth, session):
    auth.login()
    response = client.post("/equipe/reunions/nouvelle", data=meeting_form(session))
    assert response.status_code == 302
    meeting = session.scalar(select(Meeting))
    assert (meeting.participants, meeting.place) == (30, "Centre social")
    assert meeting.breakdown == {"gender": {"femme": 14, "homme": 11}}

    session.commit()
    url = f"/equipe/reunions/{meeting.id}/contributions"
    first = client.post(url, data={"kind": "priorite", "text": "Sécurité", "heading": "Cadre"})
    assert "kind=priorite" in first.headers["Location"]
    client.post(url, data={"kind": "priorite", "text": "Propreté", "votes": "4"})
    page = client.get(f"/equipe/reunions/{meeting.id}?kind=priorite&heading=Cadre")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Sécurité" in html and 'value="Cadre"' in html
    stored = session.scalars(select(Contribution).order_by(Contribution.position)).all()
    assert [(c.text, c.votes, c.heading) for c in stored] == [
        ("Sécurité", None, "Cadre"),
        ("Propreté", 4, None),
    ]


def test_an_empty_contribution_is_refused_and_nothing_is_stored(client, auth, session):
    auth.login()
    meeting = voltaire_meeting(session)
    response = client.post(
        f"/equipe/reunions/{meeting.id}/contributions", data={"kind": "atout", "text": "  "}
    )
    assert response.status_code == 422
    assert "Écrivez la contribution." in response.get_data(as_text=True)
    assert session.scalar(select(Contribution)) is None


def test_a_breakdown_over_the_total_is_shown_next_to_its_fields(client, auth, session):
    auth.login()
    form = meeting_form(session, participants="10")
    response = client.post("/equipe/reunions/nouvelle", data=form)
    assert response.status_code == 422
    assert "plus que les 10 participants" in response.get_data(as_text=True)
    assert session.scalar(select(Meeting)) is None


def test_edits_and_deletions_are_logged(client, auth, session):
    auth.login()
    meeting = voltaire_meeting(session)
    contribution = add_contribution(session, meeting, ContributionData("atout", "le parc"), None)
    session.commit()
    meeting_id, contribution_id = meeting.id, contribution.id
    base = f"/equipe/reunions/{meeting_id}/contributions/{contribution_id}"
    edited = client.post(f"{base}/modifier", data={"kind": "atout", "text": "le grand parc"})
    assert edited.status_code == 302
    client.post(f"{base}/supprimer")
    form = meeting_form(session, participants="25")
    client.post(f"/equipe/reunions/{meeting_id}/modifier", data=form)
    session.expire_all()
    assert session.get(Meeting, meeting_id).participants == 25
    assert session.get(Contribution, contribution_id) is None
    events = session.execute(
        select(AuditEvent.action, AuditEvent.entity, AuditEvent.user_id).order_by(AuditEvent.id)
    ).all()
    staff_id = session.scalar(select(User.id).filter_by(email="staff@example.org"))
    assert [(a, e) for a, e, _ in events][-3:] == [
        ("update", "contribution"),
        ("delete", "contribution"),
        ("update", "meeting"),
    ]
    assert {u for _, _, u in events[-3:]} == {staff_id}
    update = session.scalar(select(AuditEvent).filter_by(action="update", entity="contribution"))
    assert update.details["before"]["text"] == "le parc"
    session.commit()
    client.post(f"/equipe/reunions/{meeting_id}/supprimer")
    assert session.scalar(select(Meeting)) is None


def test_a_facilitator_sees_only_the_meetings_they_recorded(client, auth, session):
    other = voltaire_meeting(session)
    auth.login("animatrice@example.org", "collector")
    assert client.get(f"/equipe/reunions/{other.id}").status_code == 403
    response = client.post("/equipe/reunions/nouvelle", data=meeting_form(session))
    assert response.status_code == 302
    index = client.get("/equipe/reunions/").get_data(as_text=True)
    assert index.count("28/08/2023") == 1


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    assert client.get("/equipe/reunions/").status_code == 302
