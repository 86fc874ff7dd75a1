"""Coding screen: confirm, remove or add a theme without JavaScript; logged; summaries follow."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from consult.models import Answer, AuditEvent, ThemeTag
from tests.staff_data import fresh_cache, voltaire_data  # noqa: F401

URL = "/equipe/c/concertation-citoyenne/classement"


def test_unclassified_answers_are_listed_with_evidence_elsewhere(client, auth, session):
    voltaire_data(session)
    auth.login()
    page = client.get(URL).get_data(as_text=True)
    assert "Le stationnement 0" in page  # Concorde answers have no theme
    page = client.get(URL + "?theme=securite").get_data(as_text=True)
    assert "parce que" in page and "Confirmer" in page


def test_a_removed_theme_is_logged_and_leaves_the_summary(client, auth, session):
    voltaire_data(session)
    auth.login()
    answer_id = session.scalar(
        select(Answer.id).where(Answer.text.like("un city stade%")).order_by(Answer.id)
    )
    session.rollback()
    before = client.get("/equipe/c/concertation-citoyenne/q/voltaire").get_data(as_text=True)
    response = client.post(
        URL,
        data={
            "answer_id": answer_id,
            "theme": "securite",
            "action": "remove",
            "next": URL + "?theme=securite",
        },
    )
    assert response.status_code == 302 and response.location.startswith(URL + "?theme=securite")
    tag = session.scalar(select(ThemeTag).filter_by(answer_id=answer_id, source="manual"))
    assert tag.rejected and tag.created_by_id is not None
    event = session.scalar(select(AuditEvent).filter_by(action="theme.remove"))
    assert event.entity_id == str(answer_id) and event.user_id == tag.created_by_id
    session.rollback()
    after = client.get("/equipe/c/concertation-citoyenne/q/voltaire").get_data(as_text=True)
    assert ">11<" in before.split('data-theme="securite"')[1].split("</tr>")[0]
    assert ">10<" in after.split('data-theme="securite"')[1].split("</tr>")[0]


def test_adding_and_confirming_work_and_bad_input_changes_nothing(client, auth, session):
    voltaire_data(session)
    auth.login()
    answer_id = session.scalar(select(Answer.id).where(Answer.text == "Le stationnement 0"))
    session.rollback()
    client.post(URL, data={"answer_id": answer_id, "theme": "mobilite", "action": "add"})
    client.post(URL, data={"answer_id": answer_id, "theme": "inconnu", "action": "add"})
    client.post(URL, data={"answer_id": "x", "theme": "mobilite", "action": "add"})
    tags = session.scalars(select(ThemeTag.theme).filter_by(answer_id=answer_id)).all()
    session.rollback()
    assert tags == ["mobilite"]
    page = client.get(URL + "?theme=mobilite").get_data(as_text=True)
    assert "Le stationnement 0" in page and "ajouté" in page


def answer_meta(page: str) -> dict[str, str]:
    """Answer text -> the line above it (quartier · public · channel · question)."""
    items = re.findall(
        r'<p class="answer-meta">(.*?)</p>\s*<blockquote class="answer-text">(.*?)</blockquote>',
        page,
        re.S,
    )
    return {html.unescape(text): html.unescape(meta) for meta, text in items}


def test_no_quartier_public_or_channel_of_a_group_under_k_is_shown(client, auth, session):
    voltaire_data(session)  # Voltaire: 8 adult women on the web, 3 young men on a tablet
    auth.login()
    meta = answer_meta(client.get(URL + "?theme=securite").get_data(as_text=True))
    assert meta["Plus de sécurité le soir, rodéos en bas 0"] == (
        "Voltaire · Adultes · Internet · Priorité"
    )
    assert meta["un city stade et la securite svp 0"] == "Voltaire · Priorité"  # 3 jeunes
    unclassified = client.get(URL).get_data(as_text=True)
    assert answer_meta(unclassified)["Le stationnement 0"] == "Priorité"  # Concorde: 2
    assert 'value="concorde"' not in unclassified


def test_sans_avis_is_a_list_and_a_choice_staff_can_set_and_remove(client, auth, session):
    from consult.services.coding import tag_answers
    from tests.staff_data import submit

    voltaire_data(session)
    with session.begin():
        rid = submit(session, "voltaire", age="40_59", genre="femme", priorites="jsp 🙂")
        vague = session.scalar(
            select(Answer.id).filter_by(response_id=rid, question_key="priorites")
        )
        tag_answers(session, [vague])
    session.commit()
    auth.login()
    page = client.get(URL).get_data(as_text=True)
    assert "Sans avis / hors sujet" in page and '<option value="sans_avis">' in page
    assert "jsp" not in page.split('id="liste"')[1]  # no longer « à classer »
    page = client.get(URL + "?theme=sans_avis").get_data(as_text=True)
    assert "jsp" in page and "suggestion" in page
    client.post(URL, data={"answer_id": vague, "theme": "sans_avis", "action": "remove"})
    stationnement = session.scalar(select(Answer.id).where(Answer.text == "Le stationnement 0"))
    session.rollback()
    client.post(URL, data={"answer_id": stationnement, "theme": "sans_avis", "action": "add"})
    rows = session.execute(
        select(ThemeTag.answer_id, ThemeTag.source, ThemeTag.rejected).filter_by(theme="sans_avis")
    ).all()
    session.rollback()
    assert set(rows) == {
        (vague, "auto", False),
        (vague, "manual", True),
        (stationnement, "manual", False),
    }
    page = client.get(URL + "?theme=sans_avis").get_data(as_text=True)
    assert "Le stationnement 0" in page and "jsp" not in page.split('id="liste"')[1]
    assert "jsp" in client.get(URL).get_data(as_text=True).split('id="liste"')[1]
