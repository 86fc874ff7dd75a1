"""Counts of responses for the staff pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.models import Consultation, Questionnaire, QuestionnaireVersion, Response


@dataclass(frozen=True)
class ResponseCounts:
    """Responses per quartier and questionnaire slug, with totals that add up."""

    by_cell: dict[tuple[str, str], int]
    quartier_ids: list[str]
    questionnaire_slugs: list[str]

    def cell(self, quartier_id: str, slug: str) -> int:
        return self.by_cell.get((quartier_id, slug), 0)

    def quartier_total(self, quartier_id: str) -> int:
        return sum(self.cell(quartier_id, slug) for slug in self.questionnaire_slugs)

    def questionnaire_total(self, slug: str) -> int:
        return sum(self.cell(qid, slug) for qid in self.quartier_ids)

    @property
    def total(self) -> int:
        return sum(self.by_cell.values())


def response_counts(session: Session, consultation: Consultation) -> ResponseCounts:
    rows = session.execute(
        select(Response.quartier_id, Questionnaire.slug, func.count(Response.id))
        .join(QuestionnaireVersion, Response.version_id == QuestionnaireVersion.id)
        .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
        .where(Response.consultation_id == consultation.id)
        .group_by(Response.quartier_id, Questionnaire.slug)
    )
    return ResponseCounts(
        by_cell={(quartier, slug): count for quartier, slug, count in rows},
        quartier_ids=[q.id for q in consultation.quartiers],
        questionnaire_slugs=[q.slug for q in consultation.questionnaires],
    )
