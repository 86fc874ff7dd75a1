"""Representativeness: respondents' shares against the reference population of the territory."""

from __future__ import annotations

import csv
import html
import io

import pytest
from sqlalchemy import select

from consult.models import Quartier
from tests.staff_data import fresh_cache, submit  # noqa: F401

BASE = "/equipe/c/concertation-citoyenne"
REFERENCE = {"source": "INSEE, recensement", "year": 2020, "gender": {"femme": 700, "homme": 648}}


def text(response) -> str:
    return (
        html.unescape(response.get_data(as_text=True)).replace("\u202f", " ").replace("\xa0", " ")
    )


@pytest.fixture
def voltaire(session):
    """Voltaire: 12 women and 6 men answered; its residents are 700 women and 648 men."""
    with session.begin():
        for i in range(12):
            submit(session, "voltaire", age="40_59", genre="femme", priorites=f"Propreté {i}")
        for i in range(6):
            submit(session, "voltaire", age="26_39", genre="homme", priorites=f"Sécurité {i}")
        session.scalar(select(Quartier).filter_by(id="voltaire")).reference = REFERENCE


def test_the_overview_compares_respondents_with_residents(voltaire, client, auth):
    auth.login()
    page = text(client.get(f"{BASE}/"))
    table = page.split('id="repr-table-voltaire-gender"')[1].split("</table>")[0]
    assert "INSEE, recensement, 2020" in page
    # Women: 12/18 = 67 % of respondents for 700/1 348 = 52 % of residents: ratio 1,28.
    assert "67 %" in table and "52 %" in table and "1,28" in table
    assert "0,69" in table  # men: 33 % for 48 %
    assert "indice 0,54" in page  # 0,69 / 1,28
    assert "1,7 %" in table  # women's participation rate: 12 / 700


def test_the_dashboard_names_the_voices_that_are_missing(voltaire, client, auth):
    auth.login()
    page = text(client.get("/equipe/"))
    assert "Voix qui manquent" in page
    assert (
        "groupe le moins représenté : Hommes (33 % des répondants pour 48 % des habitants)" in page
    )


def test_exports_and_report_carry_representativeness(voltaire, client, auth):
    auth.login()
    data = client.get(f"{BASE}/exports/representativite.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0][:4] == ["Quartier", "Critère", "Groupe", "Répondants"]
    assert rows[2][:4] == ["Voltaire", "Genre", "Hommes", "6"]
    report = text(client.get(f"{BASE}/bilan"))
    assert (
        "groupe le moins représenté : hommes, 33 % des répondants pour 48 % des habitants" in report
    )


def test_a_quartier_without_reference_says_so_and_guesses_nothing(client, auth, session):
    with session.begin():
        for i in range(6):
            submit(session, "voltaire", priorites=f"Propreté {i}")
    auth.login()
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "la représentativité ne peut pas être calculée" in page
    assert 'id="repr-table-' not in page


def test_the_demo_compares_with_its_invented_population_and_says_so(runner, client, auth):
    assert runner.invoke(args=["demo", "load", "--responses", "120"]).exit_code == 0
    auth.login()
    page = text(client.get("/equipe/c/demo/"))
    assert "Chiffres inventés pour la démonstration" in page
    assert 'id="repr-table-val_saint_martin-age_band"' in page
    # A real consultation on the same quartiers never shows the demo's invented figures.
    assert "Chiffres inventés" not in text(client.get(f"{BASE}/"))
