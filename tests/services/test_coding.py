"""Stored theme tags: automatic tagging, staff codings that win, and the summaries frame."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from analysis.codebook import default_codebook, parse_codebook
from analysis.distinctive import respondent_themes
from analysis.tagging import Tagger
from consult.models import Answer, AuditEvent, Codebook, Questionnaire, ThemeTag
from consult.reports.coded import coded_answers_frame
from consult.services.coding import (
    CodingError,
    add_theme,
    confirm_theme,
    remove_theme,
    tag_answers,
    tag_pending,
)
from consult.services.submissions import Submission, record_submission


def themes_of(session, answer_id: int) -> list[str]:
    """The answer's themes as every summary reads them (staff codings win)."""
    frame = coded_answers_frame(session)
    return frame.loc[frame["answer_id"] == answer_id, "theme"].dropna().tolist()


def submit(session, quartier: str, atouts: str, priorites: str, age: str = "40_59") -> int:
    version_id = session.scalar(select(Questionnaire).filter_by(slug="adultes")).current_version_id
    outcome = record_submission(
        session,
        Submission(
            client_uuid=str(uuid.uuid4()),
            version_id=version_id,
            quartier_id=quartier,
            answers={"atouts": atouts, "priorites": priorites, "age": age, "genre": "femme"},
            channel="web",
        ),
    )
    return outcome.response_id


def transaction(session):
    """A new transaction, ending the one reads in the test opened on their own."""
    session.commit()
    return session.begin()


def answer_id(session, response_id: int, key: str) -> int:
    return session.scalar(select(Answer.id).filter_by(response_id=response_id, question_key=key))


@pytest.fixture
def responses(session) -> list[int]:
    with session.begin():
        ids = [
            submit(session, "voltaire", "le parc et le centre social", "les rodéos, la drogue")
            for _ in range(5)
        ]
        ids.append(submit(session, "voltaire", "bof", "propreté et sécurité", age="18_25"))
        ids.append(submit(session, "concorde", "les commerces", "plus de bus"))
        tag_pending(session)
    return ids


def tags_of(session, answer: int) -> set[tuple[str, str, bool]]:
    rows = session.scalars(select(ThemeTag).filter_by(answer_id=answer))
    return {(t.theme, t.source, t.rejected) for t in rows}


def test_pending_answers_are_tagged_with_the_codebook_version_and_evidence(session, responses):
    first = answer_id(session, responses[0], "atouts")
    assert tags_of(session, first) == {
        ("environnement", "auto", False),
        ("lien_social", "auto", False),
    }
    tag = session.scalar(select(ThemeTag).filter_by(answer_id=first, theme="lien_social"))
    codebook = session.get(Codebook, tag.codebook_id)
    assert codebook.content_hash == default_codebook().content_hash
    assert tag.evidence == "centre social"
    vague = answer_id(session, responses[5], "atouts")  # « bof »
    assert themes_of(session, vague) == ["sans_avis"]
    assert session.scalar(select(ThemeTag.theme).filter_by(answer_id=vague)) == "sans_avis"


def test_no_opinion_answers_are_sans_avis_not_a_classer(session, responses):
    with transaction(session):
        response = submit(session, "concorde", "jsp 😀", "Les nuages")
        ids = [answer_id(session, response, "atouts"), answer_id(session, response, "priorites")]
        report = tag_pending(session)
    assert (report.answers, report.no_opinion, report.unclassified) == (2, 1, 1)
    assert tags_of(session, ids[0]) == {("sans_avis", "auto", False)}
    assert tags_of(session, ids[1]) == {("a_classer", "auto", False)}
    frame = coded_answers_frame(session).set_index("answer_id")
    assert frame.loc[ids[0], "theme"] == "sans_avis" and frame.loc[ids[1], "theme"] is None


def test_staff_set_and_remove_sans_avis_like_a_theme(session, responses):
    themed, vague = (
        answer_id(session, responses[6], "atouts"),
        answer_id(session, responses[5], "atouts"),
    )
    with transaction(session):
        add_theme(session, None, "sans_avis", answer_id=themed)
        remove_theme(session, None, "commerces", answer_id=themed)
        remove_theme(session, None, "sans_avis", answer_id=vague)
    assert themes_of(session, themed) == ["sans_avis"]
    assert themes_of(session, vague) == []
    frame = coded_answers_frame(session).set_index("answer_id")
    assert frame.loc[themed, "theme"] == "sans_avis" and frame.loc[themed, "source"] == "manual"
    assert frame.loc[vague, "theme"] is None  # back in « à classer »
    with transaction(session):
        report = tag_pending(session, retag=True)
    assert report.answers == 0  # same codebook: the staff decisions stay as they are
    assert themes_of(session, themed) == ["sans_avis"]


def test_tagging_twice_stores_nothing_new(session, responses):
    before = len(session.scalars(select(ThemeTag)).all())
    with transaction(session):
        report = tag_pending(session)
    assert (report.answers, report.contributions) == (0, 0)
    assert len(session.scalars(select(ThemeTag)).all()) == before == 20


def test_staff_confirm_remove_and_add_themes_with_audit(session, responses, auth):
    target = answer_id(session, responses[0], "priorites")
    with transaction(session):
        confirm_theme(session, None, "securite", answer_id=target)
        add_theme(session, None, "sante", answer_id=target)
        remove_theme(session, None, "securite", answer_id=target)
    assert themes_of(session, target) == ["sante"]
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.entity, e.entity_id, e.details["theme"]) for e in events] == [
        ("theme.confirm", "answer", str(target), "securite"),
        ("theme.add", "answer", str(target), "sante"),
        ("theme.remove", "answer", str(target), "securite"),
    ]
    assert events[-1].details["previous"] == "confirmé"


def test_unknown_theme_or_answer_is_refused(session, responses):
    target = answer_id(session, responses[0], "priorites")
    with transaction(session), pytest.raises(CodingError, match="thème inconnu « meteo »"):
        add_theme(session, None, "meteo", answer_id=target)
    with transaction(session), pytest.raises(CodingError, match="réponse introuvable"):
        add_theme(session, None, "sante", answer_id=999_999)


def test_retagging_with_a_new_codebook_never_overwrites_manual_codings(session, responses):
    target = answer_id(session, responses[0], "priorites")
    with transaction(session):
        remove_theme(session, None, "securite", answer_id=target)
        add_theme(session, None, "jeunesse", answer_id=target)
    definition = dict(default_codebook().definition, version="2025.2")
    definition["themes"] = [
        dict(t, terms=[*t["terms"], "rodéo de quad"]) for t in definition["themes"]
    ]
    import yaml

    new_tagger = Tagger(parse_codebook(yaml.safe_dump(definition, allow_unicode=True)))
    with transaction(session):
        report = tag_pending(session, new_tagger, retag=True)
    assert report.answers == 14
    assert tags_of(session, target) == {
        ("securite", "auto", False),
        ("securite", "manual", True),
        ("jeunesse", "manual", False),
    }
    assert themes_of(session, target) == ["jeunesse"]
    assert len(session.scalars(select(Codebook)).all()) == 2


def test_tag_answers_tags_a_new_submission_right_away(session, responses):
    with transaction(session):
        response = submit(session, "concorde", "la médiathèque", "les loyers")
        ids = [answer_id(session, response, "atouts"), answer_id(session, response, "priorites")]
        assert tag_answers(session, ids) == 2
    assert tags_of(session, ids[1]) == {("habitat", "auto", False)}


def test_frame_counts_respondents_once_per_theme_by_segment(session, responses):
    target = answer_id(session, responses[6], "priorites")
    with transaction(session):
        add_theme(session, None, "commerces", answer_id=target)
    frame = coded_answers_frame(session)
    assert len(frame[frame["role"] == "priorites"]) == 5 + 2 + 2
    row = frame[frame["answer_id"] == target].set_index("theme")
    assert row.loc["commerces", "source"] == "manual" and row.loc["mobilite", "source"] == "auto"
    assert set(frame["age_band"]) == {"40_59", "18_25"}
    assert set(frame["public"]) == {"adulte", "jeune"} and set(frame["wave"]) == {"2025"}
    pairs = respondent_themes(frame, "priorites")
    per_quartier = pairs.groupby(["quartier", "theme"])["respondent"].nunique()
    assert per_quartier["voltaire"].to_dict() == {"proprete": 1, "securite": 6}
    assert per_quartier[("concorde", "mobilite")] == 1
    answered = frame[frame["role"] == "priorites"].groupby("quartier")["respondent"].nunique()
    assert answered["voltaire"] == 6
    atouts = frame[(frame["role"] == "atouts") & (frame["theme"] == "sans_avis")]
    assert atouts["answer_id"].tolist() == [answer_id(session, responses[5], "atouts")]
