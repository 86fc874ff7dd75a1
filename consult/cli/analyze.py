"""``consult analyze``: themes of any CSV file, and tagging of stored answers."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask.cli import with_appcontext

from analysis.codebook import CodebookError, default_codebook, load_codebook
from analysis.csvthemes import CsvInputError, tag_csv
from analysis.parallel import TaggerPool
from analysis.tagging import Tagger, tagger_for
from consult.db import session_scope

INPUT_ERROR = 2
MAX_WORKERS = 16
WORKERS = click.option(
    "--workers",
    default="1",
    show_default=True,
    help="Processus d'analyse en parallèle (un par cœur ; chacun charge spaCy, ≈ 300 Mo).",
)
NOTHING_LEARNT = 1  # too few staff codings: nothing stored


@click.group()
def analyze() -> None:
    """Analyse des réponses : thèmes des atouts et des priorités."""


@analyze.command("themes")
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option("--text-column", required=True, help="Colonne contenant le texte à analyser.")
@click.option("--id-column", help="Colonne identifiant chaque ligne (sinon : numéro de ligne).")
@click.option("--codebook", type=click.Path(path_type=Path), help="Fichier de thèmes (YAML).")
@click.option("--output", required=True, type=click.Path(path_type=Path), help="CSV produit.")
@WORKERS
def themes(
    input_csv: Path,
    text_column: str,
    id_column: str | None,
    codebook: Path | None,
    output: Path,
    workers: str,
) -> None:
    """Écrit, pour chaque ligne de INPUT.csv, ses thèmes et les mots qui les justifient."""
    count = _workers(workers)
    try:
        with _tagger(codebook, count) as tagger:
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
@WORKERS
@with_appcontext
def tag(retag: bool, codebook: Path | None, workers: str) -> None:
    """Attribue des thèmes aux réponses et contributions qui n'en ont pas encore."""
    from consult.services.coding import tag_pending

    count = _workers(workers)
    try:
        with _tagger(codebook, count) as tagger, session_scope() as session:
            report = tag_pending(session, tagger, retag=retag)
    except CodebookError as exc:
        _fail(str(exc).splitlines()[0])
    click.echo(
        f"{report.answers} réponses et {report.contributions} contributions analysées "
        f"(codebook {tagger.codebook.slug} {tagger.codebook.version}), "
        f"{report.unclassified} à classer, {report.no_opinion} sans avis."
    )


@analyze.command("train")
@click.option("--codebook", type=click.Path(path_type=Path), help="Fichier de thèmes (YAML).")
@with_appcontext
def train(codebook: Path | None) -> None:
    """Apprend des codages de l'équipe un modèle qui complète le codebook, s'il aide."""
    from consult.services.coding import tag_pending
    from consult.services.learning import NotEnoughCodings, train_model

    try:
        tagger = tagger_for(load_codebook(codebook) if codebook else None)
    except CodebookError as exc:
        _fail(str(exc).splitlines()[0])
    try:
        with session_scope() as session:
            outcome = train_model(session, tagger)
    except NotEnoughCodings as exc:
        click.echo(f"Aucun modèle enregistré : {exc}.", err=True)
        sys.exit(NOTHING_LEARNT)
    for line in _figures(outcome.evaluation):
        click.echo(line)
    if outcome.active or outcome.was_active:
        with session_scope() as session:
            report = tag_pending(session, tagger, everything=True)
        click.echo(
            f"{report.answers} réponses et {report.contributions} contributions "
            "analysées à nouveau (les codages de l'équipe restent)."
        )


def _figures(evaluation) -> list[str]:
    def fr(value: float, sign: str = "") -> str:
        return f"{value:{sign}.3f}".replace(".", ",")

    gain = evaluation.gain
    verdict = (
        "modèle utilisé : il améliore le codebook."
        if evaluation.helps
        else "modèle non utilisé : il n'améliore pas le codebook."
    )
    return [
        f"Validation croisée ({evaluation.folds} plis, {evaluation.examples} réponses codées "
        f"par l'équipe, thèmes appris : {', '.join(evaluation.themes)}) :",
        f"  codebook seul       micro-F1 {fr(evaluation.codebook.micro_f1)}  "
        f"macro-F1 {fr(evaluation.codebook.macro_f1)}",
        f"  codebook + modèle   micro-F1 {fr(evaluation.combined.micro_f1)}  "
        f"macro-F1 {fr(evaluation.combined.macro_f1)}",
        f"  gain                micro-F1 {fr(gain.micro_f1, '+')}  "
        f"macro-F1 {fr(gain.macro_f1, '+')}",
        verdict.capitalize(),
    ]


@contextmanager
def _tagger(codebook: Path | None, workers: int) -> Iterator[Tagger | TaggerPool]:
    """The codebook's tagger in this process, or a pool of ``workers`` processes."""
    book = load_codebook(codebook) if codebook else default_codebook()
    if workers == 1:
        yield tagger_for(book)
        return
    with TaggerPool(book, workers) as pool:
        yield pool


def _workers(value: str) -> int:
    """``--workers``: a whole number from 1 to MAX_WORKERS, else a French error (status 2)."""
    if not value.isascii() or not value.isdecimal() or not 1 <= int(value) <= MAX_WORKERS:
        _fail(f"--workers : un nombre entier de 1 à {MAX_WORKERS} est attendu (reçu « {value} »)")
    return int(value)


def _fail(message: str) -> None:
    click.echo(f"Erreur : {message}", err=True)
    sys.exit(INPUT_ERROR)
