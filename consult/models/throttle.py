"""How many anonymous submissions the rate limit refused, per minute — for the staff dashboard.

Deliberately poor: no address, no hash of one, nothing that points at an answer; only a count.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from consult.db import Base
from consult.models.types import UTCDateTime


class RefusedSubmissions(Base):
    __tablename__ = "refused_submissions"

    minute: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    refused: Mapped[int] = mapped_column(Integer, default=0)
