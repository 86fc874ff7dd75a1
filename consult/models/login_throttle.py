"""Failed logins, counted per account and per client address in the database.

Counting in the database (not in a worker's memory) makes the limit hold across every worker
and host. A row holds only a keyed hash of the account or address (never the raw IP) and is
deleted once its window is over.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from consult.models.base import Base


class LoginThrottle(Base):
    __tablename__ = "login_throttle"

    # HMAC-SHA256 (hex) of "account:<e-mail>" or "address:<ip>", keyed by the SECRET_KEY.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int]
    # Unix time (seconds) when the row stops counting and may be deleted; integers compare the
    # same way on SQLite and PostgreSQL inside the atomic upsert.
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)
