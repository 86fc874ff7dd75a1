"""Tag new answers with themes soon after they arrive, off the request path.

The respondent never waits for spaCy: the request stores the answers and returns; one background
thread per server process tags them a moment later. If that fails (or the process stops first),
nothing is lost: the answers stay untagged until ``consult analyze tag`` catches up.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import cast

from flask import Flask, current_app
from sqlalchemy import select
from werkzeug.local import LocalProxy

from consult.db import session_scope
from consult.models import Answer

# One worker: the tagger is shared and answers arrive far slower than it tags them.
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consult-tagger")


def tag_soon(response_ids: Sequence[int]) -> Future | None:
    """Queue the answers of these responses for tagging (when ``TAG_ON_ARRIVAL`` is on)."""
    # Flask types current_app as the app itself; it is a proxy, and the worker thread needs
    # the app behind it (the proxy only works inside this request).
    app = cast("LocalProxy[Flask]", current_app)._get_current_object()
    if not app.config.get("TAG_ON_ARRIVAL") or not response_ids:
        return None
    return _executor.submit(_tag_responses, app, list(response_ids))


def _tag_responses(app: Flask, response_ids: list[int]) -> None:
    from consult.services.coding import tag_answers, tagger_for  # spaCy: worker thread only

    try:
        tagger = tagger_for()  # loaded before the write lock is taken: it takes seconds
        with session_scope(app) as session:
            query = select(Answer.id).where(Answer.response_id.in_(response_ids))
            tag_answers(session, list(session.scalars(query)), tagger)
    except Exception:
        app.logger.exception("tagging on arrival failed; `consult analyze tag` will catch up")
