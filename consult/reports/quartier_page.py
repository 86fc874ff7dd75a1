"""Everything a quartier page shows, for one group, cached until the data changes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from consult.models import Consultation, Quartier
from consult.reports.distinctive import Distinctive, distinctive_themes
from consult.reports.frames import answers_frame, cached, contributions_frame, quote_decisions
from consult.reports.meetings import MeetingTheme, meeting_themes
from consult.reports.published import published_figures
from consult.reports.summaries import Summary, place_names, summarize


@dataclass(frozen=True)
class QuartierPage:
    summary: Summary
    distinctive: list[Distinctive] | None  # only for a segment: what sets it apart
    meetings: list[MeetingTheme]


def quartier_page(
    session: Session,
    consultation: Consultation,
    place: Quartier,
    filters: dict[str, str],
    k: int,
) -> QuartierPage:
    """The quartier's summary (one segment at most), its distinctive themes and meetings."""
    published = published_figures(session, consultation, k)

    def build(session: Session, consultation_id: int) -> QuartierPage:
        frame = answers_frame(session, consultation_id)
        summary = summarize(
            published,
            frame,
            place.id,
            filters,
            keep_words=place_names(place),
            decisions=quote_decisions(session, consultation_id),
        )
        distinctive = distinctive_themes(published, frame, place.id, filters) if filters else None
        contributions = contributions_frame(session, consultation_id)
        return QuartierPage(summary, distinctive, meeting_themes(contributions, place.id))

    key = f"quartier:{place.id}:{sorted(filters.items())}:{k}"
    return cached(session, consultation.id, key, build)
