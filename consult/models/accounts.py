"""Staff accounts and enrolled tablets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.models.base import Base
from consult.models.territory import Quartier
from consult.models.types import UTCDateTime, utcnow

device_quartiers = Table(
    "device_quartier",
    Base.metadata,
    Column("device_id", ForeignKey("device.id"), primary_key=True),
    Column("quartier_id", ForeignKey("quartier.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # a consult.auth.permissions.Role
    # Optional restriction of a collector or staff member to one quartier.
    quartier_id: Mapped[str | None] = mapped_column(ForeignKey("quartier.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set on the one-time password of `consult users ensure-admin`: change it at first login.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())


class Device(Base):
    """A shared tablet enrolled by a token; the token itself is never stored, only its hash."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    questionnaire_slug: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    quartiers: Mapped[list[Quartier]] = relationship(
        secondary=device_quartiers, order_by="Quartier.name"
    )

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
