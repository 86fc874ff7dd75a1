"""Small builders for test data: questionnaires written inline as YAML, submissions."""

from __future__ import annotations

import textwrap
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.models import Consultation, Questionnaire
from consult.services.catalog import LoadReport, load_consultation

# Every question type, a required question and a condition on an earlier answer.
EVERY_TYPE = """
kind: questionnaire
slug: essai
audience: adultes
title: {fr: Questionnaire d'essai}
questions:
  - key: atouts
    type: long_text
    role: atouts
    required: true
    max_length: 50
    label: {fr: "Quels sont les atouts de votre quartier ?"}
  - key: surnom
    type: short_text
    label: {fr: Un mot pour le quartier}
  - key: transport
    type: single_choice
    label: {fr: "Comment venez-vous ?"}
    choices:
      - {code: bus, label: {fr: En bus}}
      - {code: pied, label: {fr: À pied}}
  - key: ligne
    type: short_text
    show_if: {question: transport, equals: bus}
    required: true
    label: {fr: "Quelle ligne ?"}
  - key: loisirs
    type: multiple_choice
    max_choices: 2
    label: {fr: Vos loisirs}
    choices:
      - {code: sport, label: {fr: Sport}}
      - {code: lecture, label: {fr: Lecture}}
      - {code: musique, label: {fr: Musique}}
  - key: note
    type: scale
    min: 1
    max: 5
    label: {fr: Votre note}
  - key: ordre
    type: ranking
    label: {fr: Classez}
    choices:
      - {code: a, label: {fr: A}}
      - {code: b, label: {fr: B}}
      - {code: c, label: {fr: C}}
"""


def write_consultation(
    root: Path, questionnaire_yaml: str, slug: str = "essai", status: str = "open"
) -> Path:
    """Write a consultation folder holding one questionnaire; return its consultation file."""
    folder = root / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "essai.yaml").write_text(textwrap.dedent(questionnaire_yaml), encoding="utf-8")
    consultation = folder / "consultation.yaml"
    consultation.write_text(
        f"kind: consultation\nslug: {slug}\ntitle: Essai\nterritory: grand-longwy\n"
        f"wave: '2025'\nstatus: {status}\nquartiers: [voltaire, concorde]\n"
        "questionnaires: [essai.yaml]\n",
        encoding="utf-8",
    )
    return consultation


def load_test_consultation(
    session: Session, root: Path, questionnaire_yaml: str = EVERY_TYPE, status: str = "open"
) -> Consultation:
    path = write_consultation(root, questionnaire_yaml, status=status)
    consultation = load_consultation(session, path, LoadReport())
    session.commit()
    return consultation


def current_version_id(session: Session, consultation_slug: str, questionnaire_slug: str) -> int:
    questionnaire = session.scalar(
        select(Questionnaire)
        .join(Consultation)
        .where(Consultation.slug == consultation_slug, Questionnaire.slug == questionnaire_slug)
    )
    return questionnaire.current_version_id


def new_uuid() -> str:
    return str(uuid.uuid4())
