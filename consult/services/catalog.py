"""Load territories, consultations and questionnaire versions from the files in questionnaires/.

Territories and consultation settings are reference data and follow their files. Questionnaire
versions are immutable: an edited file becomes a new version; a known content is reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.models import (
    Commune,
    Consultation,
    Quartier,
    Questionnaire,
    QuestionnaireVersion,
    Sector,
    Territory,
)
from consult.questionnaire.definition import content_hash
from consult.questionnaire.validation import FileError, InvalidFile, load_valid


@dataclass
class LoadReport:
    territories: list[str] = field(default_factory=list)
    consultations: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def load_catalog(session: Session, root: Path) -> LoadReport:
    """Load every territory, then every consultation folder, found under ``root``."""
    report = LoadReport()
    for path in sorted((root / "territories").glob("*.y*ml")):
        report.territories.append(load_territory(session, path).id)
    for path in sorted(root.glob("*/consultation.y*ml"), key=_waves_first):
        load_consultation(session, path, report)
    return report


def _waves_first(path: Path) -> tuple[bool, str]:
    """A consultation that follows an earlier wave loads after the others (it names one)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return (isinstance(document, dict) and "follows" in document, str(path))


def load_territory(session: Session, path: Path) -> Territory:
    document = load_valid(path, "territory")
    territory = session.get(Territory, document["id"]) or Territory(id=document["id"])
    territory.name = document["name"]
    session.add(territory)
    for item in document["communes"]:
        commune = _upsert(session, Commune, item["id"], territory_id=territory.id)
        commune.name, commune.insee_code = item["name"], item.get("insee_code")
        for entry in item["quartiers"]:
            _load_quartier(session, commune, entry)
    session.flush()
    return territory


def _load_quartier(session: Session, commune: Commune, entry: dict) -> None:
    quartier = _upsert(session, Quartier, entry["id"], commune_id=commune.id)
    quartier.commune_id = commune.id
    quartier.name = entry["name"]
    quartier.qpv_code = entry.get("qpv_code")
    quartier.population = entry["population"]
    quartier.population_year = entry.get("population_year")
    quartier.median_income = entry.get("median_income")
    quartier.reference = entry.get("reference")
    for sector_entry in entry.get("sectors", []):
        sector = _upsert(session, Sector, sector_entry["id"], quartier_id=quartier.id)
        sector.name = sector_entry["name"]


def _upsert(session: Session, model: type, key: str, **parent: str):
    row = session.get(model, key)
    if row is None:
        row = model(id=key, **parent)
        session.add(row)
    return row


def load_consultation(session: Session, path: Path, report: LoadReport) -> Consultation:
    document = load_valid(path, "consultation")
    consultation = _consultation_row(session, document, path)
    for position, filename in enumerate(document["questionnaires"]):
        questionnaire_path = path.parent / filename
        if not questionnaire_path.exists():
            raise InvalidFile(
                [FileError(str(path), "questionnaires", f"fichier absent : {filename}")]
            )
        version, created = publish_questionnaire(
            session, consultation, load_valid(questionnaire_path, "questionnaire"), position
        )
        label = f"{consultation.slug}/{version.questionnaire.slug} v{version.number}"
        (report.new_versions if created else report.unchanged).append(label)
    report.consultations.append(consultation.slug)
    return consultation


def _consultation_row(session: Session, document: dict, path: Path) -> Consultation:
    looked_up = [session.get(Quartier, qid) for qid in document["quartiers"]]
    quartiers = [q for q in looked_up if q is not None]
    unknown = [qid for qid, q in zip(document["quartiers"], looked_up, strict=True) if q is None]
    if unknown or session.get(Territory, document["territory"]) is None:
        reason = f"quartiers ou territoire inconnus : {', '.join(unknown) or document['territory']}"
        raise InvalidFile([FileError(str(path), "quartiers", reason)])
    consultation = session.scalar(select(Consultation).filter_by(slug=document["slug"]))
    if consultation is None:
        consultation = Consultation(slug=document["slug"])
        session.add(consultation)
    consultation.title = document["title"]
    consultation.territory_id = document["territory"]
    consultation.wave = document["wave"]
    consultation.status = document["status"]
    consultation.opens_on = _date(document.get("opens_on"))
    consultation.closes_on = _date(document.get("closes_on"))
    consultation.quartiers = quartiers
    consultation.follows = _earlier_wave(session, document, path)
    session.flush()
    return consultation


def _earlier_wave(session: Session, document: dict, path: Path) -> Consultation | None:
    slug = document.get("follows")
    if slug is None:
        return None
    earlier = session.scalar(select(Consultation).filter_by(slug=slug))
    if earlier is None or slug == document["slug"]:
        reason = f"« follows » nomme une consultation inconnue ou elle-même : {slug}"
        raise InvalidFile([FileError(str(path), "follows", reason)])
    return earlier


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def publish_questionnaire(
    session: Session, consultation: Consultation, definition: dict, position: int = 0
) -> tuple[QuestionnaireVersion, bool]:
    """Publish ``definition`` as a new version unless the same content is already published.

    Returns the version and whether it was created.
    """
    questionnaire = session.scalar(
        select(Questionnaire).filter_by(consultation_id=consultation.id, slug=definition["slug"])
    )
    if questionnaire is None:
        questionnaire = Questionnaire(consultation=consultation, slug=definition["slug"])
        session.add(questionnaire)
    questionnaire.audience, questionnaire.position = definition["audience"], position
    digest = content_hash(definition)
    existing = next((v for v in questionnaire.versions if v.content_hash == digest), None)
    if existing is not None:
        questionnaire.current_version = existing
        return existing, False
    version = QuestionnaireVersion(
        questionnaire=questionnaire,
        number=len(questionnaire.versions) + 1,
        content_hash=digest,
        definition=definition,
    )
    session.add(version)
    session.flush()
    questionnaire.current_version = version
    session.flush()
    return version, True
