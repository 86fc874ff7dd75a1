"""`consult serve` compresses: pages per response, static files once, brotli before gzip."""

from __future__ import annotations

import gzip
import hashlib
import re
from base64 import b64encode

import brotli

PAGE = "/c/concertation-citoyenne/voltaire/jeunes"
STATIC = "/static/js/app.js"


def decode(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(response.data)
    if encoding == "gzip":
        return gzip.decompress(response.data)
    assert encoding is None
    return response.data


def test_pages_are_compressed_with_brotli_or_gzip_as_the_browser_accepts(client):
    plain = client.get(PAGE)
    assert plain.headers.get("Content-Encoding") is None
    for accepted, expected in [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("identity", None)]:
        response = client.get(PAGE, headers={"Accept-Encoding": accepted})
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == expected
        assert "Accept-Encoding" in response.headers["Vary"]
        html = decode(response).decode("utf-8")
        assert 'id="questionnaire-form"' in html and html.rstrip().endswith("</html>")
        if expected:
            assert len(response.data) < len(plain.data) / 2


def test_static_files_are_served_precompressed_with_their_own_etag(app, client):
    original = (app.static_folder + "/js/app.js").replace("//", "/")
    with open(original, "rb") as file:
        source = file.read()
    etags = set()
    for accepted, expected in [("br", "br"), ("gzip", "gzip"), ("", None)]:
        response = client.get(STATIC, headers={"Accept-Encoding": accepted})
        assert response.headers.get("Content-Encoding") == expected
        assert decode(response) == source
        etags.add(response.headers["ETag"])
        again = client.get(
            STATIC, headers={"Accept-Encoding": accepted, "If-None-Match": response.headers["ETag"]}
        )
        assert again.status_code == 304
    assert len(etags) == 3  # a cache never hands brotli bytes to a gzip-only client
    png = client.get("/static/icons/icon-192.png", headers={"Accept-Encoding": "br"})
    assert png.headers.get("Content-Encoding") is None  # already compressed
    assert (
        client.get("/static/../consult/__init__.py", headers={"Accept-Encoding": "br"}).status_code
        == 404
    )


def test_the_inlined_stylesheet_is_the_only_inline_style_the_policy_allows(client):
    response = client.get(PAGE)
    html = response.get_data(as_text=True)
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert len(styles) == 1 and "</" not in styles[0]
    digest = b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    policy = response.headers["Content-Security-Policy"]
    style_src = re.search(r"style-src ([^;]+)", policy).group(1).split()
    assert style_src == ["'self'", f"'sha256-{digest}'"]
    assert "unsafe-inline" not in policy
