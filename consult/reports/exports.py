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

from consult.models import Consultation
from consult.reports.cell_safety import csv_cell, keep_formulas_as_text, safe_frame, xlsx_cell
from consult.reports.frames import answers_frame
from consult.reports.labels import ROLE_LABELS, SEGMENT_LABELS, theme_labels
from consult.reports.matrices import matrix_frame, theme_matrices
from consult.reports.privacy import MASKED
from consult.services.overview import consultation_overview


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
    frame = answers_frame(session, consultation.id)
    tables = [
        ExportTable("repondants", overview.respondents.title, overview.respondents.as_frame()),
        ExportTable("canaux", overview.channels.title, overview.channels.as_frame()),
        ExportTable("ages", overview.age_bands.title, overview.age_bands.as_frame()),
        ExportTable("genres", overview.genders.title, overview.genders.as_frame()),
    ]
    for by_public, suffix in ((False, ""), (True, "_jeunes_adultes")):
        for matrix in theme_matrices(frame, consultation, k, by_public):
            name = f"themes_{matrix.role}{suffix}"
            tables.append(ExportTable(name, matrix.title, matrix_frame(matrix)))
    return tables


RAW_COLUMNS = {
    "answer_id": "N° réponse",
    "respondent": "N° répondant",
    "quartier": "Quartier",
    "role": "Question",
    "text": "Texte",
    "themes": "Thèmes",
    "theme_ids": "Codes thèmes",
    "sources": "Origine du classement",
    "public": "Public",
    "age_band": "Tranche d'âge",
    "gender": "Genre",
    "channel": "Canal",
}


def raw_answers(session: Session, consultation: Consultation, k: int) -> pd.DataFrame:
    """One row per atout/priorité answer with its themes, under the small-group rule.

    - only quartiers with at least k respondents are exported;
    - segments are k-anonymous: each row shows the most detailed combination of public, age
      band, gender and channel (dropped in the order channel, gender, age band, public) that at
      least k respondents of the quartier share; the dropped values read « masqué ». No small
      group's answers can then be picked out, even by combining columns;
    - no IP address, device or collector is exported (none is stored with answers anyway).
    """
    frame = answers_frame(session, consultation.id)
    names = {q.id: q.name for q in consultation.quartiers}
    sizes = frame.groupby("quartier")["respondent"].nunique()
    frame = frame[frame["quartier"].map(sizes).fillna(0) >= k]
    answers = _one_row_per_answer(frame)
    answers = _k_anonymous_segments(answers, k)
    labels = theme_labels()
    answers["theme_ids"] = answers["theme_list"].map(";".join)
    answers["themes"] = answers["theme_list"].map(lambda ts: " ; ".join(labels[t] for t in ts))
    answers["quartier"] = answers["quartier"].map(names)
    answers["role"] = answers["role"].map(ROLE_LABELS)
    return answers[list(RAW_COLUMNS)].rename(columns=RAW_COLUMNS)


def _one_row_per_answer(frame: pd.DataFrame) -> pd.DataFrame:
    grouped = frame.groupby("answer_id", sort=True)
    answers = grouped.first()[["respondent", "quartier", "role", "text", *SEGMENT_LABELS]]
    answers["theme_list"] = grouped["theme"].agg(lambda s: [t for t in s if t is not None])
    answers["sources"] = grouped["source"].agg(
        lambda s: ";".join(sorted({x for x in s if x is not None}))
    )
    return answers.reset_index()


GENERALISATION = ("public", "age_band", "gender", "channel")


def _k_anonymous_segments(answers: pd.DataFrame, k: int) -> pd.DataFrame:
    """Keep, per row, the longest prefix of ``GENERALISATION`` shared by k respondents."""
    answers = answers.copy()
    kept = pd.Series(0, index=answers.index)
    for depth in range(len(GENERALISATION), 0, -1):
        keys = ["quartier", *GENERALISATION[:depth]]
        sizes = answers.groupby(keys)["respondent"].transform("nunique")
        kept = kept.where(kept > 0, (sizes >= k).astype(int) * depth)
    for position, column in enumerate(GENERALISATION, start=1):
        labels = SEGMENT_LABELS[column][1]
        shown = answers[column].map(lambda code, labels=labels: labels.get(code, code))
        answers[column] = shown.where(kept >= position, MASKED)
    return answers
