"""``consult users``: staff accounts."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from consult.auth.permissions import ROLES
from consult.cli.session import transaction
from consult.models import User
from consult.services.accounts import AccountError, create_user, ensure_admin


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
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
    try:
        with transaction() as session:
            user = create_user(session, email, password, role, quartier)
    except AccountError as exc:
        click.echo(f"Erreur : {exc}", err=True)
        sys.exit(2)
    click.echo(f"Compte créé : {user.email} ({user.role})")


@users.command("list")
@with_appcontext
def list_users() -> None:
    """Liste les comptes."""
    with transaction() as session:
        for user in session.scalars(select(User).order_by(User.email)):
            state = "actif" if user.active else "désactivé"
            click.echo(f"{user.email}\t{user.role}\t{user.quartier_id or '-'}\t{state}")


@users.command("ensure-admin")
@with_appcontext
def ensure_admin_command() -> None:
    """Crée un compte administrateur s'il n'en existe aucun."""
    with transaction() as session:
        admin, password = ensure_admin(session)
    if password is None:
        click.echo(f"Compte administrateur existant : {admin.email}")
        return
    click.echo("Compte administrateur créé. Première connexion sur /connexion avec :")
    click.echo(f"  identifiant : {admin.email}")
    click.echo(f"  mot de passe : {password}")
    click.echo("Notez ce mot de passe : il ne sera plus affiché.")
