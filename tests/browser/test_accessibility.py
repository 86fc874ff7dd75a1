"""Every page, at phone and tablet sizes, checked by axe-core and for layout that a thumb can use.

axe-core is the copy shipped inside axe-playwright-python (no network needed). A page passes when
axe reports no violation at all, the document is no wider than the screen, and every link or
button of the main content (except links inside a sentence) is at least 44 × 44 px; on a
landscape tablet each navigation bar holds on one line.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from consult.config import QUESTIONNAIRES_DIR
from consult.models import Consultation, Meeting, Questionnaire
from consult.services.demo import DEMO_SLUG, load_demo
from consult.services.devices import enrol_device
from tests.browser.test_offline_app import PIN
from tests.conftest import PASSWORD
from tests.staff_data import fresh_cache  # noqa: F401

VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "tablet-landscape": {"width": 1024, "height": 768},
    "tablet-portrait": {"width": 768, "height": 1024},
}
FORM = "/c/concertation-citoyenne/voltaire"
AXE = Axe()

# Targets smaller than 44 × 44 px among the links and buttons of <main>. A link inside a sentence
# is exempt (WCAG 2.5.5 « inline »): its block holds more text than the link itself.
SMALL_TARGETS = """() => {
  const small = [];
  const targets = document.querySelectorAll('main a[href], main button, main summary, main select');
  for (const el of targets) {
    const box = el.getBoundingClientRect();
    const hidden = getComputedStyle(el).visibility === 'hidden' || el.closest('.visually-hidden');
    if (!box.width || !box.height || hidden) continue;
    const block = el.parentElement.closest('p, li, td, dd, figcaption, th, span');
    if (el.tagName === 'A' && block && block.textContent.trim() !== el.textContent.trim()
        && !el.matches('.button, .card')) continue;
    if (box.width < 44 || box.height < 44) {
      const text = el.textContent.trim().slice(0, 30);
      small.push(`${el.tagName} « ${text} » ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""

# Rows taken by each navigation bar (distinct tops of its links and buttons).
NAV_ROWS = """() => [...document.querySelectorAll('.site-header nav, .sub-nav')].map((nav) => {
  const tops = [...nav.querySelectorAll('a, button')].map((el) => el.getBoundingClientRect().top);
  return new Set(tops.map(Math.round)).size;
})"""


@pytest.fixture
def site(live_url, session, auth):
    """The demo consultation, an administrator, an enrolled tablet and a meeting to look at."""
    with session.begin():
        load_demo(session, QUESTIONNAIRES_DIR, responses=120)
        _, token = enrol_device(session, "Tablette MJC", ["voltaire"])
    auth.create("admin@example.org", "admin")
    demo = session.scalar(select(Consultation).filter_by(slug=DEMO_SLUG))
    version_id = session.scalar(
        select(Questionnaire.current_version_id).filter_by(consultation_id=demo.id, slug="adultes")
    )
    meeting_id = session.scalar(select(Meeting.id).order_by(Meeting.id))
    session.rollback()
    return {
        "url": live_url,
        "token": token,
        "demo": demo.id,
        "version": version_id,
        "meeting": meeting_id,
    }


def public_pages() -> list[tuple[str, str]]:
    return [
        ("accueil", "/"),
        ("quartier", f"{FORM}/"),
        ("questionnaire adultes FR", f"{FORM}/adultes"),
        ("questionnaire adultes AR", f"{FORM}/adultes?lang=ar"),
        ("questionnaire jeunes FR", f"{FORM}/jeunes"),
        ("questionnaire jeunes AR", f"{FORM}/jeunes?lang=ar"),
        ("merci", "/merci"),
        ("tablette non enrôlée", "/tablette"),
        ("connexion", "/connexion"),
    ]


def staff_pages(site) -> list[tuple[str, str]]:
    demo, version, meeting = f"/equipe/c/{DEMO_SLUG}", site["version"], site["meeting"]
    return [
        ("tableau de bord", "/equipe/"),
        ("vue d'ensemble", f"{demo}/"),
        ("quartier", f"{demo}/q/voltaire"),
        ("quartier filtré", f"{demo}/q/val_saint_martin?public=jeune"),
        ("quartier, filtre refusé", f"{demo}/q/val_saint_martin?public=jeune&gender=femme"),
        ("thèmes par quartier", f"{demo}/themes"),
        ("évolution depuis la vague précédente", f"{demo}/evolution"),
        ("quartier, ordre du référentiel", f"{demo}/q/voltaire?ordre=referentiel"),
        ("classement", f"{demo}/classement"),
        ("exports", f"{demo}/exports"),
        ("bilan", f"{demo}/bilan"),
        ("réunions", "/equipe/reunions/"),
        ("nouvelle réunion", "/equipe/reunions/nouvelle"),
        ("réunion", f"/equipe/reunions/{meeting}"),
        ("saisie papier", "/saisie-papier/"),
        ("saisie d'une feuille", f"/saisie-papier/{version}/voltaire"),
        ("seconde saisie", f"/saisie-papier/{version}/voltaire/seconde-saisie"),
        ("contrôles papier", f"/saisie-papier/verifications/{site['demo']}"),
        ("imports", "/equipe/imports/"),
        ("administration", "/admin/"),
        ("tablettes", "/admin/tablettes"),
        ("import de tablette", "/admin/import"),
        ("à vérifier", "/admin/a-verifier"),
        ("codebook et modèle appris", "/admin/codebook"),
    ]


class Inspector:
    """Runs the checks on the current page and keeps every problem found, named by page."""

    def __init__(self, viewport: str):
        self.viewport = viewport
        self.problems: list[str] = []

    def check(self, page, name: str) -> None:
        page.wait_for_load_state("load")
        where = f"{name} ({self.viewport}, {page.url})"
        for violation in AXE.run(page).response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            rule = f"{violation['id']} ({violation['impact']})"
            self.problems.append(f"{where}: axe {rule} {targets}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > VIEWPORTS[self.viewport]["width"]:
            self.problems.append(f"{where}: document {width} px wide")
        if VIEWPORTS[self.viewport]["width"] >= 1024 and max(page.evaluate(NAV_ROWS)) > 1:
            self.problems.append(f"{where}: navigation on {page.evaluate(NAV_ROWS)} rows")
        for target in page.evaluate(SMALL_TARGETS):
            self.problems.append(f"{where}: small target {target}")


def new_page(browser, viewport: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport], service_workers="block")
    context.set_default_timeout(30_000)
    return context.new_page()


def visit_public_pages(browser, site, inspector: Inspector) -> None:
    page = new_page(browser, inspector.viewport)
    for name, path in public_pages():
        page.goto(site["url"] + path)
        inspector.check(page, name)
    page.context.close()


def visit_form_errors(browser, site, inspector: Inspector) -> None:
    """Pages redisplayed with errors, without JavaScript (the server renders them)."""
    page = new_page(browser, inspector.viewport)
    page.route("**/static/js/*.js", lambda route: route.abort())
    page.goto(f"{site['url']}{FORM}/jeunes?lang=ar")
    page.evaluate("document.querySelector('input[name=age]').value = 'inconnu'")
    page.check("input[name=age]")
    page.click("#questionnaire-form [type=submit]")
    page.wait_for_selector(".error-summary")
    inspector.check(page, "questionnaire AR en erreur")
    page.goto(f"{site['url']}/connexion")
    page.fill("input[name=email]", "admin@example.org")
    page.fill("input[name=password]", "mauvais mot de passe")
    page.click("main button[type=submit]")
    inspector.check(page, "connexion refusée")
    page.context.close()


def visit_kiosk(browser, site, inspector: Inspector) -> None:
    page = new_page(browser, inspector.viewport)
    page.goto(f"{site['url']}/tablette#jeton={site['token']}")
    page.wait_for_selector("html[data-kiosk-ready='1']")
    page.click("#enrol-form [type=submit]")  # without a PIN: refused, errors shown
    page.wait_for_selector("#pin-error:not([hidden])")
    inspector.check(page, "enrôlement refusé")
    page.fill("#pin", PIN)
    page.fill("#pin-confirm", PIN)
    page.click("#enrol-form [type=submit]")
    page.wait_for_selector("#device-enrolled:not([hidden])")
    inspector.check(page, "tablette enrôlée")
    page.reload()
    page.wait_for_selector("#unlock-form:not([hidden])")
    inspector.check(page, "tablette verrouillée")
    page.goto(f"{site['url']}{FORM}/jeunes")
    page.wait_for_selector("#questionnaire-form[data-enhanced='1']")
    inspector.check(page, "questionnaire en mode tablette")
    page.context.close()


def visit_staff_pages(browser, site, inspector: Inspector) -> None:
    page = new_page(browser, inspector.viewport)
    page.goto(f"{site['url']}/connexion")
    page.fill("input[name=email]", "admin@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/connexion" not in url)
    for name, path in staff_pages(site):
        response = page.goto(site["url"] + path)
        assert response.status == 200, (name, response.status)
        inspector.check(page, name)
    for name, path, button in [
        ("nouvelle réunion en erreur", "/equipe/reunions/nouvelle", "main form [type=submit]"),
        ("tablette en erreur", "/admin/tablettes", "main form.stack [type=submit]"),
    ]:
        page.goto(site["url"] + path)
        page.click(button)
        page.wait_for_selector(".field-error")
        inspector.check(page, name)
    page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_passes_axe_fits_the_screen_and_has_44px_targets(browser, site, viewport):
    inspector = Inspector(viewport)
    visit_public_pages(browser, site, inspector)
    visit_form_errors(browser, site, inspector)
    visit_kiosk(browser, site, inspector)
    visit_staff_pages(browser, site, inspector)
    assert inspector.problems == [], "\n".join(inspector.problems)
