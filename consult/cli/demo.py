"""``consult demo``: load or remove the demonstration consultation."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from consult.db import session_scope
from consult.services.demo import DEMO_SLUG, DemoError, load_demo, remove_demo


@click.group()
def demo() -> None:
    """Consultation de démonstration (« données de démonstration »)."""


@demo.command("load")
@click.option("--responses", type=click.IntRange(10, 100_000), default=240, show_default=True)
@with_appcontext
def load(responses: int) -> None:
    """Crée la consultation de démonstration, remplie de réponses inventées."""
    try:
        with session_scope() as session:
            report = load_demo(session, current_app.config["QUESTIONNAIRES_DIR"], responses)
    except DemoError as exc:
        click.echo(f"Erreur : {exc}", err=True)
        sys.exit(2)
    click.echo(
        f"Démonstration chargée : {report.responses} répondants, {report.answers} réponses, "
        f"{report.meetings} réunions. Voir /equipe/c/{DEMO_SLUG}/"
    )


@demo.command("remove")
@with_appcontext
def remove() -> None:
    """Supprime la consultation de démonstration, et rien d'autre."""
    with session_scope() as session:
        removed = remove_demo(session)
    click.echo(
        f"Démonstration supprimée ({removed} répondants)."
        if removed
        else "Aucune démonstration à supprimer."
    )
