"""Quotes reach the report only once staff marked them publishable; a rejected one never returns."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from consult.models import Answer, AuditEvent, QuoteDecision
from tests.staff_data import fresh_cache, voltaire_data  # noqa: F401

BASE = "/equipe/c/concertation-citoyenne"
PAGE = f"{BASE}/q/voltaire"


def candidates(page: str) -> list[tuple[int, str]]:
    """(answer id, text) of the quotes offered on the quartier page."""
    forms = re.findall(r'action="/equipe/c/concertation-citoyenne/citations/(\d+)"', page)
    texts = re.findall(r'<li class="quote"><span class="quotes">« (.*?) »', page)
    return [
        (int(a), html.unescape(t).replace("\u202f", "")) for a, t in zip(forms, texts, strict=True)
    ]


def decide(client, answer_id: int, decision: str):
    page = client.get(PAGE).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {"decision": decision, "next": PAGE}
    if token:
        data["csrf_token"] = token[1]
    return client.post(f"{BASE}/citations/{answer_id}", data=data)


def test_a_quote_reaches_the_report_only_once_published(client, auth, session):
    voltaire_data(session)
    auth.login()
    offered = candidates(client.get(PAGE).get_data(as_text=True))
    assert offered, "the quartier page offers quotes to read"
    report = html.unescape(client.get(f"{BASE}/bilan").get_data(as_text=True))
    assert all(text not in report for _, text in offered)  # none published yet

    answer_id, text = offered[0]
    assert decide(client, answer_id, "publier").status_code == 302
    report = html.unescape(client.get(f"{BASE}/bilan").get_data(as_text=True))
    assert text in report.replace("\u202f", "")
    decision = session.get(QuoteDecision, answer_id)
    assert decision.publishable and decision.decided_by_id is not None
    assert session.scalar(select(AuditEvent).filter_by(action="quote.publish")) is not None


def test_a_rejected_quote_is_never_offered_again(client, auth, session):
    voltaire_data(session)
    auth.login()
    answer_id, _text = candidates(client.get(PAGE).get_data(as_text=True))[0]
    assert decide(client, answer_id, "ecarter").status_code == 302
    session.rollback()
    assert session.get(QuoteDecision, answer_id).publishable is False
    assert answer_id not in [a for a, _ in candidates(client.get(PAGE).get_data(as_text=True))]


def test_bad_decisions_change_nothing(client, auth, session):
    voltaire_data(session)
    auth.login()
    answer_id = candidates(client.get(PAGE).get_data(as_text=True))[0][0]
    assert decide(client, answer_id, "peut-etre").status_code == 400
    assert decide(client, 999999, "publier").status_code == 404
    other = session.scalar(select(Answer.id).where(Answer.text == "Le stationnement 0"))
    assert decide(client, other, "publier").status_code == 302  # Concorde: same consultation
    session.rollback()
    assert session.get(QuoteDecision, answer_id) is None
