"""Learning from staff: the codebook report for admins and the model staff codings train."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from analysis.learned import MIN_EXAMPLES
from consult.models import Answer, LearnedModel, ThemeTag
from consult.services.coding import add_theme, confirm_theme, remove_theme, tag_pending
from consult.services.learning import NotEnoughCodings, train_model
from tests.staff_data import fresh_cache, submit  # noqa: F401

GAMES = ["belote", "tarot", "scrabble", "tricot", "crochet", "couture", "dominos"]
WHEN = [
    "le jeudi",
    "entre voisins",
    "à la salle",
    "pour les anciens",
    "chaque semaine",
    "le dimanche",
]
# The codebook finds nothing in these: staff add « lien social » by hand, and a model can learn it.
CLUBS = [f"un club de {game} {when}" for game in GAMES for when in WHEN]
CODED_RIGHT = [
    ("plus de sécurité le soir", "securite"),
    ("les poubelles débordent", "proprete"),
    ("plus de bus", "mobilite"),
]


def fresh(session):
    """A new transaction, ending the one reads in the test opened on their own."""
    session.commit()
    return session.begin()


def answer_of(session, response_id: int) -> int:
    return session.scalar(select(Answer.id).filter_by(response_id=response_id))


def staff_codings(session, clubs: list[str], right: int = 8) -> dict[str, int]:
    """Answers coded by staff as a team would: additions, confirmations, a few removals."""
    ids = {}
    with fresh(session):
        for text in clubs + [t for t, _ in CODED_RIGHT] * right + ["un tournoi de belote"]:
            ids.setdefault(text, [])
        for text in ids:
            for _ in range(1 if text not in dict(CODED_RIGHT) else right):
                ids[text].append(answer_of(session, submit(session, "voltaire", priorites=text)))
        tag_pending(session)
        for text in clubs:
            add_theme(session, None, "lien_social", answer_id=ids[text][0])
        for text, theme in CODED_RIGHT:
            for answer in ids[text]:
                confirm_theme(session, None, theme, answer_id=answer)
    return {text: answers[0] for text, answers in ids.items()}


def test_training_on_staff_codings_stores_a_model_and_its_cross_validated_figures(session):
    ids = staff_codings(session, CLUBS)
    with fresh(session):
        outcome = train_model(session)
    row = session.scalar(select(LearnedModel))
    assert row.examples == len(CLUBS) + 3 * 8
    assert "lien_social" in row.themes and row.active and row.estimator
    figures = row.figures
    assert figures["folds"] == 5
    assert figures["combined"]["micro_f1"] > figures["codebook"]["micro_f1"]
    assert figures["gain"]["micro_f1"] == outcome.evaluation.gain.micro_f1 > 0
    assert figures["per_theme"]["lien_social"] == len(CLUBS)
    # Tagging now uses it, with evidence staff can read; an uncoded answer gets the theme.
    with fresh(session):
        tag_pending(session, everything=True)
    tag = session.scalar(
        select(ThemeTag).filter_by(answer_id=ids["un tournoi de belote"], theme="lien_social")
    )
    assert tag.source == "auto" and tag.evidence.startswith("modèle appris (p = 0,")


def test_the_model_never_overrides_a_staff_coding(session):
    ids = staff_codings(session, CLUBS)
    removed = ids["un tournoi de belote"]
    with fresh(session):
        remove_theme(session, None, "lien_social", answer_id=removed)
        remove_theme(session, None, "securite", answer_id=ids["plus de sécurité le soir"])
        train_model(session)
        tag_pending(session, everything=True)
    rows = {
        (t.theme, t.source, t.rejected)
        for t in session.scalars(select(ThemeTag).filter_by(answer_id=removed))
    }
    assert ("lien_social", "manual", True) in rows  # staff's removal stays, whatever the model says
    added = session.scalar(
        select(ThemeTag).filter_by(answer_id=ids[CLUBS[0]], theme="lien_social", source="manual")
    )
    assert added is not None and not added.rejected
    kept = session.scalar(
        select(ThemeTag).filter_by(
            answer_id=ids["plus de sécurité le soir"], theme="securite", source="manual"
        )
    )
    assert kept.rejected


def test_with_too_few_codings_nothing_is_stored(session):
    staff_codings(session, CLUBS[:10], right=1)
    with (
        fresh(session),
        pytest.raises(NotEnoughCodings, match=f"il en faut au moins {MIN_EXAMPLES}"),
    ):
        train_model(session)
    assert session.scalar(select(LearnedModel)) is None


def test_cli_train_prints_the_figures_and_applies_the_model(session, runner):
    ids = staff_codings(session, CLUBS)
    result = runner.invoke(args=["analyze", "train"])
    assert result.exit_code == 0, result.output
    assert "codebook seul" in result.output and "codebook + modèle" in result.output
    assert "Modèle utilisé" in result.output
    session.commit()
    tag = session.scalar(
        select(ThemeTag).filter_by(answer_id=ids["un tournoi de belote"], theme="lien_social")
    )
    assert tag is not None and "modèle appris" in tag.evidence


def test_cli_train_with_too_few_codings_says_why_in_french_and_stores_nothing(session, runner):
    staff_codings(session, CLUBS[:5], right=1)
    result = runner.invoke(args=["analyze", "train"])
    assert result.exit_code == 1
    assert "Aucun modèle enregistré : 8 réponses codées par l'équipe ; il en faut au moins 50" in (
        result.output
    )
    assert session.scalar(select(LearnedModel)) is None


def test_cli_train_with_a_bad_codebook_file_fails_with_status_2(runner, tmp_path):
    bad = tmp_path / "codebook.yaml"
    bad.write_text("themes: [", encoding="utf-8")
    result = runner.invoke(args=["analyze", "train", "--codebook", str(bad)])
    assert result.exit_code == 2
    assert result.output.startswith("Erreur : ")


def test_codebook_page_is_for_admins_only(client, auth):
    auth.login("staff@example.org", "staff")
    assert client.get("/admin/codebook").status_code == 403
    auth.logout()
    auth.login("collector@example.org", "collector")
    assert client.get("/admin/codebook").status_code == 403
    auth.logout()
    assert client.get("/admin/codebook").status_code == 302  # to the login page


def test_codebook_page_says_why_there_is_no_model(session, client, auth):
    staff_codings(session, CLUBS[:10], right=1)
    auth.login("admin@example.org", "admin")
    page = html.unescape(client.get("/admin/codebook").get_data(as_text=True))
    assert (
        "Pas de modèle\u00a0: 13 réponses codées par l'équipe\u202f; il en faut au moins 50" in page
    )


def test_codebook_page_lists_removed_cues_added_words_and_the_model_figures(session, client, auth):
    ids = staff_codings(session, CLUBS)
    with fresh(session):
        for _ in range(5):
            answer = answer_of(
                session, submit(session, "voltaire", priorites="les classes moyennes paient")
            )
        rows = list(session.scalars(select(Answer.id).filter_by(text="plus de bus")))
        for answer in rows[:5]:
            remove_theme(session, None, "mobilite", answer_id=answer)
        train_model(session)
    assert answer and ids
    auth.login("admin@example.org", "admin")
    page = client.get("/admin/codebook").get_data(as_text=True)
    assert "<caption>" in page and 'scope="row"' in page
    assert 'bus <span class="count">(5)</span>' in page  # removed 5 times: shown
    # « belote » is in 5 hand-tagged answers (the sixth, « entre voisins », was suggested),
    # « jeudi » in 7; « voisin » is a cue already: not listed.
    assert 'belote <span class="count">(5)</span>' in page
    assert "voisin <span" not in page
    assert 'jeudi <span class="count">(7)</span>' in page
    assert "Codebook et modèle appris" in page and "Modèle utilisé" in page
