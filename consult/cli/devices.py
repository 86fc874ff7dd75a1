"""``consult devices``: enrol, list and revoke the tablets that collect offline."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from consult.db import session_scope
from consult.services.devices import DeviceError, enrol_device, list_devices, revoke_device


@click.group()
def devices() -> None:
    """Tablettes enrôlées (jetons d'appareil)."""


@devices.command("add")
@click.argument("name")
@click.option(
    "--quartier", "quartiers", multiple=True, required=True, help="Quartier (id), répétable."
)
@click.option("--questionnaire", help="Limiter la tablette à un questionnaire (slug).")
@with_appcontext
def add(name: str, quartiers: tuple[str, ...], questionnaire: str | None) -> None:
    """Enrôle la tablette NAME et affiche son jeton (une seule fois)."""
    try:
        with session_scope() as session:
            device, token = enrol_device(session, name, quartiers, questionnaire)
    except DeviceError as exc:
        click.echo(f"Erreur : {exc}", err=True)
        sys.exit(2)
    click.echo(f"Tablette enrôlée : {device.name} (n° {device.id})")
    click.echo(f"Jeton (il ne sera plus affiché) : {token}")
    click.echo("Sur la tablette, ouvrez /tablette et collez ce jeton.")


@devices.command("list")
@with_appcontext
def list_command() -> None:
    """Liste les tablettes."""
    with session_scope() as session:
        for device in list_devices(session):
            state = f"révoquée {device.revoked_at:%Y-%m-%d}" if device.revoked_at else "active"
            quartiers = ",".join(q.id for q in device.quartiers)
            seen = f"{device.last_seen_at:%Y-%m-%d %H:%M}" if device.last_seen_at else "jamais"
            questionnaire = device.questionnaire_slug or "tous"
            click.echo(f"{device.id}\t{device.name}\t{quartiers}\t{questionnaire}\t{state}\t{seen}")


@devices.command("revoke")
@click.argument("device_id", type=int)
@with_appcontext
def revoke(device_id: int) -> None:
    """Révoque la tablette DEVICE_ID : son jeton ne fonctionne plus."""
    try:
        with session_scope() as session:
            device = revoke_device(session, device_id)
    except DeviceError as exc:
        click.echo(f"Erreur : {exc}", err=True)
        sys.exit(2)
    click.echo(f"Tablette révoquée : {device.name}")
