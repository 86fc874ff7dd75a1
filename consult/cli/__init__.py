"""The ``consult`` command: a Flask CLI group with one sub-group per area."""

from __future__ import annotations

import os

import click
from flask.cli import FlaskGroup
from sqlalchemy.exc import InterfaceError, OperationalError

from consult import create_app
from consult.cli.analyze import analyze
from consult.cli.db import db
from consult.cli.demo import demo
from consult.cli.devices import devices
from consult.cli.imports import import_group
from consult.cli.questionnaires import questionnaires
from consult.cli.serve import serve
from consult.cli.users import users
from consult.db import DatabaseUrlError, shown_url


class ConsultGroup(FlaskGroup):
    """A database that cannot be opened is one French line and exit status 2, no traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DatabaseUrlError as exc:
            message = str(exc)
        except (OperationalError, InterfaceError) as exc:
            url = shown_url(os.environ.get("DATABASE_URL", "") or "sqlite (instance/consult.db)")
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            message = f"base de données inaccessible ({url}) : {reason}"
        click.echo(f"Erreur : {message}", err=True)
        ctx.exit(2)


@click.group(cls=ConsultGroup, create_app=create_app, add_default_commands=False)
def cli() -> None:
    """Consult : consultations citoyennes des quartiers prioritaires."""


for command in (db, questionnaires, users, serve, devices, import_group, analyze, demo):
    cli.add_command(command)
