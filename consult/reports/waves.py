"""Waves: how each priorité's (and atout's) share moved since the consultation this one follows.

Each wave's figures are its own published figures (:mod:`consult.reports.published`), with
their bases; a change is computed only where both shares are published. Waves are compared only
when their answers were themed with the same codebook version: otherwise a theme's share could
move because the codebook changed, not the quartier.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.suppression import Figure, Hidden
from consult.models import Answer, Codebook, Consultation, Response, ThemeTag
from consult.reports.frames import answers_frame
from consult.reports.labels import theme_labels
from consult.reports.published import published_figures
from consult.reports.summaries import ROLES, Summary, summarize


@dataclass(frozen=True)
class ThemeMove:
    theme: str
    label: str
    before: float | Hidden | None  # share (0–100) in the earlier wave
    after: float | Hidden | None

    @property
    def change(self) -> float | None:
        """Change in percentage points; None unless both shares are published."""
        if isinstance(self.before, float) and isinstance(self.after, float):
            return self.after - self.before
        return None


@dataclass(frozen=True)
class QuartierMoves:
    quartier_id: str
    name: str
    bases: dict[str, tuple[Figure, Figure]]  # role -> (earlier base, later base)
    moves: dict[str, list[ThemeMove]]  # role -> themes, biggest published change first
    widened: dict[str, tuple[bool, bool]]  # role -> (earlier, later) base is widened

    @property
    def has_widened_base(self) -> bool:
        return any(any(pair) for pair in self.widened.values())


@dataclass(frozen=True)
class WaveComparison:
    earlier: Consultation
    later: Consultation
    quartiers: list[QuartierMoves]
    refused: str | None = None  # why the waves cannot be compared (French)


def compare_waves(session: Session, later: Consultation, k: int) -> WaveComparison | None:
    """The comparison of ``later`` with the wave it follows; None when it follows none."""
    earlier = later.follows
    if earlier is None:
        return None
    versions = codebook_versions(session, earlier), codebook_versions(session, later)
    if versions[0] and versions[1] and versions[0] != versions[1]:
        return WaveComparison(earlier, later, [], _different_codebooks(versions))
    summaries = [_summaries(session, c, k) for c in (earlier, later)]
    common = [q for q in later.quartiers if q.id in summaries[0]]
    return WaveComparison(
        earlier,
        later,
        [_moves(q.id, q.name, summaries[0][q.id], summaries[1][q.id]) for q in common],
    )


def codebook_versions(session: Session, consultation: Consultation) -> set[str]:
    """« slug version » of the codebooks that themed the consultation's answers automatically."""
    rows = session.execute(
        select(Codebook.slug, Codebook.version)
        .join(ThemeTag, ThemeTag.codebook_id == Codebook.id)
        .join(Answer, ThemeTag.answer_id == Answer.id)
        .join(Response, Answer.response_id == Response.id)
        .where(Response.consultation_id == consultation.id)
        .distinct()
    ).all()
    return {f"{slug} {version}" for slug, version in rows}


def _different_codebooks(versions: tuple[set[str], set[str]]) -> str:
    return (
        "Les deux vagues n'ont pas été classées avec la même version du référentiel "
        f"({', '.join(sorted(versions[0]))} contre {', '.join(sorted(versions[1]))}) : "
        "reclassez la plus ancienne (« consult analyze tag ») avant de comparer."
    )


def _summaries(session: Session, consultation: Consultation, k: int) -> dict[str, Summary]:
    published = published_figures(session, consultation, k)
    frame = answers_frame(session, consultation.id)
    return {q.id: summarize(published, frame, q.id, top=0) for q in consultation.quartiers}


def _moves(quartier_id: str, name: str, before: Summary, after: Summary) -> QuartierMoves:
    labels = theme_labels()
    earlier = {row.theme: row for row in before.rows}
    moves = {}
    for role in ROLES:
        found = [
            ThemeMove(
                row.theme, labels[row.theme], earlier[row.theme].shares[role], row.shares[role]
            )
            for row in after.rows
        ]
        found.sort(key=lambda m: (m.change is None, -abs(m.change or 0), m.label))
        moves[role] = found
    bases = {role: (before.bases[role], after.bases[role]) for role in ROLES}
    widened = {role: (before.widened[role], after.widened[role]) for role in ROLES}
    return QuartierMoves(quartier_id, name, bases, moves, widened)
