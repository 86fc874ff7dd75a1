"""The permission table: roles × actions × quartier scope, in one place."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from consult.auth.permissions import Action, can


def user(role: str, quartier: str | None = None, authenticated: bool = True):
    return SimpleNamespace(role=role, quartier_id=quartier, is_authenticated=authenticated)


@pytest.mark.parametrize(
    ("account", "action", "quartier", "allowed"),
    [
        (user("staff"), Action.READ_CONSULTATION, None, True),
        (user("staff"), Action.READ_QUARTIER, "concorde", True),
        (user("staff"), Action.ADMINISTER, None, False),
        (user("collector"), Action.READ_QUARTIER, "voltaire", False),
        (user("collector"), Action.SEE_KEYED_VALUES, "voltaire", False),
        (user("collector"), Action.KEY_IN, "voltaire", True),
        (user("collector", "voltaire"), Action.KEY_IN, "concorde", False),
        (user("staff", "voltaire"), Action.READ_QUARTIER, "voltaire", True),
        (user("staff", "voltaire"), Action.READ_QUARTIER, "concorde", False),
        (user("staff", "voltaire"), Action.READ_QUARTIER, None, True),  # a menu entry
        (user("staff", "voltaire"), Action.READ_CONSULTATION, None, False),
        (user("staff", "voltaire"), Action.IMPORT, None, False),
        (user("admin", "voltaire"), Action.ADMINISTER, None, True),
        (user("admin", "voltaire"), Action.READ_CONSULTATION, None, False),
        (user("chef"), Action.READ_QUARTIER, None, False),
        (user("admin", authenticated=False), Action.READ_QUARTIER, None, False),
        (None, Action.KEY_IN, None, False),
    ],
)
def test_can(account, action, quartier, allowed):
    assert can(account, action, quartier) is allowed
