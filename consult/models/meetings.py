"""Collective voices: a meeting and its contributions, never counted as respondents."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.models.base import Base
from consult.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from consult.models.territory import Quartier

MEETING_KINDS = ("conseil_citoyen", "reunion_publique", "atelier_jeunes")
CONTRIBUTION_KINDS = ("atout", "priorite")


class Meeting(Base):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    quartier_id: Mapped[str] = mapped_column(ForeignKey("quartier.id"))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    participants: Mapped[int] = mapped_column(Integer)
    # Optional breakdown when known, e.g. {"gender": {"femme": 12}, "age_band": {...}}.
    breakdown: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    quartier: Mapped[Quartier] = relationship()
    contributions: Mapped[list[Contribution]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Contribution.position"
    )


class Contribution(Base):
    __tablename__ = "contribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    votes: Mapped[int | None] = mapped_column(Integer)
    heading: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    meeting: Mapped[Meeting] = relationship(back_populates="contributions")
