"""Who may do what: roles, actions and the quartier scope, declared once.

Views (through the thin decorators of :mod:`consult.auth.access`), templates (``can`` is a
template global) and the API ask :func:`can`; no other module compares role strings.

A user restricted to a quartier (``quartier_id`` set) may act on that quartier only: actions
about one quartier need it named, and consultation-wide actions — which would show the other
quartiers — are refused to them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"  # read and code answers, export
    COLLECTOR = "collector"  # enrol tablets, key in paper, record meetings; never read answers


class Action(StrEnum):
    READ_QUARTIER = "read_quartier"  # one quartier's answers, summaries, clouds, coding screen
    READ_CONSULTATION = "read_consultation"  # every quartier at once: overview, matrices, exports
    CODE = "code"  # confirm, remove, add themes (per quartier)
    KEY_IN = "key_in"  # paper questionnaires and meetings (per quartier)
    SEE_KEYED_VALUES = "see_keyed_values"  # the first keying's values on a second keying
    IMPORT = "import"  # answers from a file, for any quartier
    ADMINISTER = "administer"  # tablets, outbox files, conflicts


ROLES = tuple(role.value for role in Role)

_ALLOWED: dict[Action, frozenset[Role]] = {
    Action.READ_QUARTIER: frozenset({Role.ADMIN, Role.STAFF}),
    Action.READ_CONSULTATION: frozenset({Role.ADMIN, Role.STAFF}),
    Action.CODE: frozenset({Role.ADMIN, Role.STAFF}),
    Action.KEY_IN: frozenset({Role.ADMIN, Role.STAFF, Role.COLLECTOR}),
    Action.SEE_KEYED_VALUES: frozenset({Role.ADMIN, Role.STAFF}),
    Action.IMPORT: frozenset({Role.ADMIN, Role.STAFF}),
    Action.ADMINISTER: frozenset({Role.ADMIN}),
}
# Actions that reach every quartier: a quartier-scoped account may never do them.
_WHOLE_CONSULTATION = frozenset({Action.READ_CONSULTATION, Action.IMPORT})


class Account(Protocol):
    role: str
    quartier_id: str | None


def can(user: Account | None, action: Action | str, quartier: str | None = None) -> bool:
    """May ``user`` do ``action`` (on ``quartier``, for per-quartier actions)?

    Without ``quartier``, a per-quartier action asks whether the user may do it somewhere
    (to show a menu entry); the view then asks again with the quartier it serves.
    """
    if user is None or not getattr(user, "is_authenticated", True):
        return False
    try:
        role, action = Role(user.role), Action(action)
    except ValueError:
        return False
    if role not in _ALLOWED[action]:
        return False
    scope = user.quartier_id
    if scope is None:
        return True
    if action in _WHOLE_CONSULTATION:
        return False
    return quartier is None or quartier == scope


def quartier_scope(user: Account) -> str | None:
    """The only quartier ``user`` may see, or ``None`` when not restricted."""
    return user.quartier_id


def is_collector(user: Account) -> bool:
    """Collectors only see what they keyed in themselves (meetings)."""
    return user.role == Role.COLLECTOR
