"""A phone without a tablet token, in a real browser, against the anonymous rate limit.

Its offline app sends one answer at a time (batches are for tablets) and, refused with 429,
keeps the answer in its outbox — not in « à vérifier » — until the server takes it.
"""

from __future__ import annotations

from consult.models import Response
from consult.throttle import SubmissionLimit
from tests.browser import test_offline_app as offline
from tests.browser.test_offline_app import FORM, answer, count, open_form

context, page = offline.context, offline.page  # the offline app's browser fixtures

PENDING = "import('/static/js/store.js').then((s) => s.countPending())"
REVIEW = "import('/static/js/store.js').then((s) => s.countReview())"


def limit_to(app, spec: str) -> None:
    app.extensions["consult.submission_limit"] = SubmissionLimit(spec, app.config["SECRET_KEY"])


def test_a_phone_over_the_limit_keeps_its_answer_and_sends_it_later(app, page, live_url, session):
    limit_to(app, "2/hour")
    open_form(page, live_url + FORM)
    for n in range(3):
        answer(page, f"Le skatepark {n}")
    page.wait_for_selector("#sync-status[data-pending='1']", state="attached")
    assert count(session, Response) == 2
    assert page.evaluate(PENDING) == 1 and page.evaluate(REVIEW) == 0
    limit_to(app, "100/hour")  # the window has passed
    page.evaluate("import('/static/js/sync.js').then((s) => s.syncNow(true))")
    page.wait_for_selector("#sync-status[data-pending='0']", state="attached")
    assert count(session, Response) == 3
    assert page.evaluate(REVIEW) == 0
