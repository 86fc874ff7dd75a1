"""The tagger loads spaCy once for the whole run."""

from __future__ import annotations

import pytest

from analysis.tagging import Tagger, tagger_for


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    return tagger_for()
