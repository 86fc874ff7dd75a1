"""Finding what a respondent may answer: open consultations, their quartiers, questionnaires."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.models import Consultation, Quartier, Questionnaire, QuestionnaireVersion


class NotFound(LookupError):
    """No such consultation, quartier or questionnaire."""


class Closed(Exception):
    """The consultation exists but does not take answers (draft or closed)."""


@dataclass(frozen=True)
class Target:
    """What a questionnaire page needs: where, which questionnaire, which version."""

    consultation: Consultation
    quartier: Quartier
    questionnaire: Questionnaire
    version: QuestionnaireVersion


def open_consultations(session: Session) -> list[Consultation]:
    query = select(Consultation).filter_by(status="open", is_demo=False).order_by(Consultation.id)
    return list(session.scalars(query))


def consultation_quartier(session: Session, slug: str, quartier_id: str):
    """The consultation and one of its quartiers; raises NotFound or Closed."""
    consultation = session.scalar(select(Consultation).filter_by(slug=slug))
    if consultation is None:
        raise NotFound(slug)
    quartier = next((q for q in consultation.quartiers if q.id == quartier_id), None)
    if quartier is None:
        raise NotFound(quartier_id)
    if not consultation.is_open:
        raise Closed(slug)
    return consultation, quartier


def find_target(session: Session, slug: str, quartier_id: str, questionnaire_slug: str) -> Target:
    consultation, quartier = consultation_quartier(session, slug, quartier_id)
    questionnaire = next(
        (q for q in consultation.questionnaires if q.slug == questionnaire_slug), None
    )
    if questionnaire is None or questionnaire.current_version is None:
        raise NotFound(questionnaire_slug)
    return Target(consultation, quartier, questionnaire, questionnaire.current_version)
