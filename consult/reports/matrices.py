"""Theme × quartier matrices, for all respondents and by jeune/adulte."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from analysis.suppression import printable
from consult.models import Consultation
from consult.reports.frames import answers_frame, cached
from consult.reports.labels import PUBLIC_LABELS, ROLE_LABELS, theme_labels
from consult.reports.published import Published, published_figures
from consult.reports.summaries import ROLES, Summary, summarize


@dataclass(frozen=True)
class Matrix:
    """Rows: themes; columns: (quartier, public or None); cells: (count, share) pairs."""

    title: str
    role: str
    columns: list[tuple[str, str]]  # (column key, French header)
    rows: list[tuple[str, list[tuple]]]  # (theme label, [(count, share), ...])
    respondents: list  # per column: respondents of the group (a figure, maybe hidden)
    widened: list[bool]  # per column: the base counts masked « sans avis » / « sans réponse »

    @property
    def has_widened_base(self) -> bool:
        return any(self.widened)


def matrices_page(
    session: Session, consultation: Consultation, k: int
) -> tuple[list[Matrix], list[Matrix]]:
    """Every respondent's matrices and the jeune/adulte ones, cached until the data changes."""
    published = published_figures(session, consultation, k)

    def build(session: Session, consultation_id: int):
        frame = answers_frame(session, consultation_id)
        return (
            theme_matrices(published, frame, consultation),
            theme_matrices(published, frame, consultation, by_public=True),
        )

    return cached(session, consultation.id, f"matrices:{k}", build)


def theme_matrices(
    published: Published, frame: pd.DataFrame, consultation: Consultation, by_public: bool = False
) -> list[Matrix]:
    """One matrix per role; with ``by_public``, every quartier splits into jeunes and adultes."""
    groups: list[tuple[object, str, Summary]] = []  # key: quartier id, or (quartier id, public)
    for quartier in consultation.quartiers:
        if by_public:
            groups += [
                (
                    (quartier.id, p),
                    f"{quartier.name} – {PUBLIC_LABELS[p].split(' (')[0]}",
                    summarize(published, frame, quartier.id, {"public": p}, top=0),
                )
                for p in PUBLIC_LABELS
            ]
        else:
            groups.append(
                (quartier.id, quartier.name, summarize(published, frame, quartier.id, top=0))
            )
    return [_matrix(groups, role, by_public) for role in ROLES]


def _matrix(groups: list[tuple[object, str, Summary]], role: str, by_public: bool) -> Matrix:
    labels = theme_labels()
    suffix = " par public (jeunes / adultes)" if by_public else ""
    rows = []
    for theme, label in labels.items():
        cells = []
        for _, _, summary in groups:
            row = next(r for r in summary.rows if r.theme == theme)
            cells.append((row.counts[role], row.shares[role]))
        rows.append((label, cells))
    return Matrix(
        title=f"{ROLE_LABELS[role]} : thèmes par quartier{suffix}",
        role=role,
        columns=[(str(key), header) for key, header, _ in groups],
        rows=rows,
        respondents=[summary.bases[role] for _, _, summary in groups],
        widened=[summary.widened[role] for _, _, summary in groups],
    )


WIDENED_ROW = "Base élargie (« sans avis » et « sans réponse » masqués inclus)"


def matrix_frame(matrix: Matrix) -> pd.DataFrame:
    """Counts of a matrix as a labelled frame (hidden cells print their label), for exports."""
    data = {
        header: [printable(cells[i][0]) for _, cells in matrix.rows]
        for i, (_, header) in enumerate(matrix.columns)
    }
    frame = pd.DataFrame(data, index=[label for label, _ in matrix.rows], dtype=object)
    frame.loc["Répondants à la question"] = [printable(n) for n in matrix.respondents]
    frame.loc[WIDENED_ROW] = ["oui" if w else "non" for w in matrix.widened]
    frame.index.name = "Thème"
    return frame
