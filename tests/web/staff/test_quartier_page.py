"""Quartier page: figures on known data, segment filters, the small-group rule, access."""

from __future__ import annotations

import html
import re

import pytest

from tests.staff_data import fresh_cache, voltaire_data  # noqa: F401

URL = "/equipe/c/concertation-citoyenne/q/voltaire"


def row_cells(page: str, theme: str) -> list[str]:
    """The text of the cells of one theme row of the theme table."""
    row = page.split(f'data-theme="{theme}"')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num">(.*?)</td>', row)
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).replace("\u202f", " ").strip() for c in cells]


@pytest.fixture
def page(client, auth, session):
    voltaire_data(session)
    auth.login()
    return lambda query="": client.get(URL + query).get_data(as_text=True)


def test_a_quartier_shows_respondents_per_theme_and_their_share(page):
    text = page()
    # 11 respondents all cite sécurité in priorités; 8 of the 8 who gave atouts cite commerces,
    # but the exact base (8) would tell that 3 left atouts blank: it is widened to the largest
    # base the published figures allow, 11 − at least 1 blank = 10.
    assert row_cells(text, "securite") == ["11", "100 %", "0", "0,0 %"]
    assert row_cells(text, "commerces") == ["0", "0,0 %", "8", "80 %"]
    assert "atouts : 10 <a" in text and "(base élargie)" in text
    assert row_cells(text, "jeunesse")[0] == "masqué"  # 3 young men only
    assert "Renforcer" not in text  # the page uses theme labels; phrases are for the report


def test_top_priorities_come_with_quotes_from_big_enough_groups(page):
    text = page()
    top = text.split('id="top-priorites"')[1].split("</div>")[0]
    assert "Sécurité et tranquillité publique" in top
    assert "Plus de sécurité le soir" in top or "securite svp" in top
    assert "Jeunesse" not in top  # cited by fewer than 5 respondents: no line, no quote
    # Quotes are varied: the eight near-identical « Plus de sécurité le soir… » appear once.
    assert top.count('class="quotes">« Plus de sécurité le soir') <= 1


def test_a_small_segment_shows_nothing_but_less_than_five(page):
    text = page("?public=jeune")
    assert 'id="trop-petit"' in text
    assert "city stade" not in text
    assert re.search(r"Répondants : <strong><span class=\"suppressed\">masqué</span>", text)


def test_the_complement_of_a_small_segment_is_masked_not_shown(page):
    # Adultes (8) are shown only if jeunes (3) cannot be recovered as total − adultes.
    text = page("?public=adulte")
    assert 'id="trop-petit"' in text
    assert 'Répondants : <strong><span class="suppressed">masqué</span>' in text
    assert "Plus de sécurité le soir" not in text
    assert "city stade" not in text


def test_a_big_segment_is_masked_when_the_only_other_one_is_small(page):
    text = page("?gender=femme")  # femmes 8, hommes 3: hommes hidden, so femmes masked too
    assert 'id="trop-petit"' in text
    assert "Segment : Genre\u00a0: Femmes" in text.replace("Segment\u00a0:", "Segment :")


def test_an_unknown_filter_value_is_ignored(page):
    text = page("?gender=martien")
    assert row_cells(text, "securite")[:2] == ["11", "100 %"]


def test_the_word_cloud_is_a_png_and_404_for_small_groups(client, auth, session):
    voltaire_data(session)
    auth.login()
    cloud = client.get(URL + "/nuage-priorites.png")
    assert cloud.status_code == 200 and cloud.data[:4] == b"\x89PNG"
    assert client.get(URL + "/nuage-priorites.png?public=jeune").status_code == 404
    # « masqué » on the page (it would reveal the 3 jeunes by subtraction): no cloud either.
    assert client.get(URL + "/nuage-priorites.png?public=adulte").status_code == 404


def test_an_unknown_quartier_is_404(client, auth):
    auth.login()
    assert client.get("/equipe/c/concertation-citoyenne/q/nulle-part").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "q/voltaire",
        "",
        "themes",
        "classement",
        "exports",
        "bilan",
        "bilan.docx",
        "exports/reponses.csv",
        "exports/tableaux.xlsx",
    ],
)
def test_staff_pages_need_staff_or_admin(client, auth, path):
    url = f"/equipe/c/concertation-citoyenne/{path}"
    assert client.get(url).status_code == 302  # anonymous → login
    auth.login("collecte@example.org", "collector")
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login("admin@example.org", "admin")
    assert client.get(url).status_code == 200


def test_no_opinion_answers_are_counted_apart_and_never_in_a_base(client, auth, session):
    from sqlalchemy import select

    from consult.models import Answer
    from consult.services.coding import tag_answers
    from tests.staff_data import submit

    voltaire_data(session)
    with session.begin():
        ids = []
        for i in range(5):
            rid = submit(
                session, "voltaire", age="40_59", genre="femme", priorites=f"jsp {'!' * i}"
            )
            ids.append(
                session.scalar(select(Answer.id).filter_by(response_id=rid, role="priorites"))
            )
        tag_answers(session, ids)
    session.commit()
    auth.login()
    text = client.get(URL).get_data(as_text=True)
    # 16 respondents; 11 gave an opinion on priorités: sécurité is 11 of 11, not 11 of 16.
    assert row_cells(text, "securite")[:2] == ["11", "100 %"]
    lead = re.sub(
        r"\s+",
        " ",
        html.unescape(re.sub(r"<[^>]+>", "", text.split('id="groupe"')[1].split("</p>")[0])),
    )
    assert "Répondants : 16 (priorités : 11" in lead, lead
    line = text.split("Sans avis / hors sujet")[1].split("</tr>")[0]
    assert ">5<" in line
