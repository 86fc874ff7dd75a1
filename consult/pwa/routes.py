"""Service worker and tablet page."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import Response, current_app, render_template, url_for

from consult import static_folder, template_folder
from consult.pwa import bp

# Files of the app shell, relative to the static folder; cached by the service worker at install.
SHELL_PATTERNS = ("css/*.css", "js/*.js", "icons/*.png", "manifest.webmanifest")
# Pages cached at install (besides the questionnaire pages of the tablet, cached on demand).
SHELL_PAGES = ("survey.home", "pwa.kiosk")


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker, stamped with a version that changes with every deployment."""
    static = Path(static_folder(current_app))
    source = (static / "sw.js").read_text(encoding="utf-8")
    shell = [url_for(endpoint) for endpoint in SHELL_PAGES] + [
        url_for("static", filename=name) for name in shell_files(static)
    ]
    root = Path(current_app.root_path)
    # Templates and translations shape the cached pages too: a change to either is a deployment.
    sources = (static, template_folder(current_app), root / "translations")
    # DEPLOYMENT_VERSION (tests) stands for a new deployment without changing files.
    version = current_app.config.get("DEPLOYMENT_VERSION") or deployment_version(*sources)
    config = json.dumps({"version": version, "shell": shell})
    body = source.replace("self.CONSULT_CONFIG", config, 1)
    response = Response(body, mimetype="text/javascript")
    # The browser must check for a new version on every load (an old SW must not stick).
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/tablette")
def kiosk():
    """The tablet page: enrol with a token, see the outbox, sync, open a questionnaire."""
    return render_template("kiosk/index.html")


def shell_files(static: Path) -> list[str]:
    names = {path.relative_to(static).as_posix() for p in SHELL_PATTERNS for path in static.glob(p)}
    return sorted(names)


@cache
def deployment_version(*roots: Path) -> str:
    """A hash of every file under ``roots``: a new deployment gives a new service worker."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
