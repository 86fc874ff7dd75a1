"""Territory > Commune > Quartier (> Sector), loaded from ``questionnaires/territories``."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.models.base import Base


class Territory(Base):
    __tablename__ = "territory"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    communes: Mapped[list[Commune]] = relationship(
        back_populates="territory", order_by="Commune.name"
    )


class Commune(Base):
    __tablename__ = "commune"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    territory_id: Mapped[str] = mapped_column(ForeignKey("territory.id"))
    name: Mapped[str] = mapped_column(String(200))
    insee_code: Mapped[str | None] = mapped_column(String(10))
    territory: Mapped[Territory] = relationship(back_populates="communes")
    quartiers: Mapped[list[Quartier]] = relationship(
        back_populates="commune", order_by="Quartier.name"
    )


class Quartier(Base):
    __tablename__ = "quartier"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    commune_id: Mapped[str] = mapped_column(ForeignKey("commune.id"))
    name: Mapped[str] = mapped_column(String(200))
    qpv_code: Mapped[str | None] = mapped_column(String(20))
    population: Mapped[int | None] = mapped_column(Integer)
    population_year: Mapped[int | None] = mapped_column(Integer)
    median_income: Mapped[int | None] = mapped_column(Integer)
    # Optional reference distributions, e.g. {"age_band": {"18_25": 0.12, ...}}.
    reference: Mapped[dict | None] = mapped_column(JSON)
    commune: Mapped[Commune] = relationship(back_populates="quartiers")
    sectors: Mapped[list[Sector]] = relationship(back_populates="quartier", order_by="Sector.name")


class Sector(Base):
    __tablename__ = "sector"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    quartier_id: Mapped[str] = mapped_column(ForeignKey("quartier.id"))
    name: Mapped[str] = mapped_column(String(200))
    quartier: Mapped[Quartier] = relationship(back_populates="sectors")
