"""Consult: citizen consultations for the quartiers prioritaires de la politique de la ville."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app: defaults, environment, test overrides, extensions, blueprints."""
    app = Flask(__name__, instance_relative_config=True)
    from consult import config

    app.config.from_mapping(config.DEFAULTS)
    app.config.from_mapping(config.load_config(Path(app.instance_path)))
    if test_config:
        app.config.from_mapping(test_config)
    _trust_proxies(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def static_folder(app: Flask) -> str:
    """The app's static folder (Flask's type allows none; Consult always has one)."""
    if app.static_folder is None:
        raise RuntimeError("Consult's static folder is not set")
    return app.static_folder


def template_folder(app: Flask) -> Path:
    """The app's template folder, as an absolute path."""
    if app.template_folder is None:
        raise RuntimeError("Consult's template folder is not set")
    return Path(app.root_path) / app.template_folder


def _register_commands(app: Flask) -> None:
    """Make the ``consult`` sub-commands available on ``app.cli`` too (``flask``, test runner)."""
    from consult.cli import cli

    for name, command in cli.commands.items():
        app.cli.add_command(command, name)


def _trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, the client address is the one they put in X-Forwarded-For
    (submission limits and the login throttle count per client: without this, every resident
    would be the proxy)."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Flask's documented way to add a WSGI middleware; mypy sees a method being replaced.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _init_extensions(app: Flask) -> None:
    from consult import compression, db, errors, i18n, inline_css, templating, throttle
    from consult.auth.session import init_login
    from consult.extensions import CONTENT_SECURITY_POLICY, csrf, talisman

    # The inlined stylesheet (inline_css.py) is allowed by its hash, no other inline style.
    style_src = ["'self'", inline_css.csp_source(static_folder(app))]
    db.init_app(app)
    throttle.init_app(app)
    csrf.init_app(app)
    init_login(app)
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=CONTENT_SECURITY_POLICY | {"style-src": style_src},
        strict_transport_security=app.config["FORCE_HTTPS"],
        referrer_policy="same-origin",
    )
    templating.init_app(app)
    i18n.init_app(app)
    app.jinja_env.globals["inline_stylesheet"] = lambda: inline_css.style_element(
        static_folder(app)
    )
    compression.init_app(app)
    errors.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from consult.admin import bp as admin_bp
    from consult.api import bp as api_bp
    from consult.auth.routes import bp as auth_bp
    from consult.imports import bp as imports_bp
    from consult.meetings import bp as meetings_bp
    from consult.paper import bp as paper_bp
    from consult.pwa import bp as pwa_bp
    from consult.staff import bp as staff_bp
    from consult.survey import bp as survey_bp

    app.register_blueprint(survey_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(pwa_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(paper_bp)
    app.register_blueprint(imports_bp)
