"""Secrets made once per installation and kept in the database, shared by every host."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from consult.models.base import Base
from consult.models.types import UTCDateTime, utcnow


class InstallationSecret(Base):
    __tablename__ = "installation_secret"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))  # hexadecimal
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
