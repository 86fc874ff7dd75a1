"""Exports (CSV, XLSX) and the « Bilan de la concertation » report (HTML, DOCX)."""

from __future__ import annotations

from flask import Response, abort, render_template

from consult.auth.access import consultation_reader_required
from consult.db import get_session
from consult.reports.docx_report import report_docx
from consult.reports.exports import (
    ExportTable,
    aggregate_tables,
    csv_bytes,
    raw_answers,
    xlsx_bytes,
)
from consult.reports.labels import priority_phrase
from consult.reports.report import build_report
from consult.staff.routes import bp, consultation_or_404, min_group_size

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _download(content: bytes, filename: str, extension: str) -> Response:
    response = Response(content, mimetype=MIMETYPES[extension])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/c/<slug>/exports")
@consultation_reader_required
def exports(slug: str):
    consultation = consultation_or_404(slug)
    tables = aggregate_tables(get_session(), consultation, min_group_size())
    return render_template(
        "staff/exports.html", consultation=consultation, tables=tables, k=min_group_size()
    )


@bp.get("/c/<slug>/exports/reponses.<extension>")
@consultation_reader_required
def export_answers(slug: str, extension: str):
    """Raw answers with their themes, under the small-group rule (see ``raw_answers``)."""
    consultation = consultation_or_404(slug)
    frame = raw_answers(get_session(), consultation, min_group_size())
    name = f"{consultation.slug}-reponses"
    if extension == "csv":
        return _download(csv_bytes(frame, index=False), name, "csv")
    if extension == "xlsx":
        table = ExportTable("reponses", f"Réponses – {consultation.title}", frame)
        return _download(xlsx_bytes([table], index=False), name, "xlsx")
    abort(404)


@bp.get("/c/<slug>/exports/tableaux.xlsx")
@consultation_reader_required
def export_tables_xlsx(slug: str):
    consultation = consultation_or_404(slug)
    tables = aggregate_tables(get_session(), consultation, min_group_size())
    return _download(xlsx_bytes(tables), f"{consultation.slug}-tableaux", "xlsx")


@bp.get("/c/<slug>/exports/<name>.csv")
@consultation_reader_required
def export_table_csv(slug: str, name: str):
    consultation = consultation_or_404(slug)
    tables = aggregate_tables(get_session(), consultation, min_group_size())
    table = next((t for t in tables if t.name == name), None)
    if table is None:
        abort(404)
    return _download(csv_bytes(table.frame), f"{consultation.slug}-{name}", "csv")


@bp.get("/c/<slug>/bilan")
@consultation_reader_required
def report(slug: str):
    """The printable report (print it, or save it as PDF, from the browser)."""
    consultation = consultation_or_404(slug)
    data = build_report(get_session(), consultation, min_group_size(), draw_clouds=False)
    return render_template(
        "staff/report.html", consultation=consultation, r=data, phrase=priority_phrase
    )


@bp.get("/c/<slug>/bilan.docx")
@consultation_reader_required
def report_word(slug: str):
    consultation = consultation_or_404(slug)
    data = build_report(get_session(), consultation, min_group_size())
    return _download(report_docx(data), f"bilan-{consultation.slug}", "docx")
