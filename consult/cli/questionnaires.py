"""``consult questionnaires``: validate and load questionnaire files."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from consult.db import session_scope
from consult.questionnaire.validation import InvalidFile, check_paths
from consult.services.catalog import load_catalog


@click.group()
def questionnaires() -> None:
    """Questionnaires, consultations et territoires (fichiers YAML)."""


@questionnaires.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Valide les fichiers PATHS (par défaut : tout le dossier questionnaires/)."""
    from consult.config import QUESTIONNAIRES_DIR

    targets = list(paths) or [QUESTIONNAIRES_DIR]
    missing = [p for p in targets if not p.exists()]
    for path in missing:
        click.echo(f"{path} : fichier : introuvable", err=True)
    errors = check_paths([p for p in targets if p.exists()])
    for error in errors:
        click.echo(str(error), err=True)
    if errors or missing:
        sys.exit(1)
    click.echo("Tous les fichiers sont valides.")


@questionnaires.command("load")
@click.option("--root", type=click.Path(path_type=Path, exists=True, file_okay=False))
@with_appcontext
def load(root: Path | None) -> None:
    """Charge territoires, consultations et nouvelles versions de questionnaires."""
    try:
        with session_scope() as session:
            report = load_catalog(session, root or current_app.config["QUESTIONNAIRES_DIR"])
    except InvalidFile as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"Territoires : {', '.join(report.territories) or 'aucun'}")
    for label in report.new_versions:
        click.echo(f"Nouvelle version publiée : {label}")
    for label in report.unchanged:
        click.echo(f"Inchangé : {label}")


@questionnaires.command("import-xlsform")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.option("--slug", help="Identifiant du questionnaire (par défaut : form_id).")
@click.option(
    "--audience",
    type=click.Choice(["adultes", "jeunes", "tous"]),
    default="tous",
    show_default=True,
)
def import_xlsform(file: Path, output: Path, slug: str | None, audience: str) -> None:
    """Convertit un XLSForm (ODK, KoboToolbox) en fichier questionnaire YAML."""
    import yaml

    from consult.questionnaire.xlsform import XLSFormError, convert_xlsform

    try:
        document = convert_xlsform(file, slug=slug, audience=audience)
    except XLSFormError as exc:
        for problem in exc.problems:
            click.echo(f"{file} : {problem}", err=True)
        sys.exit(1)
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    output.write_text(text, encoding="utf-8")
    click.echo(f"Questionnaire écrit dans {output} ({len(document['questions'])} questions).")
