"""Staff accounts: creation, password hashing (Argon2id) and authentication."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.auth.permissions import ROLES, Role
from consult.models import Quartier, User
from consult.services.audit import record_event

_hasher = PasswordHasher()
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
MIN_PASSWORD_LENGTH = 10
DEFAULT_ADMIN_EMAIL = "admin@consult.local"


class AccountError(ValueError):
    """A French message explaining why an account could not be created or changed."""


class WrongPassword(AccountError):
    """The current password given to change it is not the right one."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(
    session: Session, email: str, password: str, role: str, quartier_id: str | None = None
) -> User:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise AccountError(f"adresse e-mail invalide : « {email} »")
    if role not in ROLES:
        raise AccountError(f"rôle inconnu « {role} » (attendu : {', '.join(ROLES)})")
    role = Role(role).value
    check_password_strength(password)
    if find_user(session, email) is not None:
        raise AccountError(f"un compte existe déjà pour {email}")
    if quartier_id is not None and session.get(Quartier, quartier_id) is None:
        raise AccountError(f"quartier inconnu « {quartier_id} »")
    user = User(email=email, password_hash=hash_password(password), role=role)
    user.quartier_id = quartier_id
    session.add(user)
    session.flush()
    record_event(session, None, "user.create", "user", user.id, {"role": role})
    return user


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"mot de passe trop court ({MIN_PASSWORD_LENGTH} caractères minimum)")


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, or ``None``; rehashes outdated hashes."""
    user = find_user(session, email)
    if user is None or not user.active:
        _hasher.hash(password)  # same work as a real check, so timing tells nothing
        return None
    if not _matches(user, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = datetime.now(UTC)
    return user


def ensure_admin(session: Session) -> tuple[User, str | None]:
    """Make sure an admin exists. Returns it and, when just created, its one-time password."""
    admin = session.scalar(select(User).filter_by(role=Role.ADMIN.value, active=True).limit(1))
    if admin is not None:
        return admin, None
    password = secrets.token_urlsafe(12)
    admin = create_user(session, DEFAULT_ADMIN_EMAIL, password, Role.ADMIN)
    admin.must_change_password = True  # it was printed on a terminal: replace it at once
    return admin, password


def existing_user(session: Session, email: str) -> User:
    user = find_user(session, email)
    if user is None:
        raise AccountError(f"aucun compte pour {email.strip().lower()}")
    return user


def set_password(session: Session, user: User, password: str, by_user_id: int | None) -> None:
    """Replace the password (an operator's reset or the user's own change), audited."""
    check_password_strength(password)
    user.password_hash = hash_password(password)
    user.must_change_password = False
    record_event(session, by_user_id, "user.set_password", "user", user.id)


def change_own_password(session: Session, user: User, current: str, new: str) -> None:
    """The user's own change: the current password must be right and the new one different."""
    if not _matches(user, current):
        raise WrongPassword("mot de passe actuel incorrect")
    if new == current:
        raise AccountError("le nouveau mot de passe doit être différent de l'actuel")
    set_password(session, user, new, user.id)


def deactivate_user(session: Session, user: User, by_user_id: int | None = None) -> None:
    """The account can no longer log in; an open session ends at its next request."""
    user.active = False
    record_event(session, by_user_id, "user.deactivate", "user", user.id)


def _matches(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def first_admin_credentials(session: Session) -> tuple[User, str | None]:
    """The administrator for the ``make run`` welcome box, with a one-time password to show.

    The password is created with the account; while that account has never logged in, each call
    issues a fresh one (the previous one was shown once and may be lost: a newcomer who stops
    ``make run`` before logging in still gets in). Once used, nothing is shown again.
    """
    admin, password = ensure_admin(session)
    if password is not None or admin.last_login_at is not None:
        return admin, password
    password = secrets.token_urlsafe(12)
    admin.password_hash = hash_password(password)
    admin.must_change_password = True
    record_event(session, None, "user.one_time_password", "user", admin.id)
    return admin, password
