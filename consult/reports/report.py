"""« Bilan de la concertation »: the content of the report, shared by its HTML and DOCX forms.

Built from the same summaries as the quartier pages (same suppression, same quotes), in the
style of the Contrat de Ville annex: « Voici les priorités ressorties par les habitants : … ».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from analysis.codebook import default_codebook
from analysis.config import SANS_AVIS
from analysis.suppression import Figure, is_hidden
from analysis.wordclouds import cloud_word_counts, wordcloud_png
from consult.models import Consultation, Quartier
from consult.reports.charts import BarChart
from consult.reports.distinctive import Distinctive, distinctive_themes
from consult.reports.frames import answers_frame, cached, contributions_frame, quote_decisions
from consult.reports.labels import CHANNEL_LABELS, SEGMENT_LABELS
from consult.reports.meetings import MeetingTheme, meeting_themes
from consult.reports.overview import Overview, QuartierRate, consultation_overview
from consult.reports.published import ALL, Published, published_figures
from consult.reports.representativeness import Representativeness
from consult.reports.summaries import (
    ROLES,
    Summary,
    ThemeRow,
    group_of,
    place_names,
    select_group,
    summarize,
    top_chart,
)
from consult.reports.tables import TOTAL
from consult.reports.waves import WaveComparison, compare_waves


@dataclass(frozen=True)
class QuartierSection:
    quartier: Quartier
    rate: QuartierRate
    summary: Summary
    meetings: list[MeetingTheme]
    clouds: dict[str, bytes | None]  # role -> PNG, None for a group smaller than k
    fits: list[Representativeness]  # representativeness by age band and gender, if known

    @property
    def fit_sentences(self) -> list[str]:
        return [fit_sentence(fit) for fit in self.fits if fit.most_missing]


@dataclass(frozen=True)
class Headline:
    """« Ce que disent les habitants »: the findings across quartiers that open the report."""

    overall: Summary  # every quartier together
    charts: dict[str, BarChart]  # role -> top themes overall
    by_quartier: list[tuple[Quartier, dict[str, list[ThemeRow]]]]  # role -> top 3 themes
    young: list[Distinctive] | None  # themes young people cite more than adults


@dataclass(frozen=True)
class Report:
    consultation: Consultation
    overview: Overview
    channels: list[tuple[str, Figure]]
    headline: Headline
    sections: list[QuartierSection]
    waves: WaveComparison | None
    codebook: str
    made_on: date
    k: int

    @property
    def method_note(self) -> list[str]:
        return method_note(self)

    @property
    def wave_sentences(self) -> list[str]:
        return wave_sentences(self.waves)


def build_report(
    session: Session, consultation: Consultation, k: int, draw_clouds: bool = True
) -> Report:
    """The report's content; without ``draw_clouds`` (HTML page, which links the cloud images)
    the clouds are only marked as available (``b""``) or not (None)."""
    overview = consultation_overview(session, consultation, k)
    published = published_figures(session, consultation, k)
    frame = answers_frame(session, consultation.id)
    contributions = contributions_frame(session, consultation.id)
    decisions = quote_decisions(session, consultation.id)
    sections = []
    for quartier, rate in zip(consultation.quartiers, overview.rates, strict=True):
        summary = summarize(
            published, frame, quartier.id, keep_words=place_names(quartier), decisions=decisions
        )
        clouds = {
            role: None
            if summary.too_small
            else (cloud_png(session, consultation, quartier.id, role, k) if draw_clouds else b"")
            for role in ("priorites", "atouts")
        }
        sections.append(
            QuartierSection(
                quartier,
                rate,
                summary,
                meeting_themes(contributions, quartier.id),
                clouds,
                [f for f in overview.representativeness if f.quartier.id == quartier.id],
            )
        )
    totals = overview.channels.cells.loc[TOTAL]
    channels = [(CHANNEL_LABELS[c], totals[c]) for c in CHANNEL_LABELS if totals[c] != 0]
    codebook = default_codebook()
    headline = _headline(published, frame, sections)
    waves = compare_waves(session, consultation, k)
    return Report(
        consultation,
        overview,
        channels,
        headline,
        sections,
        waves,
        f"{codebook.slug} {codebook.version}",
        date.today(),
        k,
    )


def _headline(published: Published, frame: pd.DataFrame, sections) -> Headline:
    overall = summarize(published, frame, ALL, top=0)
    charts = {
        "priorites": top_chart(overall, "priorites", "Priorités les plus citées (tous quartiers)"),
        "atouts": top_chart(overall, "atouts", "Atouts les plus cités (tous quartiers)"),
    }
    by_quartier = [
        (
            section.quartier,
            {role: [t.row for t in section.summary.top.get(role, [])] for role in ROLES},
        )
        for section in sections
        if not section.summary.too_small
    ]
    young = distinctive_themes(published, frame, ALL, {"public": "jeune"})
    return Headline(overall, charts, by_quartier, young)


def cloud_png(
    session: Session,
    consultation: Consultation,
    quartier_id: str,
    role: str,
    k: int,
    filters: dict[str, str] | None = None,
) -> bytes | None:
    """The word cloud of a group's answers to one question; None when the group's figures are
    hidden (:mod:`consult.reports.published`) or no word is used by at least k respondents."""
    filters = filters or {}
    published = published_figures(session, consultation, k)
    if not published.shown(*group_of(quartier_id, filters)):
        return None

    def build(session: Session, consultation_id: int) -> bytes | None:
        _, group = select_group(answers_frame(session, consultation_id), quartier_id, filters)
        group = group[(group["role"] == role) & (group["theme"] != SANS_AVIS)]
        group = group.drop_duplicates("answer_id")
        counts = cloud_word_counts(group["text"], group["respondent"], k)
        return wordcloud_png(counts, width=600, height=300) if counts else None

    name = f"cloud:{quartier_id}:{role}:{sorted(filters.items())}:{k}"
    return cached(session, consultation.id, name, build)


def wave_sentences(comparison: WaveComparison | None) -> list[str]:
    """Per quartier, the three priorités whose share moved most (published on both sides)."""
    if comparison is None:
        return []
    if comparison.refused:
        return [comparison.refused]
    sentences = []
    for q in comparison.quartiers:
        moved = [m for m in q.moves["priorites"] if m.change is not None][:3]
        if moved:
            parts = ", ".join(
                f"{m.label.lower()} {m.before:.0f} % → {m.after:.0f} %".replace(".", ",")
                for m in moved
            )
            sentences.append(f"{q.name} : {parts}.")
    return sentences


def fit_sentence(fit: Representativeness) -> str:
    """« Par âge, indice 0,45 : les 15 à 17 ans sont 3 % des répondants pour 9 % des habitants »."""
    low = fit.most_missing
    if low is None:
        raise ValueError(f"no segment with a known share: {fit.title}")
    score = "non calculable" if fit.score is None else f"{fit.score:.2f}".replace(".", ",")
    source = f" (population : {fit.source}, {fit.year})" if fit.source else ""
    return (
        f"{SEGMENT_LABELS[fit.dimension][0]} : indice de représentativité {score} ; groupe le "
        f"moins représenté : {low.label.lower()}, {low.share:.0f} % des répondants pour "
        f"{low.population_share:.0f} % des habitants{source}."
    )


def _fr(value) -> str:
    return str(value) if is_hidden(value) else f"{value:,}".replace(",", "\u202f")


def _respondents(overview: Overview) -> str:
    """The total, or « au moins N » when it is hidden (one quartier below k)."""
    if not is_hidden(overview.total):
        return _fr(overview.total)
    shown = [r.respondents for r in overview.rates if not is_hidden(r.respondents)]
    return f"Au moins {_fr(sum(shown))}"


def method_note(report: Report) -> list[str]:
    """The paragraphs of the method note, in French."""
    c, o = report.consultation, report.overview
    dates = ""
    if c.opens_on and c.closes_on:
        dates = f"du {c.opens_on:%d/%m/%Y} au {c.closes_on:%d/%m/%Y}"
    if o.first_answer:
        dates += f" (réponses reçues du {o.first_answer:%d/%m/%Y} au {o.last_answer:%d/%m/%Y})"
    channels = ", ".join(f"{label.lower()} : {_fr(n)}" for label, n in report.channels)
    rates = "; ".join(
        f"{r.quartier.name} : {_fr(r.respondents)} répondants"
        + (
            f" sur {_fr(r.quartier.population)} habitants ({r.quartier.population_year}), soit "
            f"{r.rate:.1f} %".replace(".", ",")
            if isinstance(r.rate, float)
            else ""
        )
        + (
            f", plus {r.participants} participants déclarés à {r.meetings} réunion(s)"
            if r.meetings
            else ""
        )
        for r in o.rates
    )
    return [
        f"La concertation « {c.title} » (vague {c.wave}) s'est déroulée {dates}.",
        f"{_respondents(o)} habitants ont répondu au questionnaire ({channels}). "
        "Les participants aux réunions du Conseil Citoyen sont comptés à part : leurs "
        "contributions sont collectives et ne sont jamais ajoutées aux répondants.",
        f"Participation par quartier : {rates}.",
        "Les réponses libres (atouts et priorités) sont classées par thème avec le référentiel "
        f"« {report.codebook} » : un classement automatique (analyse linguistique du français, "
        "sur le serveur) vérifié et corrigé par l'équipe. Une réponse peut relever de plusieurs "
        "thèmes ; les pourcentages sont calculés sur les répondants ayant répondu à la question.",
        f"Règle des petits effectifs : aucun chiffre ne porte sur moins de {report.k} "
        "répondants, ni seul, ni par soustraction ou recoupement avec les autres chiffres "
        "publiés (dans ce document, les tableaux ou les pages). Les cases concernées, et celles "
        "qui permettraient de les retrouver ou de les encadrer, s'écrivent toutes « masqué », "
        "sans dire pourquoi : un même mot pour toutes, pour qu'on ne puisse pas savoir "
        f"lesquelles portent sur moins de {report.k} personnes. Les résultats "
        "sont publiés par quartier et par un seul critère à la fois (âge, genre, public, canal), "
        "jamais en croisant deux critères. Aucune citation ni aucun nuage de mots n'est tiré "
        f"d'un groupe de moins de {report.k} répondants, et un mot n'entre dans un nuage que "
        f"s'il a été employé par au moins {report.k} répondants.",
        "Quand le nombre exact de répondants à une question révélerait par soustraction "
        "quelques « sans avis » ou « sans réponse », la base des pourcentages est élargie : "
        "elle compte aussi ceux qui sont masqués (le plus grand nombre compatible avec les "
        "chiffres publiés). Les pourcentages concernés sont alors un peu plus bas que sur les "
        "seules réponses exprimées ; les nombres de répondants par thème restent exacts.",
    ]
