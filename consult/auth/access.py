"""Permission checks for views: anonymous visitors go to the login page, others get 403.

The rules themselves live in :mod:`consult.auth.permissions`; these helpers only apply them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from consult.auth.permissions import Action, can


def permission_required(action: Action) -> Callable:
    """Allow only logged-in users who may do ``action`` (somewhere, for per-quartier actions)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            require(action)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def require(action: Action, quartier: str | None = None) -> None:
    """403 (French page) unless the current user may do ``action`` on ``quartier``."""
    if not can(current_user, action, quartier):
        abort(403)


staff_required = permission_required(Action.READ_QUARTIER)
consultation_reader_required = permission_required(Action.READ_CONSULTATION)
keying_required = permission_required(Action.KEY_IN)
import_required = permission_required(Action.IMPORT)
admin_required = permission_required(Action.ADMINISTER)
