"""A phone without a tablet token, in a real browser, against the anonymous rate limit.

Its offline app sends one answer at a time (batches are for tablets) and, refused with 429,
keeps the answer in its outbox — not in « à vérifier » — until the server takes it.
"""

from __future__ import annotations

from consult.models import Response
from consult.throttle import SubmissionLimit
from tests.browser import test_offline_app as offline
from tests.browser.test_offline_app import FORM, answer, count, open_form, send

context, page = offline.context, offline.page  # the offline app's browser fixtures

PENDING = "import('/static/js/store.js').then((s) => s.countPending())"
REVIEW = "import('/static/js/store.js').then((s) => s.countReview())"


def limit_to(app, spec: str) -> None:
    app.extensions["consult.submission_limit"] = SubmissionLimit(spec, app.config["SECRET_KEY"])


def test_a_phone_over_the_limit_keeps_its_answer_and_sends_it_later(app, page, live_url, session):
    limit_to(app, "2/hour")
    for n in range(2):  # taken: each one leads to the phone's own thanks page
        open_form(page, live_url + FORM)
        with page.expect_navigation(url="**/merci?**"):
            send(page, f"Le skatepark {n}")
    open_form(page, live_url + FORM)
    answer(page, "Le skatepark 2")  # refused for now: kept, and said so on the form
    page.wait_for_selector("#sync-status[data-pending='1']", state="attached")
    assert count(session, Response) == 2
    assert page.evaluate(PENDING) == 1 and page.evaluate(REVIEW) == 0
    limit_to(app, "100/hour")  # the window has passed
    page.evaluate("import('/static/js/sync.js').then((s) => s.syncNow(true))")
    page.wait_for_selector("#sync-status[data-pending='0']", state="attached")
    assert count(session, Response) == 3
    assert page.evaluate(REVIEW) == 0
