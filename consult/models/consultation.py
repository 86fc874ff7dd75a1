"""A consultation campaign: dates, status, wave, the quartiers it covers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.models.base import Base
from consult.models.territory import Quartier

if TYPE_CHECKING:  # questionnaires.py imports this module
    from consult.models.questionnaires import Questionnaire

consultation_quartiers = Table(
    "consultation_quartier",
    Base.metadata,
    Column("consultation_id", ForeignKey("consultation.id"), primary_key=True),
    Column("quartier_id", ForeignKey("quartier.id"), primary_key=True),
)

STATUSES = ("draft", "open", "closed")


class Consultation(Base):
    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    territory_id: Mapped[str] = mapped_column(ForeignKey("territory.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    wave: Mapped[str] = mapped_column(String(40))
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    is_demo: Mapped[bool] = mapped_column(default=False)
    # The earlier wave this one is compared with (2023 → 2026 → 2029), if any.
    follows_id: Mapped[int | None] = mapped_column(ForeignKey("consultation.id"))
    follows: Mapped[Consultation | None] = relationship(remote_side=[id])
    quartiers: Mapped[list[Quartier]] = relationship(
        secondary=consultation_quartiers, order_by="Quartier.name"
    )
    questionnaires: Mapped[list[Questionnaire]] = relationship(
        back_populates="consultation", order_by="Questionnaire.position"
    )

    @property
    def is_open(self) -> bool:
        return self.status == "open"
