"""The ``consult`` command: a Flask CLI group with one sub-group per area."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from consult import create_app
from consult.cli.analyze import analyze
from consult.cli.db import db
from consult.cli.demo import demo
from consult.cli.devices import devices
from consult.cli.imports import import_group
from consult.cli.questionnaires import questionnaires
from consult.cli.serve import serve
from consult.cli.users import users


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False)
def cli() -> None:
    """Consult : consultations citoyennes des quartiers prioritaires."""


for command in (db, questionnaires, users, serve, devices, import_group, analyze, demo):
    cli.add_command(command)
