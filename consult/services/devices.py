"""Enrolled tablets: a device token is shown once, only its SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.models import Consultation, Device, Quartier, Questionnaire
from consult.services.audit import record_event

TOKEN_BYTES = 32
MAX_NAME_LENGTH = 100


class DeviceError(ValueError):
    """A French message explaining why a device could not be enrolled or changed."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def enrol_device(
    session: Session,
    name: str,
    quartier_ids: Iterable[str],
    questionnaire_slug: str | None = None,
    created_by_id: int | None = None,
) -> tuple[Device, str]:
    """Create a device for ``quartier_ids``; return it with its token (never stored in clear)."""
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME_LENGTH:
        message = f"Le nom de la tablette est obligatoire ({MAX_NAME_LENGTH} caractères au plus)."
        raise DeviceError(message)
    quartiers = _quartiers(session, quartier_ids)
    if questionnaire_slug and not _questionnaire_exists(session, questionnaire_slug):
        raise DeviceError(f"Questionnaire inconnu : « {questionnaire_slug} ».")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    device = Device(
        name=name,
        token_hash=hash_token(token),
        questionnaire_slug=questionnaire_slug or None,
        created_by_id=created_by_id,
        quartiers=quartiers,
    )
    session.add(device)
    session.flush()
    details = {"name": name, "quartiers": [q.id for q in quartiers]}
    record_event(session, created_by_id, "enrol", "device", device.id, details)
    return device, token


def _quartiers(session: Session, quartier_ids: Iterable[str]) -> list[Quartier]:
    ids = list(dict.fromkeys(quartier_ids))
    if not ids:
        raise DeviceError("Choisissez au moins un quartier.")
    found = {q.id: q for q in session.scalars(select(Quartier).where(Quartier.id.in_(ids)))}
    unknown = [qid for qid in ids if qid not in found]
    if unknown:
        raise DeviceError(f"Quartier inconnu : {', '.join(unknown)}.")
    return [found[qid] for qid in ids]


def _questionnaire_exists(session: Session, slug: str) -> bool:
    return session.scalar(select(Questionnaire.id).filter_by(slug=slug).limit(1)) is not None


def authenticate_device(session: Session, token: str) -> Device | None:
    """The device holding ``token`` (revoked or not), or None."""
    if not token:
        return None
    return session.scalar(select(Device).filter_by(token_hash=hash_token(token)))


def mark_seen(device: Device) -> None:
    device.last_seen_at = datetime.now(UTC)


def revoke_device(session: Session, device_id: int, user_id: int | None = None) -> Device:
    """Revoke a device: its token answers 401 from now on. Revoking twice changes nothing."""
    device = session.get(Device, device_id)
    if device is None:
        raise DeviceError(f"Tablette inconnue : {device_id}.")
    if device.revoked_at is None:
        device.revoked_at = datetime.now(UTC)
        record_event(session, user_id, "revoke", "device", device.id, {"name": device.name})
    return device


def list_devices(session: Session) -> list[Device]:
    query = select(Device).order_by(Device.revoked_at.is_not(None), Device.name)
    return list(session.scalars(query))


def device_questionnaires(session: Session, device: Device) -> list[dict]:
    """The questionnaire pages a device collects on: open consultations × its quartiers."""
    pages = []
    quartier_ids = {q.id for q in device.quartiers}
    query = select(Consultation).filter_by(status="open").order_by(Consultation.id)
    consultations = session.scalars(query)
    for consultation in consultations:
        for quartier in consultation.quartiers:
            if quartier.id not in quartier_ids:
                continue
            for questionnaire in consultation.questionnaires:
                if device.questionnaire_slug and questionnaire.slug != device.questionnaire_slug:
                    continue
                if questionnaire.current_version_id is None:
                    continue
                pages.append(
                    {
                        "consultation": consultation.slug,
                        "quartier": quartier.id,
                        "quartier_name": quartier.name,
                        "questionnaire": questionnaire.slug,
                        "audience": questionnaire.audience,
                        "version_id": questionnaire.current_version_id,
                        "path": f"/c/{consultation.slug}/{quartier.id}/{questionnaire.slug}",
                    }
                )
    return pages
