"""Compressed responses from `consult serve` itself: brotli or gzip, whatever the browser takes.

Pages and API answers are compressed per response by Flask-Compress. Static files are compressed
once per worker at the best brotli/gzip level and served from memory (« pre-compressed »), with
their own ETag per encoding. Behind a reverse proxy that compresses, nothing changes: a response
that already has a Content-Encoding is left alone by both (see README).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import brotli
from flask import Flask, Response, current_app, request, send_from_directory
from flask_compress import Compress
from werkzeug.security import safe_join
from werkzeug.wrappers import Response as BaseResponse

from consult import static_folder

compress = Compress()

MIMETYPES = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
    "text/csv",
    "text/plain",
]
MANIFEST = "application/manifest+json"
# Static files worth compressing (PNG images are compressed already).
COMPRESSIBLE = (".css", ".js", ".webmanifest", ".json", ".svg")


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    compress.init_app(app)
    app.view_functions["static"] = static_file


def chosen_encoding() -> str | None:
    accepted = request.accept_encodings
    for encoding in ("br", "gzip"):
        if accepted[encoding]:
            return encoding
    return None


def static_file(filename: str) -> BaseResponse:
    """A static file, from its pre-compressed copy when the browser accepts one."""
    folder = static_folder(current_app)
    path = safe_join(folder, filename)
    encoding = chosen_encoding()
    if not path or not filename.endswith(COMPRESSIBLE) or not encoding or not Path(path).is_file():
        return send_from_directory(folder, filename)
    stat = Path(path).stat()
    body, digest = compressed(path, stat.st_mtime_ns, encoding)
    mimetype = MANIFEST if filename.endswith(".webmanifest") else mimetypes.guess_type(filename)[0]
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.set_etag(f"{digest}-{encoding}")
    response.last_modified = datetime.fromtimestamp(int(stat.st_mtime), UTC)
    response.cache_control.no_cache = True  # as Flask's own static files: revalidate, 304 if same
    return response.make_conditional(request)


@cache
def compressed(path: str, mtime_ns: int, encoding: str) -> tuple[bytes, str]:
    """The file compressed at the best level, once per worker and file version (mtime)."""
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    if encoding == "br":
        return brotli.compress(data, quality=11), digest
    return gzip.compress(data, compresslevel=9, mtime=0), digest
