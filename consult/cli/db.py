"""``consult db``: schema migrations (Alembic)."""

from __future__ import annotations

import click
from alembic import command
from alembic.config import Config
from flask import current_app
from flask.cli import with_appcontext

from consult.config import MIGRATIONS_DIR


def alembic_config(database_url: str) -> Config:
    """Alembic settings without an ini file: the migrations folder and the app's database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


@click.group()
def db() -> None:
    """Base de données : migrations."""


@db.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def upgrade(revision: str) -> None:
    """Applique les migrations jusqu'à REVISION (par défaut : la dernière)."""
    command.upgrade(alembic_config(current_app.config["DATABASE_URL"]), revision)
    click.echo("Base de données à jour.")


@db.command("current")
@with_appcontext
def current() -> None:
    """Affiche la révision appliquée."""
    command.current(alembic_config(current_app.config["DATABASE_URL"]))
