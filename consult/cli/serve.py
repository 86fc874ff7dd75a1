"""``consult serve``: the production HTTP server (gunicorn) on this machine."""

from __future__ import annotations

import os

import click
from gunicorn.app.base import BaseApplication

# No client address in the logs: respondents are anonymous (DESIGN.md §3.7).
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
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Sert l'application (gunicorn) sur http://HOST:PORT."""
    click.echo(f"Consult sur http://{host}:{port} (Ctrl+C pour arrêter)")
    _Server(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "accesslog": "-",
            "access_log_format": ACCESS_LOG,
        }
    ).run()
