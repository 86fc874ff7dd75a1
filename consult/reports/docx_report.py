"""The « Bilan de la concertation » as a Word document (python-docx)."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Cm

from analysis.suppression import is_hidden
from consult.questionnaire.characters import strip_forbidden
from consult.reports import charts
from consult.reports.labels import priority_phrase
from consult.reports.report import QuartierSection, Report
from consult.reports.summaries import ROLE_TITLES, top_chart

INTROS = {
    "priorites": "Voici les priorités ressorties par les habitants :",
    "atouts": "Voici les atouts cités par les habitants :",
}


def report_docx(report: Report) -> bytes:
    document = Document()
    document.core_properties.title = f"Bilan de la concertation – {report.consultation.title}"
    document.add_heading(f"Bilan de la concertation : {report.consultation.title}", level=0)
    if report.consultation.is_demo:
        document.add_paragraph("Données de démonstration : ces réponses sont inventées.")
    _headline(document, report)
    if report.waves:
        document.add_heading(f"Évolution depuis la vague {report.waves.earlier.wave}", level=1)
        for sentence in report.wave_sentences:
            document.add_paragraph(sentence, style="List Bullet")
    document.add_heading("Note de méthode", level=1)
    for paragraph in report.method_note:
        document.add_paragraph(paragraph)
    for section in report.sections:
        _quartier(document, section, report.k)
    document.add_paragraph(f"Document produit par Consult le {report.made_on:%d/%m/%Y}.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _headline(document, report: Report) -> None:
    h = report.headline
    document.add_heading("Ce que disent les habitants", level=1)
    if h.overall.too_small:
        document.add_paragraph(
            "Les chiffres de l'ensemble des quartiers sont masqués : un quartier compte moins "
            f"de {report.k} répondants et s'en déduirait par soustraction."
        )
    else:
        document.add_paragraph(
            f"{_fr(h.overall.respondents)} habitants ont répondu. Tous quartiers :"
        )
        for chart in h.charts.values():
            if chart.bars:
                document.add_picture(io.BytesIO(charts.png(chart)), width=Cm(14))
                document.add_paragraph(charts.describe(chart))
    for quartier, tops in h.by_quartier:
        names = ", ".join(f"{r.label} ({_share_or_count(r)})" for r in tops["priorites"])
        item = document.add_paragraph(style="List Bullet")
        item.add_run(quartier.name).bold = True
        item.add_run(f" : {names or 'aucun thème cité par assez de répondants'}.")
    if h.young:
        young = " ; ".join(
            f"{d.label} : {d.segment_share:.0f} % des jeunes, {d.rest_share:.0f} % des adultes"
            for d in h.young
        )
        document.add_paragraph(f"Ce qui distingue les jeunes : {young}.")


def _quartier(document, section: QuartierSection, k: int) -> None:
    q, summary = section.quartier, section.summary
    document.add_heading(f"Quartier {q.name} ({q.commune.name})", level=1)
    document.add_paragraph(f"Répondants : {_fr(summary.respondents)}.")
    for sentence in section.fit_sentences:
        document.add_paragraph(sentence)
    if summary.too_small:
        document.add_paragraph(
            f"Moins de {k} répondants : aucun résultat n'est publié pour ce quartier."
        )
    else:
        for role in ("priorites", "atouts"):
            chart = top_chart(summary, role, f"{q.name} : {ROLE_TITLES[role]}")
            if chart.bars:
                document.add_picture(io.BytesIO(charts.png(chart)), width=Cm(14))
                document.add_paragraph(charts.describe(chart))
            _top(document, section, role)
    if section.meetings:
        document.add_paragraph("Contributions collectives des réunions (comptées à part) :")
        for m in section.meetings:
            kind = "priorité" if m.kind == "priorite" else "atout"
            examples = strip_forbidden(" ; ".join(m.examples))
            document.add_paragraph(
                f"{m.label} ({kind}, {m.contributions} contribution(s)) « {examples} »",
                style="List Bullet",
            )


def _top(document, section: QuartierSection, role: str) -> None:
    document.add_paragraph(INTROS[role])
    tops = section.summary.top.get(role, [])
    if not tops:
        document.add_paragraph("Aucun thème n'est cité par assez de répondants.")
    for top in tops:
        row = top.row
        name = priority_phrase(row.theme, row.label) if role == "priorites" else row.label
        share = row.shares[role]
        figures = f"{_fr(row.counts[role])} répondants"
        if isinstance(share, float):
            figures += f", {share:.0f} %"
        # Answers are text typed by anyone: XML (hence Word) refuses control characters.
        published = top.published_quotes
        quotes = f" « {strip_forbidden(' ; '.join(published))} »" if published else ""
        item = document.add_paragraph(style="List Bullet")
        item.add_run(name).bold = True
        item.add_run(f" ({figures}){quotes}")
    png = section.clouds.get(role)
    if png:
        document.add_picture(io.BytesIO(png), width=Cm(14))
        label = "priorités" if role == "priorites" else "atouts"
        document.add_paragraph(f"Nuage des mots les plus fréquents dans les {label}.")


def _share_or_count(row) -> str:
    """« 42 % », or the count when the base of the share is hidden."""
    share = row.shares["priorites"]
    if share is None or is_hidden(share):
        return f"{_fr(row.counts['priorites'])} répondants"
    return f"{share:.0f} %"


def _fr(value) -> str:
    return str(value) if is_hidden(value) else f"{value:,}".replace(",", "\u202f")
