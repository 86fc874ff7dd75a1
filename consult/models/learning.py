"""A model learnt from staff codings, one per codebook version (see :mod:`analysis.learned`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from consult.models.base import Base
from consult.models.types import UTCDateTime, utcnow


class LearnedModel(Base):
    """The last training for one codebook version: its cross-validated figures and, when it
    helps, the fitted estimator (pickled) that tagging then uses.

    The estimator lives in the database rather than in ``instance/``: every host of a shared
    deployment reads the same one, and it is backed up and restored with the codings it was
    learnt from. It is small (a few hundred KB).
    """

    __tablename__ = "learned_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    codebook_id: Mapped[int] = mapped_column(ForeignKey("codebook.id"), unique=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    trained_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    examples: Mapped[int]
    themes: Mapped[list] = mapped_column(JSON)  # theme ids the model learnt, in column order
    thresholds: Mapped[dict] = mapped_column(JSON)  # {"empty": p, "high": p}
    figures: Mapped[dict] = mapped_column(JSON)  # cross-validation: codebook vs combined
    active: Mapped[bool] = mapped_column(default=False)  # used by tagging (it helps)
    library_version: Mapped[str] = mapped_column(String(20))  # scikit-learn that pickled it
    estimator: Mapped[bytes | None] = mapped_column(LargeBinary)
