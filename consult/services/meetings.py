"""Conseil Citoyen workshops: meetings and their collective contributions.

A meeting's participants are *declared* (« environ 30 habitants ») and its contributions speak
for the group: they are never counted as respondents. Read functions at the bottom serve the
staff summaries and keep the two figures apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from consult.models import Consultation, Contribution, Meeting, ThemeTag
from consult.models.meetings import CONTRIBUTION_KINDS, MEETING_KINDS
from consult.questionnaire.characters import REFUSED as UNSAFE_CHARACTER
from consult.questionnaire.characters import has_forbidden
from consult.questionnaire.segments import AGE_BANDS, GENDERS
from consult.services.audit import record_event

MEETING_KIND_LABELS = {
    "conseil_citoyen": "Conseil Citoyen",
    "reunion_publique": "Réunion publique",
    "atelier_jeunes": "Atelier jeunes",
}
CONTRIBUTION_KIND_LABELS = {"atout": "Atout", "priorite": "Priorité"}
BREAKDOWN_CODES = {"gender": GENDERS, "age_band": AGE_BANDS}
MAX_PARTICIPANTS = 10_000


@dataclass
class MeetingRejected(Exception):
    """Bad meeting or contribution input: ``errors`` maps a field to a French message."""

    errors: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(f"{k}: {v}" for k, v in self.errors.items())


@dataclass(frozen=True)
class MeetingData:
    quartier_id: str
    held_on: date
    kind: str
    participants: int
    place: str | None = None
    breakdown: Mapping[str, Mapping[str, int]] | None = None


@dataclass(frozen=True)
class ContributionData:
    kind: str
    text: str
    votes: int | None = None
    heading: str | None = None


# --- changes (every one leaves an AuditEvent) ---------------------------------------------


def create_meeting(
    session: Session, consultation_id: int, data: MeetingData, user_id: int | None
) -> Meeting:
    consultation = session.get(Consultation, consultation_id)
    if consultation is None:
        raise MeetingRejected({"consultation": "consultation inconnue"})
    fields = _clean_meeting(consultation, data)
    meeting = Meeting(consultation_id=consultation_id, created_by_id=user_id, **fields)
    session.add(meeting)
    session.flush()
    record_event(session, user_id, "create", "meeting", meeting.id, _meeting_details(meeting))
    return meeting


def update_meeting(
    session: Session, meeting: Meeting, data: MeetingData, user_id: int | None
) -> Meeting:
    consultation = session.get_one(Consultation, meeting.consultation_id)  # a foreign key
    fields = _clean_meeting(consultation, data)
    return _update_audited(session, meeting, fields, _meeting_details, user_id)


def delete_meeting(session: Session, meeting: Meeting, user_id: int | None) -> None:
    details = _meeting_details(meeting)
    details["contributions"] = [_contribution_details(c) for c in meeting.contributions]
    record_event(session, user_id, "delete", "meeting", meeting.id, details)
    session.delete(meeting)
    session.flush()


def add_contribution(
    session: Session, meeting: Meeting, data: ContributionData, user_id: int | None
) -> Contribution:
    fields = _clean_contribution(data)
    position = 1 + max((c.position for c in meeting.contributions), default=0)
    contribution = Contribution(meeting=meeting, position=position, **fields)
    session.add(contribution)
    session.flush()
    details = _contribution_details(contribution)
    record_event(session, user_id, "create", "contribution", contribution.id, details)
    return contribution


def update_contribution(
    session: Session, contribution: Contribution, data: ContributionData, user_id: int | None
) -> Contribution:
    fields = _clean_contribution(data)
    if fields["text"] != contribution.text:
        # Automatic themes described the old text: drop them so ``consult analyze tag`` redoes
        # them. Staff's manual codings stay.
        session.execute(
            delete(ThemeTag).where(
                ThemeTag.contribution_id == contribution.id, ThemeTag.source == "auto"
            )
        )
    return _update_audited(session, contribution, fields, _contribution_details, user_id)


def _update_audited(session: Session, row, fields: dict, describe, user_id: int | None):
    """Set ``fields`` on a meeting or contribution and audit it, before and after."""
    before = describe(row)
    for name, value in fields.items():
        setattr(row, name, value)
    session.flush()
    details = {"before": before, "after": describe(row)}
    record_event(session, user_id, "update", row.__tablename__, row.id, details)
    return row


def delete_contribution(session: Session, contribution: Contribution, user_id: int | None) -> None:
    details = _contribution_details(contribution)
    record_event(session, user_id, "delete", "contribution", contribution.id, details)
    session.delete(contribution)
    session.flush()


def _clean_meeting(consultation: Consultation, data: MeetingData) -> dict:
    errors: dict[str, str] = {}
    if data.quartier_id not in {q.id for q in consultation.quartiers}:
        errors["quartier_id"] = "Ce quartier ne fait pas partie de la consultation."
    if data.kind not in MEETING_KINDS:
        errors["kind"] = "Type de réunion inconnu."
    if not 1 <= data.participants <= MAX_PARTICIPANTS:
        errors["participants"] = "Le nombre de participants doit être compris entre 1 et 10 000."
    if has_forbidden(data.place or ""):
        errors["place"] = UNSAFE_CHARACTER
    breakdown = _clean_breakdown(data.breakdown or {}, data.participants, errors)
    if errors:
        raise MeetingRejected(errors)
    place = (data.place or "").strip() or None
    return {
        "quartier_id": data.quartier_id,
        "held_on": data.held_on,
        "kind": data.kind,
        "participants": data.participants,
        "place": place,
        "breakdown": breakdown or None,
    }


def _clean_breakdown(
    breakdown: Mapping[str, Mapping[str, int]], participants: int, errors: dict[str, str]
) -> dict[str, dict[str, int]]:
    """Keep the known, non-zero counts; a breakdown may not add up to more than the total."""
    cleaned: dict[str, dict[str, int]] = {}
    for dimension, counts in breakdown.items():
        codes = BREAKDOWN_CODES.get(dimension)
        if codes is None or any(code not in codes for code in counts):
            errors[f"breakdown.{dimension}"] = "Répartition inconnue."
            continue
        if any(n is None or n < 0 for n in counts.values()):
            errors[f"breakdown.{dimension}"] = "Un effectif ne peut pas être négatif."
            continue
        kept = {code: int(n) for code, n in counts.items() if n}
        if sum(kept.values()) > participants:
            errors[f"breakdown.{dimension}"] = (
                f"La répartition compte {sum(kept.values())} personnes, "
                f"plus que les {participants} participants déclarés."
            )
        elif kept:
            cleaned[dimension] = kept
    return cleaned


def _clean_contribution(data: ContributionData) -> dict:
    errors: dict[str, str] = {}
    text = " ".join((data.text or "").split())
    if not text:
        errors["text"] = "Écrivez la contribution."
    elif len(text) > 2000:
        errors["text"] = "La contribution dépasse 2 000 caractères."
    if has_forbidden(data.text or "") or has_forbidden(data.heading or ""):
        errors["text"] = UNSAFE_CHARACTER
    if data.kind not in CONTRIBUTION_KINDS:
        errors["kind"] = "Choisissez « atout » ou « priorité »."
    if data.votes is not None and not 0 <= data.votes <= MAX_PARTICIPANTS:
        errors["votes"] = "Le nombre de votes doit être compris entre 0 et 10 000."
    heading = " ".join((data.heading or "").split()) or None
    if heading and len(heading) > 200:
        errors["heading"] = "Le titre de regroupement dépasse 200 caractères."
    if errors:
        raise MeetingRejected(errors)
    return {"kind": data.kind, "text": text, "votes": data.votes, "heading": heading}


def _meeting_details(meeting: Meeting) -> dict:
    return {
        "quartier_id": meeting.quartier_id,
        "held_on": meeting.held_on.isoformat(),
        "kind": meeting.kind,
        "place": meeting.place,
        "participants": meeting.participants,
        "breakdown": meeting.breakdown,
    }


def _contribution_details(contribution: Contribution) -> dict:
    return {
        "meeting_id": contribution.meeting_id,
        "kind": contribution.kind,
        "text": contribution.text,
        "votes": contribution.votes,
        "heading": contribution.heading,
    }


def meetings_of(
    session: Session, consultation_id: int | None = None, created_by_id: int | None = None
) -> list[Meeting]:
    """Meetings, newest first, optionally of one consultation or one author."""
    query = select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc())
    if consultation_id is not None:
        query = query.where(Meeting.consultation_id == consultation_id)
    if created_by_id is not None:
        query = query.where(Meeting.created_by_id == created_by_id)
    return list(session.scalars(query))
