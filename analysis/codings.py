"""Which tags hold: staff codings win over the tagger's suggestions, theme by theme."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.config import UNCLASSIFIED


def effective_tags(tags: pd.DataFrame, keys: Iterable[str] = ()) -> pd.DataFrame:
    """One row per (target, theme): the manual row if any, else the auto one; rejected dropped."""
    keys = [*keys, "theme"]
    tags = tags[tags["theme"] != UNCLASSIFIED]
    ordered = tags.assign(_manual=tags["source"] == "manual").sort_values(
        [*keys, "_manual"], ascending=[True] * len(keys) + [False], kind="stable"
    )
    best = ordered.drop_duplicates(keys, keep="first")
    return best[~best["rejected"].astype(bool)].drop(columns=["_manual", "rejected"])
