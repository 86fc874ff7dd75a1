"""A questionnaire page with everything it loads: at most 100 KB uncompressed, 30 KB as sent to
a browser that accepts brotli, all from this site (slow-network speed: bench/page_weight.py)."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

import brotli

PAGE = "/c/concertation-citoyenne/voltaire/jeunes"
LIMIT = 100 * 1024
COMPRESSED_LIMIT = 30 * 1024
REFERENCES = re.compile(r'(?:src|href)="([^"#]+)"')
IMPORTS = re.compile(r"""(?:import|from)\s*\(?\s*['"]([^'"]+\.js)['"]""")


def text_of(response) -> str:
    if response.headers.get("Content-Encoding") == "br":
        return brotli.decompress(response.data).decode("utf-8")
    return response.get_data(as_text=True)


def assets_of(client, url: str, body: str, seen: dict[str, int], headers: dict) -> None:
    """Follow what the browser loads: stylesheets, scripts, module imports, manifest, icons."""
    found = []
    if url.endswith(".js"):
        found = IMPORTS.findall(body)
    elif url.endswith(".webmanifest"):
        found = [icon["src"] for icon in json.loads(body)["icons"]]
    else:
        tags = re.findall(r"<(?:link|script|img)\b[^>]*>", body)
        found = [m for tag in tags for m in REFERENCES.findall(tag)]
    for reference in found:
        target = urljoin(url, reference)
        assert not urlsplit(target).netloc, f"third-party or absolute URL: {reference}"
        if target in seen:
            continue
        response = client.get(target, headers=headers)
        assert response.status_code == 200, target
        seen[target] = len(response.data)
        if target.endswith((".js", ".webmanifest")):
            assets_of(client, target, text_of(response), seen, headers)


def page_weight(client, headers: dict) -> dict[str, int]:
    page = client.get(PAGE, headers=headers)
    html = text_of(page)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html), "no absolute URL to another host"
    seen = {PAGE: len(page.data)}
    assets_of(client, PAGE, html, seen, headers)
    assert any(url.endswith("app.js") for url in seen) and any(url.endswith(".png") for url in seen)
    assert "<style>" in html  # the main stylesheet comes inlined in the page
    return seen


def test_a_questionnaire_page_and_its_assets_weigh_under_100_kb(client):
    seen = page_weight(client, {})
    total = sum(seen.values())
    print(f"questionnaire page weight: {total / 1024:.1f} KB in {len(seen)} files")
    assert total <= LIMIT, seen


def test_compressed_the_questionnaire_page_and_its_assets_weigh_under_30_kb(client):
    seen = page_weight(client, {"Accept-Encoding": "br, gzip"})
    total = sum(seen.values())
    print(f"questionnaire page weight, brotli: {total / 1024:.1f} KB in {len(seen)} files")
    assert total <= COMPRESSED_LIMIT, seen
    assert total < sum(page_weight(client, {}).values()) / 2
