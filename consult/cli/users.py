"""``consult users``: staff accounts."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from consult.auth.permissions import ROLES
from consult.db import session_scope
from consult.models import User
from consult.services.accounts import (
    AccountError,
    create_user,
    deactivate_user,
    ensure_admin,
    existing_user,
    set_password,
)


@click.group()
def users() -> None:
    """Comptes du personnel (admin, staff, collector)."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="Rôle du compte.")
@click.option("--quartier", help="Limiter le compte à un quartier (id).")
@click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
@with_appcontext
def create(email: str, role: str, quartier: str | None, password_stdin: bool) -> None:
    """Crée un compte EMAIL ; le mot de passe est demandé (ou lu sur stdin)."""
    password = _read_password(password_stdin)
    with _account_errors(), session_scope() as session:
        user = create_user(session, email, password, role, quartier)
    click.echo(f"Compte créé : {user.email} ({user.role})")


@users.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
@with_appcontext
def set_password_command(email: str, password_stdin: bool) -> None:
    """Remplace le mot de passe du compte EMAIL (demandé, ou lu sur stdin)."""
    password = _read_password(password_stdin)
    with _account_errors(), session_scope() as session:
        set_password(session, existing_user(session, email), password, None)
    click.echo(f"Mot de passe remplacé : {email.strip().lower()}")


@users.command("deactivate")
@click.argument("email")
@with_appcontext
def deactivate(email: str) -> None:
    """Désactive le compte EMAIL : plus de connexion, et sa session se ferme aussitôt."""
    with _account_errors(), session_scope() as session:
        deactivate_user(session, existing_user(session, email))
    click.echo(f"Compte désactivé : {email.strip().lower()}")


@users.command("list")
@with_appcontext
def list_users() -> None:
    """Liste les comptes."""
    with session_scope() as session:
        for user in session.scalars(select(User).order_by(User.email)):
            state = "actif" if user.active else "désactivé"
            click.echo(f"{user.email}\t{user.role}\t{user.quartier_id or '-'}\t{state}")


@users.command("ensure-admin")
@with_appcontext
def ensure_admin_command() -> None:
    """Crée un compte administrateur s'il n'en existe aucun."""
    with session_scope() as session:
        admin, password = ensure_admin(session)
    if password is None:
        click.echo(f"Compte administrateur existant : {admin.email}")
        return
    click.echo("Compte administrateur créé. Première connexion sur /connexion avec :")
    click.echo(f"  identifiant : {admin.email}")
    click.echo(f"  mot de passe : {password}")
    click.echo("Notez ce mot de passe : il ne sera plus affiché.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)


@contextmanager
def _account_errors() -> Iterator[None]:
    """An account error is one French line on stderr and exit status 2."""
    try:
        yield
    except AccountError as exc:
        click.echo(f"Erreur : {exc}", err=True)
        sys.exit(2)
