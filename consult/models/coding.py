"""Derived data: codebook versions and the theme tags of answers and contributions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consult.models.base import Base
from consult.models.types import UTCDateTime, utcnow

TAG_SOURCES = ("auto", "manual")


class Codebook(Base):
    """An immutable version of a theme codebook, identified by its content hash."""

    __tablename__ = "codebook"
    __table_args__ = (UniqueConstraint("slug", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(40))
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ThemeTag(Base):
    """One theme on one answer or contribution.

    ``source='manual'`` rows are staff decisions and always win over ``auto`` rows for the same
    theme: ``rejected=True`` means staff removed that theme.
    """

    __tablename__ = "theme_tag"
    __table_args__ = (
        UniqueConstraint("answer_id", "theme", "source"),
        UniqueConstraint("contribution_id", "theme", "source"),
        CheckConstraint("(answer_id IS NULL) <> (contribution_id IS NULL)", name="one_target"),
        CheckConstraint("source IN ('auto', 'manual')", name="source_known"),
        Index("ix_theme_tag_theme", "theme"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"))
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE")
    )
    theme: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(10))
    rejected: Mapped[bool] = mapped_column(default=False)
    codebook_id: Mapped[int | None] = mapped_column(ForeignKey("codebook.id"))
    evidence: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# What every reader of an answer's tags selects, to resolve them (staff codings win).
ANSWER_TAG_FIELDS = ("answer_id", "theme", "source", "rejected", "evidence")
ANSWER_TAG_COLUMNS = tuple(getattr(ThemeTag, name) for name in ANSWER_TAG_FIELDS)


class QuoteDecision(Base):
    """Staff's decision on quoting an answer in the report: masking is not perfect, so a quote
    reaches the report only once a person has read it and marked it publishable."""

    __tablename__ = "quote_decision"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answer.id", ondelete="CASCADE"), primary_key=True
    )
    publishable: Mapped[bool]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
