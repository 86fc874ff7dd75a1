"""Consultation overview: participation, rates, channels, profiles, with the small-group rule."""

from __future__ import annotations

import html
import re

from tests.staff_data import fresh_cache, voltaire_data  # noqa: F401

URL = "/equipe/c/concertation-citoyenne/"


def cells(page: str, table_id: str, row: str) -> list[str]:
    table = page.split(f'id="{table_id}"')[1].split("</table>")[0]
    line = table.split(f">{row}</")[-1].split("</tr>")[0]
    return [
        html.unescape(re.sub(r"<[^>]+>", "", c)).replace("\u202f", " ").strip()
        for c in re.findall(r'<td class="num">(.*?)</td>', line)
    ]


def test_overview_counts_respondents_and_hides_small_groups(client, auth, session):
    voltaire_data(session)
    auth.login()
    page = client.get(URL).get_data(as_text=True)
    # Voltaire: 3 jeunes + 8 adultes = 11 (jeunes hidden, adultes masked); Concorde: 2.
    assert cells(page, "repondants", "Voltaire") == ["masqué", "masqué", "11"]
    assert cells(page, "repondants", "Concorde") == ["0", "masqué", "masqué"]
    assert cells(page, "repondants", "Total")[-1] == "masqué"  # else 13 − 11 = Concorde
    rate = cells(page, "taux", "Voltaire")
    assert rate[:3] == ["1 348 (2018)", "11", "0,8 %"]
    assert cells(page, "table-genres", "Voltaire")[:2] == ["masqué", "masqué"]
    assert "2 priorités et 0 atouts n'ont encore aucun thème" in page.replace("\u202f", " ")


def test_meeting_participants_are_shown_apart(client, auth, session):
    from datetime import date

    from consult.services.meetings import (
        ContributionData,
        MeetingData,
        add_contribution,
        create_meeting,
    )
    from tests.staff_data import consultation

    with session.begin():
        c = consultation(session)
        meeting = create_meeting(
            session, c.id, MeetingData("voltaire", date(2025, 3, 1), "conseil_citoyen", 30), None
        )
        add_contribution(session, meeting, ContributionData("priorite", "Plus de bancs"), None)
    auth.login()
    page = client.get(URL).get_data(as_text=True)
    assert cells(page, "taux", "Voltaire")[1:] == ["0", "0,0 %", "1", "30"]
