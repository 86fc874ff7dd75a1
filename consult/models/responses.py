"""Raw answers: one Response per questionnaire filled in, one Answer per question answered.

Respondents are anonymous: no name, no IP address, nothing that identifies a person is stored.
Raw rows are never edited; derived data (theme tags) lives beside them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.models.base import Base
from consult.models.questionnaires import QuestionnaireVersion
from consult.models.types import UTCDateTime, utcnow


class Response(Base):
    __tablename__ = "response"
    __table_args__ = (
        UniqueConstraint("client_uuid"),
        UniqueConstraint("consultation_id", "serial"),
        Index("ix_response_consultation_quartier", "consultation_id", "quartier_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Made by the client when the questionnaire is opened; the idempotency key of a submission.
    client_uuid: Mapped[str] = mapped_column(String(36))
    # SHA-256 of the canonical submitted content, to tell a retry from a conflicting resend.
    content_hash: Mapped[str] = mapped_column(String(64))
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    quartier_id: Mapped[str] = mapped_column(ForeignKey("quartier.id"))
    sector_id: Mapped[str | None] = mapped_column(ForeignKey("sector.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    channel: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(10), default="fr")
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    collected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    serial: Mapped[str | None] = mapped_column(String(40))
    # Segments, derived at ingestion from the answers whose question has a segment role.
    age_band: Mapped[str] = mapped_column(String(20), default="non_renseigne")
    gender: Mapped[str] = mapped_column(String(20), default="non_renseigne")
    public: Mapped[str] = mapped_column(String(10))
    residence: Mapped[str] = mapped_column(String(30), default="non_renseigne")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    version: Mapped[QuestionnaireVersion] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Answer.id"
    )


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("response_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(64))
    # The analysis role of the question when answered (atouts, priorites, age_band...).
    role: Mapped[str | None] = mapped_column(String(30), index=True)
    text: Mapped[str | None] = mapped_column(Text)
    choices: Mapped[list | None] = mapped_column(JSON)
    number: Mapped[int | None] = mapped_column(Integer)

    response: Mapped[Response] = relationship(back_populates="answers")

    @property
    def value(self) -> str | list | int | None:
        if self.text is not None:
            return self.text
        if self.choices is not None:
            return self.choices
        return self.number


class SubmissionConflict(Base):
    """A resend of a known client UUID with different content: kept for a person to review."""

    __tablename__ = "submission_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_uuid: Mapped[str] = mapped_column(String(36), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved: Mapped[bool] = mapped_column(default=False)
