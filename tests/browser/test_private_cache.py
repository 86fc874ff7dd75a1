"""The service worker never stores a page served to a logged-in user (issue 9, item 13)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

# Every stored response: its path, and whether it shows the staff menu.
CACHED = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const html = (response.headers.get('Content-Type') || '').startsWith('text/html');
      const text = html ? await response.text() : '';
      found.push({ path: new URL(request.url).pathname, staff: text.includes('Se déconnecter') });
    }
  }
  return found;
}"""


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def visit_with_service_worker(page, url: str) -> list[dict]:
    """Open ``url`` until the service worker controls it, open it again, list the cache."""
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return page.evaluate(CACHED)


def test_pages_seen_by_a_logged_in_user_are_never_cached(page, live_url, auth):
    auth.create("staff@example.org", "staff")
    page.goto(live_url + "/connexion")
    page.fill("#email", "staff@example.org")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_url + "/equipe/")
    cached = visit_with_service_worker(page, live_url + "/")
    page.goto(live_url + "/equipe/")
    cached = page.evaluate(CACHED)
    paths = {entry["path"] for entry in cached}
    assert "/static/js/app.js" in paths and "/" in paths  # the offline app still installed
    assert [entry for entry in cached if entry["staff"]] == []
    assert not any(p.startswith(("/equipe", "/connexion")) for p in paths)


def test_an_anonymous_visit_is_cached_for_offline_use(page, live_url):
    cached = visit_with_service_worker(page, live_url + "/")
    assert {"path": "/", "staff": False} in cached
