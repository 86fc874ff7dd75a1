"""A demo consultation (« données de démonstration ») so that a newcomer sees every page filled.

Answers go through the real submission service and the real tagger; the phrases come from
``demo_phrases.yaml`` (written for Consult). ``remove_demo`` deletes that consultation's rows
and nothing else (the audit log is append-only: events about demo rows stay).
Loading tags every answer not yet tagged (``tag_pending``), as ``consult analyze`` would.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from consult.models import (
    Answer,
    Consultation,
    Contribution,
    Meeting,
    Quartier,
    Questionnaire,
    QuestionnaireVersion,
    QuoteDecision,
    Response,
    ThemeTag,
)
from consult.models.consultation import consultation_quartiers
from consult.questionnaire.validation import load_valid
from consult.services.catalog import publish_questionnaire
from consult.services.coding import tag_pending
from consult.services.submissions import Submission, record_submission

DEMO_SLUG = "demo"
DEMO_TITLE = "Concertation citoyenne (données de démonstration)"
EARLIER_SLUG = "demo-vague-1"
EARLIER_TITLE = "Concertation citoyenne, première vague (données de démonstration)"
PHRASES = Path(__file__).with_name("demo_phrases.yaml")
DEMO_CHANNELS = ("web", "tablette", "papier", "import")  # meetings are loaded apart
ADULT_AGES = ("18_25", "26_39", "40_59", "60_plus", "non_renseigne")
YOUNG_AGES = ("moins_15", "15_17", "18_25")
GENDERS = ("femme", "homme", "femme", "homme", "autre", "non_renseigne")


class DemoError(Exception):
    """The demo cannot be loaded (French message)."""


@dataclass(frozen=True)
class DemoReport:
    responses: int
    answers: int
    meetings: int


def load_demo(
    session: Session, questionnaires_dir: Path, responses: int = 240, seed: int = 2025
) -> DemoReport:
    """Create the demo consultation with ``responses`` respondents over every quartier, and an
    earlier wave (three years before, half as many respondents) that it follows."""
    if session.scalar(select(Consultation).filter_by(slug=DEMO_SLUG)) is not None:
        raise DemoError("la consultation de démonstration existe déjà (consult demo remove)")
    quartiers = list(session.scalars(select(Quartier).order_by(Quartier.name)))
    if not quartiers:
        raise DemoError("aucun quartier : lancez d'abord « consult questionnaires load »")
    earlier = _wave(
        session,
        quartiers,
        questionnaires_dir,
        EARLIER_SLUG,
        EARLIER_TITLE,
        "démo 1",
        max(responses // 2, 1),
        seed + 1,
        years_ago=3,
    )
    later = _wave(
        session,
        quartiers,
        questionnaires_dir,
        DEMO_SLUG,
        DEMO_TITLE,
        "démo 2",
        responses,
        seed,
        years_ago=0,
    )
    later.follows = earlier
    meetings = _meetings(session, later, quartiers, _phrases(), random.Random(seed))
    tag_pending(session)
    _approve_quotes(session, [earlier.id, later.id])
    count = session.scalar(
        select(func.count(Answer.id)).join(Response).where(Response.consultation_id == later.id)
    )
    return DemoReport(responses, int(count or 0), meetings)


def _wave(
    session,
    quartiers,
    root: Path,
    slug: str,
    title: str,
    wave: str,
    responses: int,
    seed: int,
    years_ago: int,
) -> Consultation:
    """One demo consultation with ``responses`` invented answers, closed."""
    today = date.today() - timedelta(days=365 * years_ago)
    consultation = Consultation(
        slug=slug,
        title=title,
        territory_id=quartiers[0].commune.territory_id,
        status="open",
        wave=wave,
        opens_on=today - timedelta(days=60),
        closes_on=today + timedelta(days=30),
        is_demo=True,
        quartiers=quartiers,
    )
    session.add(consultation)
    session.flush()
    versions = _publish(session, consultation, root)
    rng = random.Random(seed)
    phrases = _phrases()
    weights = [max(q.population or 1000, 500) for q in quartiers]
    for index in range(responses):
        quartier = rng.choices(quartiers, weights)[0]
        young = rng.random() < 0.35
        version = versions["jeunes" if young else "adultes"]
        answers = _answers(rng, phrases, young, quartier.id)
        submitted = datetime.now(UTC) - timedelta(
            days=365 * years_ago + rng.randint(0, 55), minutes=index
        )
        record_submission(
            session,
            Submission(
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),  # never a reserved one
                version,
                quartier.id,
                answers,
                rng.choice(DEMO_CHANNELS),
                submitted_at=submitted,
                serial=None,
            ),
        )
    consultation.status = "closed"
    return consultation


def _approve_quotes(session: Session, consultation_ids: list[int]) -> None:
    """The demo's answers are invented: every one may be quoted in the report."""
    answers = session.scalars(
        select(Answer.id).join(Response).where(Response.consultation_id.in_(consultation_ids))
    ).all()
    session.execute(insert(QuoteDecision), [{"answer_id": a, "publishable": True} for a in answers])


def _phrases() -> dict:
    return yaml.safe_load(PHRASES.read_text(encoding="utf-8"))


def _publish(session: Session, consultation: Consultation, root: Path) -> dict[str, int]:
    folder = root / "concertation-citoyenne"
    versions = {}
    for position, name in enumerate(("adultes", "jeunes")):
        definition = load_valid(folder / f"{name}.yaml", "questionnaire")
        version, _ = publish_questionnaire(session, consultation, definition, position)
        versions[name] = version.id
    return versions


def _answers(rng: random.Random, phrases: dict, young: bool, quartier_id: str) -> dict:
    def text(kind: str) -> str:
        if rng.random() < 0.06:
            return rng.choice(phrases["vague"])
        themes = rng.sample(sorted(phrases[kind]), rng.choice((1, 1, 1, 2)))
        if young and kind == "priorites" and rng.random() < 0.5:
            themes[0] = rng.choice(["jeunesse", "sport_culture", "emploi"])
        return ", ".join(rng.choice(phrases[kind][t]) for t in themes)

    answers = {
        "age": rng.choice(YOUNG_AGES if young else ADULT_AGES),
        "genre": rng.choice(GENDERS),
        "priorites": text("priorites"),
    }
    if rng.random() < 0.85:
        answers["atouts"] = text("atouts")
    if quartier_id == "gouraincourt_remparts":
        answers["secteur"] = rng.choice(["gouraincourt", "remparts"])
    return answers


def _meetings(session, consultation, quartiers, phrases, rng) -> int:
    """One Conseil Citoyen meeting in two quartiers, with collective contributions."""
    for quartier in quartiers[:2]:
        meeting = Meeting(
            consultation_id=consultation.id,
            quartier_id=quartier.id,
            kind="conseil_citoyen",
            held_on=date.today() - timedelta(days=20),
            participants=rng.randint(12, 30),
            place="Centre social",
        )
        for position, kind in enumerate(("priorite", "priorite", "priorite", "atout", "atout")):
            pool = phrases["priorites" if kind == "priorite" else "atouts"]
            theme = rng.choice(sorted(pool))
            meeting.contributions.append(
                Contribution(
                    kind=kind,
                    text=rng.choice(pool[theme]).capitalize(),
                    votes=rng.randint(2, 15),
                    position=position,
                )
            )
        session.add(meeting)
    session.flush()
    return 2


def remove_demo(session: Session) -> int:
    """Delete the demo consultations (both waves) and every row that belongs to them; returns
    the number of responses deleted."""
    removed = 0
    for slug in (DEMO_SLUG, EARLIER_SLUG):  # the later wave first: it refers to the earlier
        consultation = session.scalar(select(Consultation).filter_by(slug=slug, is_demo=True))
        if consultation is not None:
            removed += _remove_consultation(session, consultation)
    return removed


def _remove_consultation(session: Session, consultation: Consultation) -> int:
    cid = consultation.id
    response_ids = select(Response.id).where(Response.consultation_id == cid)
    answer_ids = select(Answer.id).where(Answer.response_id.in_(response_ids))
    meeting_ids = select(Meeting.id).where(Meeting.consultation_id == cid)
    contribution_ids = select(Contribution.id).where(Contribution.meeting_id.in_(meeting_ids))
    questionnaire_ids = select(Questionnaire.id).where(Questionnaire.consultation_id == cid)
    removed = len(session.scalars(response_ids).all())
    session.execute(delete(ThemeTag).where(ThemeTag.answer_id.in_(answer_ids)))
    session.execute(delete(QuoteDecision).where(QuoteDecision.answer_id.in_(answer_ids)))
    session.execute(delete(ThemeTag).where(ThemeTag.contribution_id.in_(contribution_ids)))
    session.execute(delete(Answer).where(Answer.response_id.in_(response_ids)))
    session.execute(delete(Response).where(Response.consultation_id == cid))
    session.execute(delete(Contribution).where(Contribution.meeting_id.in_(meeting_ids)))
    session.execute(delete(Meeting).where(Meeting.consultation_id == cid))
    session.execute(
        update(Questionnaire)
        .where(Questionnaire.consultation_id == cid)
        .values(current_version_id=None)
    )
    # Published versions refuse deletion through the ORM (PublishedVersionChanged guards the
    # answers given with them). Demo versions only carry demo answers, deleted just above, so
    # a Core DELETE, which bypasses the ORM flush guard on purpose, is safe here and only here.
    session.execute(
        delete(QuestionnaireVersion).where(
            QuestionnaireVersion.questionnaire_id.in_(questionnaire_ids)
        )
    )
    session.execute(delete(Questionnaire).where(Questionnaire.consultation_id == cid))
    session.execute(
        delete(consultation_quartiers).where(consultation_quartiers.c.consultation_id == cid)
    )
    session.execute(
        update(Consultation).where(Consultation.follows_id == cid).values(follows_id=None)
    )
    session.execute(delete(Consultation).where(Consultation.id == cid))
    session.expunge_all()
    return removed
