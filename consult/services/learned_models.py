"""Stored models learnt from staff codings: the active one of a codebook version, loaded once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.learned import ThemeModel, Thresholds, loads
from consult.models import LearnedModel

# (row id, training time) -> loaded model: unpickling costs a little, tagging asks often.
_loaded: dict[tuple, ThemeModel] = {}


def library_version() -> str:
    import sklearn

    return sklearn.__version__


def stored_model(session: Session, codebook_id: int) -> LearnedModel | None:
    return session.scalar(select(LearnedModel).filter_by(codebook_id=codebook_id))


def active_model(session: Session, codebook_id: int, order: dict[str, int]) -> ThemeModel | None:
    """The model tagging should use with this codebook version, if one helps.

    A model pickled by another scikit-learn version is not used (it may not load the same):
    ``consult analyze train`` makes a new one.
    """
    row = stored_model(session, codebook_id)
    if row is None or not row.active or row.estimator is None:
        return None
    if row.library_version != library_version():
        return None
    key = (row.id, row.trained_at)
    if key not in _loaded:
        _loaded.clear()
        thresholds = Thresholds(row.thresholds["empty"], row.thresholds["high"])
        _loaded[key] = loads(row.estimator, row.themes, thresholds, order)
    return _loaded[key]
