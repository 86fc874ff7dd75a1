"""Published questionnaire versions are immutable; an edit makes a new version."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.models import Response
from consult.models.questionnaires import PublishedVersionChanged
from consult.services.catalog import LoadReport, load_consultation
from consult.services.submissions import Submission, record_submission
from tests.factories import EVERY_TYPE, load_test_consultation, new_uuid, write_consultation


def test_an_edited_questionnaire_becomes_a_new_version_and_old_answers_keep_theirs(
    session, tmp_path
):
    consultation = load_test_consultation(session, tmp_path)
    v1 = consultation.questionnaires[0].current_version
    record_submission(
        session, Submission(new_uuid(), v1.id, "voltaire", {"atouts": "Calme"}, "web")
    )
    session.commit()
    edited = EVERY_TYPE.replace("Un mot pour le quartier", "Un mot pour votre quartier")
    load_consultation(session, write_consultation(tmp_path, edited), LoadReport())
    session.commit()
    questionnaire = consultation.questionnaires[0]
    assert [v.number for v in questionnaire.versions] == [1, 2]
    assert questionnaire.current_version.number == 2
    assert v1.definition["questions"][1]["label"]["fr"] == "Un mot pour le quartier"
    assert session.scalars(select(Response)).one().version_id == v1.id


def test_reloading_the_same_content_reuses_the_version(session, tmp_path):
    consultation = load_test_consultation(session, tmp_path)
    load_test_consultation(session, tmp_path)
    assert [v.number for v in consultation.questionnaires[0].versions] == [1]


def test_a_published_version_cannot_be_edited(session, tmp_path):
    version = load_test_consultation(session, tmp_path).questionnaires[0].current_version
    version.definition = {**version.definition, "slug": "autre"}
    with pytest.raises(PublishedVersionChanged):
        session.flush()
