"""``consult analyze``: themes of any CSV file, and tagging of stored answers."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from analysis.codebook import CodebookError, load_codebook
from analysis.csvthemes import CsvInputError, tag_csv
from analysis.tagging import tagger_for
from consult.db import session_scope

INPUT_ERROR = 2


@click.group()
def analyze() -> None:
    """Analyse des réponses : thèmes des atouts et des priorités."""


@analyze.command("themes")
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option("--text-column", required=True, help="Colonne contenant le texte à analyser.")
@click.option("--id-column", help="Colonne identifiant chaque ligne (sinon : numéro de ligne).")
@click.option("--codebook", type=click.Path(path_type=Path), help="Fichier de thèmes (YAML).")
@click.option("--output", required=True, type=click.Path(path_type=Path), help="CSV produit.")
def themes(
    input_csv: Path, text_column: str, id_column: str | None, codebook: Path | None, output: Path
) -> None:
    """Écrit, pour chaque ligne de INPUT.csv, ses thèmes et les mots qui les justifient."""
    try:
        tagger = tagger_for(load_codebook(codebook) if codebook else None)
        report = tag_csv(tagger, input_csv, output, text_column, id_column)
    except CodebookError as exc:
        _fail(str(exc).splitlines()[0])
    except CsvInputError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"écriture impossible : {output} ({exc.strerror or exc})")
    click.echo(f"{report.rows} lignes analysées, {report.tagged} avec au moins un thème : {output}")


@analyze.command("tag")
@click.option("--retag", is_flag=True, help="Recalcule les thèmes automatiques (nouveau codebook).")
@click.option("--codebook", type=click.Path(path_type=Path), help="Fichier de thèmes (YAML).")
@with_appcontext
def tag(retag: bool, codebook: Path | None) -> None:
    """Attribue des thèmes aux réponses et contributions qui n'en ont pas encore."""
    from consult.services.coding import tag_pending

    try:
        tagger = tagger_for(load_codebook(codebook) if codebook else None)
    except CodebookError as exc:
        _fail(str(exc).splitlines()[0])
    with session_scope() as session:
        report = tag_pending(session, tagger, retag=retag)
    click.echo(
        f"{report.answers} réponses et {report.contributions} contributions analysées "
        f"(codebook {tagger.codebook.slug} {tagger.codebook.version}), "
        f"{report.unclassified} à classer, {report.no_opinion} sans avis."
    )


def _fail(message: str) -> None:
    click.echo(f"Erreur : {message}", err=True)
    sys.exit(INPUT_ERROR)
