"""Paper questionnaires: keyed entry by serial number, and an optional second keying.

A sheet's serial number is unique per consultation (database constraint): the same sheet can
never be counted twice. A second keying is a *check*, not a respondent: it is compared with the
first entry on the fly and kept in an AuditEvent (who, when, what was typed, which answers
differ), so that counts never include it and no model change is needed.

Whoever keys a sheet a second time learns only whether both keyings agree, and may do it once
per sheet: otherwise a collector could find a sheet's answers (or its quartier) by trying
values. The differences go to staff, who see both keyings side by side and choose
(``keying_review``, ``resolve_keying``).
"""

from __future__ import annotations

import hashlib
import math
import re
import string
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.models import Answer, AuditEvent, QuestionnaireVersion, Response
from consult.questionnaire.answers import clean_answers, error_fields
from consult.services.audit import record_event
from consult.services.submissions import (
    Outcome,
    Reason,
    Submission,
    SubmissionRejected,
    answer_values,
    record_submission,
    response_values,
    submission_hash,
)

SERIAL_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,39}$")
SECOND_KEYING = "second_keying"
KEYING_RESOLVED = "second_keying_resolved"
MAX_SHEETS = 500


def normalise_serial(raw: str | None) -> str:
    """``" 0042 "`` → ``"42"``: what is printed and what is typed compare equal."""
    serial = re.sub(r"\s+", "", raw or "").upper()
    if serial.isascii() and serial.isdigit():  # « ² » is a digit to isdigit, not to int
        serial = str(int(serial))
    if not SERIAL_PATTERN.match(serial):
        message = "Saisissez le numéro imprimé sur la feuille (chiffres, lettres ou tirets)."
        raise SubmissionRejected({"serial": message})
    return serial


def record_paper(
    session: Session,
    version_id: int,
    quartier_id: str,
    serial: str,
    answers: Mapping[str, Any],
    user_id: int | None,
) -> Outcome:
    """Store one keyed-in paper questionnaire; a serial number already keyed in is refused."""
    serial = normalise_serial(serial)
    version = session.get(QuestionnaireVersion, version_id)
    if version is not None:
        _refuse_known_serial(session, version.questionnaire.consultation_id, serial)
    submission = Submission(
        client_uuid=str(uuid.uuid4()),
        version_id=version_id,
        quartier_id=quartier_id,
        answers=answers,
        channel="papier",
        collected_by_id=user_id,
        serial=serial,
    )
    outcome = record_submission(session, submission)
    details = {"serial": serial, "channel": "papier", "version_id": version_id}
    record_event(session, user_id, "key_in", "response", outcome.response_id, details)
    return outcome


def _refuse_known_serial(session: Session, consultation_id: int, serial: str) -> None:
    # Checked first for a clear message before the answers; the unique constraint still decides.
    if find_paper_response(session, consultation_id, serial) is not None:
        message = f"le questionnaire papier n° {serial} a déjà été saisi"
        raise SubmissionRejected({"serial": message}, Reason.CONFLICT)


def find_paper_response(session: Session, consultation_id: int, serial: str) -> Response | None:
    return session.scalar(
        select(Response).filter_by(consultation_id=consultation_id, serial=serial)
    )


@dataclass(frozen=True)
class Disagreement:
    key: str
    first: Any
    second: Any


@dataclass(frozen=True)
class SecondKeying:
    response_id: int
    serial: str
    disagreements: list[Disagreement]
    same_person: bool
    event: AuditEvent

    @property
    def agrees(self) -> bool:
        return not self.disagreements


def second_keying(
    session: Session,
    version_id: int,
    quartier_id: str,
    serial: str,
    answers: Mapping[str, Any],
    user_id: int | None,
) -> SecondKeying:
    """Compare a second keying of a sheet with the stored one; log it, store no new response."""
    serial = normalise_serial(serial)
    version = session.get(QuestionnaireVersion, version_id)
    if version is None:
        raise SubmissionRejected({"version": "version de questionnaire inconnue"}, Reason.UNKNOWN)
    first = find_paper_response(session, version.questionnaire.consultation_id, serial)
    if first is None:
        message = f"aucun questionnaire papier n° {serial} n'a encore été saisi"
        raise SubmissionRejected({"serial": message}, Reason.UNKNOWN)
    if _checked_by(session, first.id, user_id):
        message = f"vous avez déjà contrôlé la feuille n° {serial} ; l'équipe examinera les écarts"
        raise SubmissionRejected({"serial": message}, Reason.CONFLICT)
    cleaned, errors = clean_answers(version.definition, quartier_id, answers)
    if errors:
        raise SubmissionRejected(error_fields(errors))
    found = compare_entries(first, version.definition, quartier_id, cleaned)
    same_person = first.collected_by_id == user_id
    details = {
        "serial": serial,
        "quartier_id": quartier_id,
        "version_id": version_id,
        "answers": cleaned,
        "disagreements": [d.__dict__ for d in found],
        "same_person": same_person,
    }
    event = record_event(session, user_id, SECOND_KEYING, "response", first.id, details)
    return SecondKeying(first.id, serial, found, same_person, event)


def _checked_by(session: Session, response_id: int, user_id: int | None) -> bool:
    """Whether this person already keyed this sheet a second time (one try each: no oracle)."""
    query = select(AuditEvent.id).filter_by(
        action=SECOND_KEYING, entity="response", entity_id=str(response_id), user_id=user_id
    )
    return session.scalar(query.limit(1)) is not None


def compare_entries(
    first: Response, definition: Mapping, quartier_id: str, second: Mapping[str, Any]
) -> list[Disagreement]:
    """Answers that differ between two keyings, in question order (the quartier too)."""
    found = []
    if first.quartier_id != quartier_id:
        found.append(Disagreement("quartier", first.quartier_id, quartier_id))
    stored = {answer.question_key: answer.value for answer in first.answers}
    for question in definition["questions"]:
        key = question["key"]
        if _comparable(stored.get(key)) != _comparable(second.get(key)):
            found.append(Disagreement(key, stored.get(key), second.get(key)))
    return found


def _comparable(value: Any) -> Any:
    # Two typists rarely agree on spaces and capitals; they must agree on words.
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value


def second_keyings(session: Session, consultation_id: int) -> list[AuditEvent]:
    """Every second keying logged for the paper questionnaires of a consultation, newest first."""
    ids = select(Response.id).where(
        Response.consultation_id == consultation_id, Response.channel == "papier"
    )
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == SECOND_KEYING, AuditEvent.entity == "response")
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    known = {str(i) for i in session.scalars(ids)}
    return [event for event in events if event.entity_id in known]


def keying_details(event: AuditEvent) -> dict[str, Any]:
    """What a second keying logged: its answers, quartier and serial number."""
    if event.details is None:  # second_keying always logs them
        raise ValueError(f"second keying {event.id} logged without its details")
    return event.details


def sample_to_verify(session: Session, consultation_id: int, share: float = 0.1) -> list[str]:
    """Serial numbers to key in a second time: a fixed pseudo-random share not yet checked.

    The draw hashes the serial numbers, so it is the same for everyone and cannot be steered
    by the person who keyed the sheets in.
    """
    query = select(Response.serial).where(
        Response.consultation_id == consultation_id, Response.channel == "papier"
    )
    serials = [serial for serial in session.scalars(query) if serial is not None]
    wanted = math.ceil(len(serials) * share)
    drawn = sorted(serials, key=lambda s: hashlib.sha256(s.encode()).hexdigest())[:wanted]
    events = second_keyings(session, consultation_id)
    checked = {keying_details(event).get("serial") for event in events}
    return sorted((s for s in drawn if s not in checked), key=_serial_order)


def _serial_order(serial: str) -> tuple[int, str]:
    return (int(serial), "") if serial.isdigit() else (10**12, serial)


def sheet_serials(first: str, count: int) -> list[str]:
    """Serial numbers of ``count`` sheets starting at ``first`` (« 120 », or « V-120 »)."""
    first = normalise_serial(first)
    if not 1 <= count <= MAX_SHEETS:
        raise SubmissionRejected({"sheets": f"Entre 1 et {MAX_SHEETS} feuilles à la fois."})
    prefix = first.rstrip(string.digits)
    number = first[len(prefix) :]
    start = int(number or 1)
    width = len(number) if number.startswith("0") else 0
    return [f"{prefix}{str(n).zfill(width)}" for n in range(start, start + count)]


# --- staff review of the differences --------------------------------------------------------


@dataclass(frozen=True)
class KeyingReview:
    """A second keying beside the stored answers: ``rows`` has every question, quartier first."""

    event: AuditEvent
    response: Response
    rows: list[Disagreement]
    differing: list[str]
    resolution: AuditEvent | None


def keying_review(session: Session, event_id: int) -> KeyingReview | None:
    """Both keyings of a sheet side by side (the first as stored now), or None if unknown."""
    event = session.get(AuditEvent, event_id)
    if event is None or event.action != SECOND_KEYING:
        return None
    if event.entity_id is None or not event.entity_id.isdigit():
        return None
    response = session.get(Response, int(event.entity_id))
    if response is None:
        return None
    details = keying_details(event)
    second, quartier_id = details["answers"], details["quartier_id"]
    definition = response.version.definition
    stored = {answer.question_key: answer.value for answer in response.answers}
    rows = [Disagreement("quartier", response.quartier_id, quartier_id)] + [
        Disagreement(q["key"], stored.get(q["key"]), second.get(q["key"]))
        for q in definition["questions"]
    ]
    differing = [d.key for d in compare_entries(response, definition, quartier_id, second)]
    resolution = session.scalar(
        select(AuditEvent).filter_by(
            action=KEYING_RESOLVED, entity="audit_event", entity_id=str(event.id)
        )
    )
    return KeyingReview(event, response, rows, differing, resolution)


def resolved_keyings(session: Session, events: list[AuditEvent]) -> set[int]:
    """Ids of the second keyings whose differences staff have examined."""
    query = select(AuditEvent.entity_id).filter_by(action=KEYING_RESOLVED, entity="audit_event")
    done = set(session.scalars(query))
    return {event.id for event in events if str(event.id) in done}


def resolve_keying(
    session: Session, event_id: int, choices: Mapping[str, str], user_id: int | None
) -> KeyingReview:
    """Keep, for each difference, the first (``"first"``) or the second (``"second"``) keying.

    Answers taken from the second keying replace the stored ones (their automatic themes go
    with them, to be tagged again); the response's segments follow. Audited, once per keying.
    """
    review = keying_review(session, event_id)
    if review is None:
        raise SubmissionRejected({"event": "seconde saisie inconnue"}, Reason.UNKNOWN)
    if review.resolution is not None:
        raise SubmissionRejected({"event": "ces écarts ont déjà été examinés"}, Reason.CONFLICT)
    wanted = {key: choices.get(key) for key in review.differing}
    missing = [key for key, choice in wanted.items() if choice not in ("first", "second")]
    if missing:
        raise SubmissionRejected({key: "Choisissez la saisie à garder." for key in missing})
    taken = [key for key, choice in wanted.items() if choice == "second"]
    before = {d.key: d.first for d in review.rows if d.key in taken}
    if taken:
        _take_second(session, review, taken)
    details = {
        "response_id": review.response.id,
        "serial": review.response.serial,
        "second_kept": taken,
        "before": before,
        "after": {d.key: d.second for d in review.rows if d.key in taken},
    }
    record_event(session, user_id, KEYING_RESOLVED, "audit_event", review.event.id, details)
    return review


def _take_second(session: Session, review: KeyingReview, keys: list[str]) -> None:
    details = keying_details(review.event)
    response, second = review.response, details["answers"]
    quartier_id = details["quartier_id"] if "quartier" in keys else None
    quartier_id = quartier_id or response.quartier_id
    answers = {answer.question_key: answer.value for answer in response.answers}
    for key in keys:
        if key != "quartier":
            answers.pop(key, None)
            if second.get(key) is not None:
                answers[key] = second[key]
    version = response.version
    cleaned, errors = clean_answers(version.definition, quartier_id, answers)
    if errors:
        raise SubmissionRejected({f"answers.{k}": m for k, m in errors.items()})
    submission = Submission(
        client_uuid=response.client_uuid,
        version_id=version.id,
        quartier_id=quartier_id,
        answers=cleaned,
        channel=response.channel,
        serial=response.serial,
    )
    values = response_values(
        session, version, submission, cleaned, submission_hash(submission, cleaned)
    )
    for column in ("quartier_id", "sector_id", "age_band", "gender", "public", "residence"):
        setattr(response, column, values[column])
    response.content_hash = values["content_hash"]
    _replace_answers(session, response, answer_values(version, cleaned))


def _replace_answers(session: Session, response: Response, rows: list[dict]) -> None:
    """Delete the answers that changed (and their themes), then insert their new values."""
    new = {row["question_key"]: Answer(**row) for row in rows}
    old = {answer.question_key: answer for answer in response.answers}
    changed = {
        key
        for key in old.keys() | new.keys()
        if key not in old or key not in new or old[key].value != new[key].value
    }
    for key in changed & old.keys():
        response.answers.remove(old[key])
    session.flush()  # the unique (response, question) pair is free before the new rows go in
    response.answers.extend(new[key] for key in sorted(changed & new.keys()))
