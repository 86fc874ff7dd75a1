"""Anonymous submissions refused by the rate limit, or accepted in a burst, counted per minute.

For the staff dashboard. A burst is an answer accepted while its client address had already
used more than half of its allowance.

Deliberately poor: no address, no hash of one, nothing that points at an answer; only a count.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from consult.models.base import Base
from consult.models.types import UTCDateTime


class RefusedSubmissions(Base):
    __tablename__ = "refused_submissions"

    minute: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    refused: Mapped[int] = mapped_column(Integer, default=0)
    in_burst: Mapped[int] = mapped_column(Integer, default=0)
