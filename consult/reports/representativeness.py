"""How well the respondents of each quartier mirror its population, segment by segment.

The reference population comes from the territory file (``reference`` of a quartier: counts or
shares by age band and by gender, with their source and year); a missing reference is shown as
missing, never guessed. Respondents' figures are the published ones
(:mod:`consult.reports.published`): a hidden count leaves its share unknown rather than
estimated, so no figure here reveals what the tables hide.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis.suppression import Figure, is_hidden
from consult.models import Consultation, Quartier
from consult.reports.labels import SEGMENT_LABELS
from consult.reports.published import Published

DIMENSIONS = ("age_band", "gender")
DEMO_POPULATION = Path(__file__).with_name("demo_population.yaml")


@dataclass(frozen=True)
class SegmentFit:
    """One segment of a quartier: its share among respondents against its share of residents."""

    code: str
    label: str
    respondents: Figure
    share: float | None  # % of the quartier's respondents; None when a figure is hidden
    population_share: float  # % of residents
    population: int | None  # residents, when the reference gives counts
    ratio: float | None  # share / population share: 1 is a perfect mirror

    @property
    def rate(self) -> float | None:
        """Participation rate of the segment (% of its residents who answered)."""
        if self.population and not is_hidden(self.respondents):
            return 100.0 * int(self.respondents) / self.population
        return None


@dataclass(frozen=True)
class Representativeness:
    quartier: Quartier
    dimension: str
    title: str
    source: str | None
    year: int | None
    rows: list[SegmentFit]

    @property
    def score(self) -> float | None:
        """Smallest ratio over largest (0–1; 1 when every segment answers in proportion), over
        the segments whose share is known; None when fewer than two are."""
        ratios = [r.ratio for r in self.rows if r.ratio is not None]
        if len(ratios) < 2 or not max(ratios):
            return None
        return min(ratios) / max(ratios)

    @property
    def partial(self) -> bool:
        return any(r.ratio is None for r in self.rows)

    @property
    def most_missing(self) -> SegmentFit | None:
        """The segment furthest below its weight in the population."""
        known = [(r.ratio, r) for r in self.rows if r.ratio is not None]
        return min(known, key=lambda pair: pair[0])[1] if known else None


def representativeness(
    published: Published, consultation: Consultation
) -> list[Representativeness]:
    """Every (quartier, dimension) with a reference population, in quartier order."""
    references = reference_populations(consultation)
    found = []
    for quartier in consultation.quartiers:
        reference = references.get(quartier.id) or {}
        for dimension in DIMENSIONS:
            if reference.get(dimension):
                found.append(_fit(published, quartier, dimension, reference))
    return found


def reference_populations(consultation: Consultation) -> dict[str, dict | None]:
    """Per quartier, the territory file's reference population; for the demonstration, the
    invented one of ``demo_population.yaml`` (never shown for a real consultation)."""
    if consultation.is_demo:
        demo = yaml.safe_load(DEMO_POPULATION.read_text(encoding="utf-8"))
        meta = {"source": demo["source"], "year": demo["year"]}
        return {q: {**meta, **data} for q, data in demo["quartiers"].items()}
    return {q.id: q.reference for q in consultation.quartiers}


def _fit(published: Published, quartier: Quartier, dimension: str, reference: dict):
    population = _population_shares(reference[dimension])
    total = published.size(quartier.id)
    labels = SEGMENT_LABELS[dimension][1]
    rows = []
    for code, (share_of_residents, residents) in population.items():
        respondents = published.size(quartier.id, dimension, code)
        share = None
        if not is_hidden(respondents) and not is_hidden(total) and total:
            share = 100.0 * int(respondents) / int(total)
        ratio = share / share_of_residents if share is not None and share_of_residents else None
        rows.append(
            SegmentFit(
                code,
                labels.get(code, code),
                respondents,
                share,
                share_of_residents,
                residents,
                ratio,
            )
        )
    title = f"{quartier.name} : {SEGMENT_LABELS[dimension][0].lower()}"
    return Representativeness(
        quartier, dimension, title, reference.get("source"), reference.get("year"), rows
    )


def _population_shares(values: dict) -> dict[str, tuple[float, int | None]]:
    """Code -> (% of residents, residents or None): counts or shares (≤ 1) both accepted."""
    numbers = {code: float(v) for code, v in values.items()}
    if sum(numbers.values()) <= 1.0001:  # shares
        return {code: (100.0 * v, None) for code, v in numbers.items()}
    total = sum(numbers.values())
    return {code: (100.0 * v / total, int(v)) for code, v in numbers.items()}
