"""Files for spreadsheets: raw answers with their themes, and the aggregate tables.

CSV files are UTF-8 with a byte-order mark and ``;`` separators, with decimal commas, so that
French spreadsheet software opens them correctly. Every aggregate table is the very object the
pages render (same suppression); raw answers follow the rule stated in :func:`raw_answers`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from analysis.config import SANS_AVIS, SANS_AVIS_LABEL
from analysis.suppression import printable
from consult.models import Consultation
from consult.reports.cell_safety import csv_cell, keep_formulas_as_text, safe_frame, xlsx_cell
from consult.reports.frames import answers_frame
from consult.reports.labels import ROLE_LABELS, SEGMENT_LABELS, theme_labels
from consult.reports.matrices import matrix_frame, theme_matrices
from consult.reports.overview import consultation_overview
from consult.reports.published import published_figures
from consult.reports.waves import compare_waves


@dataclass(frozen=True)
class ExportTable:
    name: str  # file name stem and XLSX sheet name
    title: str
    frame: pd.DataFrame


def csv_bytes(frame: pd.DataFrame, index: bool = True) -> bytes:
    """UTF-8 with BOM, ``;`` separator, decimal comma; no text cell can start a formula."""
    frame = safe_frame(frame, csv_cell)
    text = frame.to_csv(sep=";", index=index, decimal=",", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def xlsx_bytes(tables: list[ExportTable], index: bool = True) -> bytes:
    """One sheet per table, the title in the first row; text cells are never formulas."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for table in tables:
            frame = safe_frame(table.frame, xlsx_cell)
            frame.to_excel(writer, sheet_name=table.name[:31], index=index, startrow=2)
            sheet = writer.sheets[table.name[:31]]
            sheet.cell(row=1, column=1, value=xlsx_cell(table.title))
            keep_formulas_as_text(sheet)
    return buffer.getvalue()


def aggregate_tables(session: Session, consultation: Consultation, k: int) -> list[ExportTable]:
    """Every aggregate table of the overview and the across-quartiers pages, suppressed."""
    overview = consultation_overview(session, consultation, k)
    published = published_figures(session, consultation, k)
    frame = answers_frame(session, consultation.id)
    tables = [
        ExportTable("repondants", overview.respondents.title, overview.respondents.as_frame()),
        ExportTable("canaux", overview.channels.title, overview.channels.as_frame()),
        ExportTable("ages", overview.age_bands.title, overview.age_bands.as_frame()),
        ExportTable("genres", overview.genders.title, overview.genders.as_frame()),
    ]
    fits = representativeness_frame(overview.representativeness)
    if not fits.empty:
        title = "Représentativité : part des répondants et part des habitants"
        tables.append(ExportTable("representativite", title, fits))
    comparison = compare_waves(session, consultation, k)
    if comparison is not None and not comparison.refused:
        for role in ("priorites", "atouts"):
            title = f"{ROLE_LABELS[role]} : évolution depuis la vague {comparison.earlier.wave}"
            tables.append(ExportTable(f"evolution_{role}", title, waves_frame(comparison, role)))
    for by_public, suffix in ((False, ""), (True, "_jeunes_adultes")):
        for matrix in theme_matrices(published, frame, consultation, by_public):
            name = f"themes_{matrix.role}{suffix}"
            tables.append(ExportTable(name, matrix.title, matrix_frame(matrix)))
    return tables


def representativeness_frame(fits) -> pd.DataFrame:
    """One row per (quartier, segment) with a reference population; hidden figures print
    their label and leave the shares empty."""
    rows = [
        {
            "Quartier": fit.quartier.name,
            "Critère": SEGMENT_LABELS[fit.dimension][0],
            "Groupe": row.label,
            "Répondants": printable(row.respondents),
            "Part des répondants (%)": row.share,
            "Part des habitants (%)": row.population_share,
            "Rapport": row.ratio,
            "Taux de participation (%)": row.rate,
            "Indice du quartier": fit.score,
            "Source de la population": f"{fit.source or ''} {fit.year or ''}".strip(),
        }
        for fit in fits
        for row in fit.rows
    ]
    return pd.DataFrame(rows).set_index("Quartier") if rows else pd.DataFrame()


def waves_frame(comparison, role: str) -> pd.DataFrame:
    """Per quartier and theme: the share in each wave and the change, in points."""
    before, after = comparison.earlier.wave, comparison.later.wave
    rows = [
        {
            "Quartier": q.name,
            "Thème": move.label,
            f"Part {before} (%)": printable(move.before),
            f"Part {after} (%)": printable(move.after),
            "Écart (points)": move.change,
        }
        for q in comparison.quartiers
        for move in q.moves[role]
    ]
    return pd.DataFrame(rows).set_index("Quartier")


RAW_COLUMNS = {
    "answer_id": "N° réponse",
    "respondent": "N° répondant",
    "quartier": "Quartier",
    "role": "Question",
    "text": "Texte",
    "themes": "Thèmes",
    "theme_ids": "Codes thèmes",
    "sources": "Origine du classement",
}


def raw_answers(session: Session, consultation: Consultation, k: int) -> pd.DataFrame:
    """One row per atout/priorité answer with its themes, for the staff's own reading.

    - only quartiers whose respondent count is published (at least k, not masked);
    - no segment column (public, age, gender, channel): a file of answers cut by segment could be
      crossed with the published tables to pick out a small group's answers; figures by
      segment come from the tables, which share one suppression;
    - no IP address, device or collector (none is stored with answers anyway).
    """
    published = published_figures(session, consultation, k)
    frame = answers_frame(session, consultation.id)
    names = {q.id: q.name for q in consultation.quartiers}
    frame = frame[frame["quartier"].isin([q for q in names if published.shown(q)])]
    answers = _one_row_per_answer(frame)
    labels = {**theme_labels(), SANS_AVIS: SANS_AVIS_LABEL}
    answers["theme_ids"] = answers["theme_list"].map(";".join)
    answers["themes"] = answers["theme_list"].map(lambda ts: " ; ".join(labels[t] for t in ts))
    answers["quartier"] = answers["quartier"].map(names)
    answers["role"] = answers["role"].map(ROLE_LABELS)
    return answers[list(RAW_COLUMNS)].rename(columns=RAW_COLUMNS)


def _one_row_per_answer(frame: pd.DataFrame) -> pd.DataFrame:
    grouped = frame.groupby("answer_id", sort=True)
    answers = grouped.first()[["respondent", "quartier", "role", "text"]]
    answers["theme_list"] = grouped["theme"].agg(lambda s: [t for t in s if t is not None])
    answers["sources"] = grouped["source"].agg(
        lambda s: ";".join(sorted({x for x in s if x is not None}))
    )
    return answers.reset_index()
