"""« Bilan de la concertation »: the content of the report, shared by its HTML and DOCX forms.

Built from the same summaries as the quartier pages (same suppression, same quotes), in the
style of the Contrat de Ville annex: « Voici les priorités ressorties par les habitants : … ».
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from analysis.codebook import default_codebook
from analysis.normalize import clean_words, fold
from analysis.stopwords import french_stop_words
from analysis.wordclouds import wordcloud_png
from consult.models import Consultation, Quartier
from consult.reports.frames import answers_frame, cached, contributions_frame
from consult.reports.labels import CHANNEL_LABELS
from consult.reports.segments import MeetingTheme, meeting_themes
from consult.reports.summaries import Summary, select_group, summarize
from consult.reports.tables import TOTAL
from consult.services.overview import Overview, QuartierRate, consultation_overview


@dataclass(frozen=True)
class QuartierSection:
    quartier: Quartier
    rate: QuartierRate
    summary: Summary
    meetings: list[MeetingTheme]
    clouds: dict[str, bytes | None]  # role -> PNG, None for a group smaller than k


@dataclass(frozen=True)
class Report:
    consultation: Consultation
    overview: Overview
    channels: list[tuple[str, int | str]]
    sections: list[QuartierSection]
    codebook: str
    made_on: date
    k: int

    @property
    def method_note(self) -> list[str]:
        return method_note(self)


def build_report(
    session: Session, consultation: Consultation, k: int, draw_clouds: bool = True
) -> Report:
    """The report's content; without ``draw_clouds`` (HTML page, which links the cloud images)
    the clouds are only marked as available (``b""``) or not (None)."""
    overview = consultation_overview(session, consultation, k)
    frame = answers_frame(session, consultation.id)
    contributions = contributions_frame(session, consultation.id)
    sections = []
    for quartier, rate in zip(consultation.quartiers, overview.rates, strict=True):
        summary = summarize(frame, quartier.id, k)
        clouds = {
            role: None
            if summary.too_small
            else (cloud_png(session, consultation.id, quartier.id, role, k) if draw_clouds else b"")
            for role in ("priorites", "atouts")
        }
        sections.append(
            QuartierSection(
                quartier, rate, summary, meeting_themes(contributions, quartier.id), clouds
            )  # fmt: skip
        )
    totals = overview.channels.cells.loc[TOTAL]
    channels = [(CHANNEL_LABELS[c], totals[c]) for c in CHANNEL_LABELS if totals[c] != 0]
    codebook = default_codebook()
    return Report(consultation, overview, channels, sections,
                  f"{codebook.slug} {codebook.version}", date.today(), k)  # fmt: skip


def cloud_png(session: Session, consultation_id: int, quartier_id: str, role: str, k: int,
              filters: dict[str, str] | None = None) -> bytes | None:  # fmt: skip
    """The word cloud of a group's answers to one question; None when the group is below k."""
    filters = filters or {}

    def build(session: Session, consultation_id: int) -> bytes | None:
        _, group = select_group(answers_frame(session, consultation_id), quartier_id, filters)
        group = group[group["role"] == role].drop_duplicates("answer_id")
        if group["respondent"].nunique() < k:
            return None
        try:
            return wordcloud_png(word_frequencies(group["text"]), width=600, height=300)
        except ValueError:  # no word left once stop words are removed
            return None

    name = f"cloud:{quartier_id}:{role}:{sorted(filters.items())}:{k}"
    return cached(session, consultation_id, name, build)


def word_frequencies(texts: pd.Series) -> Counter:
    """Word counts of ``texts`` without stop words, each distinct text cleaned once.

    Word forms rather than spaCy lemmas (``analysis.wordclouds.lemma_frequencies``): a page
    request never runs spaCy, and forms are close enough for a word cloud.
    """
    stop = french_stop_words()
    counts: Counter = Counter()
    for text, times in texts.value_counts().items():
        for word in clean_words(str(text)):
            if len(word) > 2 and word.isalpha() and fold(word) not in stop:
                counts[word] += times
    return counts


def _fr(value) -> str:
    return value if isinstance(value, str) else f"{value:,}".replace(",", "\u202f")


def _respondents(overview: Overview) -> str:
    """The total, or « au moins N » when it is hidden (one quartier below k)."""
    if not isinstance(overview.total, str):
        return _fr(overview.total)
    shown = [r.respondents for r in overview.rates if not isinstance(r.respondents, str)]
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
        + (f" sur {_fr(r.quartier.population)} habitants ({r.quartier.population_year}), soit "
           f"{r.rate:.1f} %".replace(".", ",") if isinstance(r.rate, float) else "")
        + (f", plus {r.participants} participants déclarés à {r.meetings} réunion(s)"
           if r.meetings else "")
        for r in o.rates
    )  # fmt: skip
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
        f"Règle des petits effectifs : tout chiffre portant sur moins de {report.k} répondants "
        f"est remplacé par « < {report.k} », une autre case est « masquée » lorsqu'un total "
        "permettrait de le retrouver par soustraction, et aucune citation ni nuage de mots "
        f"n'est tiré d'un groupe de moins de {report.k} répondants. L'export des réponses "
        f"brutes ne couvre que les quartiers d'au moins {report.k} répondants, avec des profils "
        f"(public, âge, genre, canal) partagés chacun par au moins {report.k} personnes.",
    ]
