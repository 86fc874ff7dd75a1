"""``consult serve``: the production HTTP server (gunicorn) on this machine."""

from __future__ import annotations

import os

import click
from flask.cli import ScriptInfo, pass_script_info
from gunicorn.app.base import BaseApplication

from consult.cli.welcome import admin_credentials, base_url, welcome_box

# No client address in the logs: respondents are anonymous (ARCHITECTURE.md).
ACCESS_LOG = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


class _Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from consult import create_app

        return create_app()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=lambda: int(os.environ.get("PORT", 5000)))
@click.option("--workers", type=int, default=2, show_default=True)
@click.option("--threads", type=int, default=4, show_default=True)
@click.option(
    "--welcome",
    is_flag=True,
    help="Crée au besoin l'administrateur et affiche, serveur prêt, adresse et identifiants.",
)
@pass_script_info
def serve(
    info: ScriptInfo, host: str, port: int, workers: int, threads: int, welcome: bool
) -> None:
    """Sert l'application (gunicorn) sur http://HOST:PORT."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG,
    }
    if welcome:
        options.update(_welcome_options(info, host))
    else:
        click.echo(f"Consult sur http://{host}:{port} (Ctrl+C pour arrêter)")
    _Server(options).run()


def _welcome_options(info: ScriptInfo, host: str) -> dict:
    """Quiet start-up, then the welcome box once gunicorn listens (with the port it got)."""
    email, password = admin_credentials(info.load_app())

    def when_ready(server) -> None:
        port = server.LISTENERS[0].sock.getsockname()[1]
        click.echo(welcome_box(base_url(host, port), email, password))

    return {"loglevel": "warning", "when_ready": when_ready}
