"""``consult import answers``: import a CSV/XLSX file of answers collected with another tool."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import yaml
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from consult.db import session_scope
from consult.models import Consultation, Questionnaire
from consult.services.imports import COMMIT_EVERY, UnreadableFile, import_table, read_table


@click.group("import")
def import_group() -> None:
    """Importer des réponses recueillies avec un autre outil."""


@import_group.command("answers")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--questionnaire",
    "target",
    required=True,
    help="Questionnaire : CONSULTATION/QUESTIONNAIRE (ex. concertation-citoyenne/adultes).",
)
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    required=True,
    help="Fichier YAML ou JSON {colonne: clé de question, segment, quartier, id ou date}.",
)
@click.option("--quartier", help="Quartier de toutes les lignes (sinon une colonne « quartier »).")
@click.option("--dry-run", is_flag=True, help="Vérifier chaque ligne sans rien enregistrer.")
@with_appcontext
def answers(file: Path, target: str, mapping: Path, quartier: str | None, dry_run: bool) -> None:
    """Importe les réponses de FILE (.csv ou .xlsx) avec le canal « import »."""
    try:
        columns = _read_mapping(mapping)
        table = read_table(file.name, file.read_bytes())
        # A dry run only reads: its session takes no write lock.
        sessions = current_app.extensions["consult.sessions"]
        with sessions() if dry_run else session_scope() as session:
            version_id = _version_id(session, target)
            report = import_table(
                session,
                version_id,
                table,
                columns,
                quartier_id=quartier,
                filename=file.name,
                dry_run=dry_run,
                commit_every=COMMIT_EVERY,
            )
    except UnreadableFile as exc:
        click.echo(f"{file} : {exc}", err=True)
        sys.exit(2)
    for row in report.rejected:
        click.echo(f"{file} : ligne {row.line} : {row.message}", err=True)
    verb = "à importer" if dry_run else "importées"
    click.echo(
        f"{report.created} ligne(s) {verb}, {report.duplicate} déjà importée(s), "
        f"{report.conflict} en conflit, {len(report.rejected)} refusée(s)."
    )
    if report.rejected:
        sys.exit(1)


def _read_mapping(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise UnreadableFile(f"correspondance illisible ({path.name} : {exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str | None) for v in data.values()):
        raise UnreadableFile("la correspondance doit être un objet {colonne: cible}")
    return {str(k): v or "" for k, v in data.items()}


def _version_id(session, target: str) -> int:
    consultation_slug, _, slug = target.rpartition("/")
    query = select(Questionnaire).join(Consultation).where(Questionnaire.slug == slug)
    if consultation_slug:
        query = query.where(Consultation.slug == consultation_slug)
    found = list(session.scalars(query))
    if len(found) != 1 or found[0].current_version_id is None:
        reason = "ambigu : précisez CONSULTATION/QUESTIONNAIRE" if found else "introuvable"
        raise UnreadableFile(f"questionnaire « {target} » {reason}")
    return found[0].current_version_id
