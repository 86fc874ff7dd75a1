"""Staff decisions on quotes: publishable in the report, or not (masking is not perfect)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from consult.models import Answer, QuoteDecision
from consult.models.types import utcnow
from consult.services.audit import record_event
from consult.services.coding import CodingError


def decide_quote(session: Session, answer_id: int, publishable: bool, user_id: int | None) -> None:
    """Record (or change) the decision on quoting one answer; audited."""
    if session.get(Answer, answer_id) is None:
        raise CodingError("réponse introuvable")
    decision = session.get(QuoteDecision, answer_id)
    if decision is None:
        decision = QuoteDecision(answer_id=answer_id, publishable=publishable)
        session.add(decision)
    decision.publishable = publishable
    decision.decided_by_id = user_id
    decision.decided_at = utcnow()
    action = "quote.publish" if publishable else "quote.reject"
    record_event(session, user_id, action, "answer", answer_id)
