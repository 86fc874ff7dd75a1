"""Waves: a consultation that follows an earlier one shows how each theme's share moved."""

from __future__ import annotations

import html
import re

from sqlalchemy import select, update

from consult.models import Answer, Codebook, Consultation, Response, ThemeTag
from consult.services.demo import DEMO_SLUG, EARLIER_SLUG
from tests.staff_data import fresh_cache  # noqa: F401

URL = f"/equipe/c/{DEMO_SLUG}/evolution"


def cells(page: str, table_id: str, theme: str) -> list[str]:
    table = page.split(f'id="{table_id}"')[1].split("</table>")[0]
    row = table.split(f'data-theme="{theme}"')[1].split("</tr>")[0]
    found = re.findall(r'<td class="num">(.*?)</td>', row)
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).replace("\u202f", " ").strip() for c in found]


def test_the_demo_has_two_waves_and_the_page_shows_the_moves(runner, session, client, auth):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    later = session.scalar(select(Consultation).filter_by(slug=DEMO_SLUG))
    assert later.follows is not None and later.follows.slug == EARLIER_SLUG
    session.rollback()
    auth.login()
    page = client.get(URL).get_data(as_text=True)
    assert "Évolution depuis la vague démo 1" in html.unescape(page)
    before, after, change = cells(page, "evolution-val_saint_martin-priorites", "emploi")
    if change != "–":  # both shares published: the change is their difference, in points
        sign = -1 if change.startswith("−") else 1
        points = sign * float(change.strip("+−").split()[0].replace(",", "."))
        shares = [float(v.split()[0].replace(",", ".")) for v in (before, after)]
        assert abs(points - (shares[1] - shares[0])) <= 1
    assert client.get(f"/equipe/c/{DEMO_SLUG}/").get_data(as_text=True).count("Évolution") >= 1
    # a base widened to protect a few « sans avis » or blanks is said, and explained
    assert "(base élargie)" in page and 'id="base-elargie"' in page
    # The earlier wave follows nothing: no page.
    assert client.get(f"/equipe/c/{EARLIER_SLUG}/evolution").status_code == 404


def test_waves_themed_with_different_codebooks_are_not_compared(runner, session, client, auth):
    assert runner.invoke(args=["demo", "load", "--responses", "40"]).exit_code == 0
    with session.begin():
        other = Codebook(slug="autre", version="9", content_hash="x" * 64, definition={})
        session.add(other)
        session.flush()
        earlier = session.scalar(select(Consultation).filter_by(slug=EARLIER_SLUG))
        answers = select(Answer.id).join(Response).where(Response.consultation_id == earlier.id)
        session.execute(
            update(ThemeTag).where(ThemeTag.answer_id.in_(answers)).values(codebook_id=other.id)
        )
    auth.login()
    page = client.get(URL).get_data(as_text=True)
    assert 'id="comparaison-refusee"' in page
    assert "même version du référentiel" in html.unescape(page)


def test_removing_the_demo_removes_both_waves(runner, session):
    assert runner.invoke(args=["demo", "load", "--responses", "20"]).exit_code == 0
    assert runner.invoke(args=["demo", "remove"]).exit_code == 0
    slugs = {c.slug for c in session.scalars(select(Consultation))}
    assert not {DEMO_SLUG, EARLIER_SLUG} & slugs


def test_exports_and_report_carry_the_evolution(runner, client, auth):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    auth.login()
    data = client.get(f"/equipe/c/{DEMO_SLUG}/exports/evolution_priorites.csv").data
    header = data.decode("utf-8-sig").splitlines()[0].split(";")
    assert header == ["Quartier", "Thème", "Part démo 1 (%)", "Part démo 2 (%)", "Écart (points)"]
    report = html.unescape(client.get(f"/equipe/c/{DEMO_SLUG}/bilan").get_data(as_text=True))
    assert "Évolution depuis la vague démo 1" in report
