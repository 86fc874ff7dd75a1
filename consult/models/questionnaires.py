"""A questionnaire (logical, per consultation and audience) and its immutable versions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from consult.models.base import Base
from consult.models.consultation import Consultation
from consult.models.types import UTCDateTime, utcnow


class Questionnaire(Base):
    __tablename__ = "questionnaire"
    __table_args__ = (UniqueConstraint("consultation_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    slug: Mapped[str] = mapped_column(String(100))
    audience: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The version served now: not always the newest, a file may return to earlier content.
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("questionnaire_version.id", use_alter=True)
    )
    consultation: Mapped[Consultation] = relationship(back_populates="questionnaires")
    versions: Mapped[list[QuestionnaireVersion]] = relationship(
        back_populates="questionnaire",
        order_by="QuestionnaireVersion.number",
        foreign_keys="QuestionnaireVersion.questionnaire_id",
    )
    current_version: Mapped[QuestionnaireVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )


class QuestionnaireVersion(Base):
    """One published version. Never updated: an edited file becomes a new version."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "number"),
        UniqueConstraint("questionnaire_id", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    questionnaire: Mapped[Questionnaire] = relationship(
        back_populates="versions", foreign_keys=[questionnaire_id]
    )


FROZEN_FIELDS = ("definition", "content_hash", "number", "questionnaire_id")


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_published_versions(session: Session, _context, _instances) -> None:
    """A published version never changes: answers given with it must keep their meaning."""
    for obj in session.dirty:
        if isinstance(obj, QuestionnaireVersion) and _frozen_field_changed(obj):
            raise PublishedVersionChanged(f"questionnaire version {obj.id} is published")
    for obj in session.deleted:
        if isinstance(obj, QuestionnaireVersion):
            raise PublishedVersionChanged(f"questionnaire version {obj.id} is published")


def _frozen_field_changed(version: QuestionnaireVersion) -> bool:
    state = inspect(version)
    return any(state.attrs[name].history.has_changes() for name in FROZEN_FIELDS)


class PublishedVersionChanged(Exception):
    """Raised when code tries to edit or delete a published questionnaire version."""
