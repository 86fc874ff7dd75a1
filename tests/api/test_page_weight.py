"""A questionnaire page with everything it loads weighs at most 100 KB, all from this site."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

PAGE = "/c/concertation-citoyenne/voltaire/jeunes"
LIMIT = 100 * 1024
REFERENCES = re.compile(r'(?:src|href)="([^"#]+)"')
IMPORTS = re.compile(r"""(?:import|from)\s*\(?\s*['"]([^'"]+\.js)['"]""")


def assets_of(client, url: str, body: str, seen: dict[str, int]) -> None:
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
        response = client.get(target)
        assert response.status_code == 200, target
        seen[target] = len(response.data)
        if target.endswith((".js", ".webmanifest")):
            assets_of(client, target, response.get_data(as_text=True), seen)


def test_a_questionnaire_page_and_its_assets_weigh_under_100_kb(client):
    page = client.get(PAGE)
    html = page.get_data(as_text=True)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html), "no absolute URL to another host"
    seen = {PAGE: len(page.data)}
    assets_of(client, PAGE, html, seen)
    assert any(url.endswith("app.js") for url in seen) and any(url.endswith(".css") for url in seen)
    assert any(url.endswith(".png") for url in seen)
    total = sum(seen.values())
    print(f"questionnaire page weight: {total / 1024:.1f} KB in {len(seen)} files")
    assert total <= LIMIT, seen
