"""Login throttling: too many failed passwords lock an account or a client address for a while.

Every failure increments a counter per account and per client address in one atomic upsert
(``INSERT … ON CONFLICT DO UPDATE``, on SQLite and PostgreSQL), so concurrent workers and hosts
share the same counts. A counter lives for ``WINDOW`` seconds from its first failure; reaching
its limit locks the key for ``WINDOW`` seconds from that failure. Expired rows are deleted on
each check, so a hashed address is kept no longer than the window.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from consult.models import LoginThrottle

WINDOW = 15 * 60
# Failures allowed per window: a person mistyping stays far below; a guesser is stopped.
# Addresses get more, since colleagues may share one (an office behind one NAT).
LIMITS = {"account": 5, "address": 20}


@dataclass(frozen=True)
class ThrottleKey:
    kind: str  # 'account' or 'address'
    digest: str

    @property
    def limit(self) -> int:
        return LIMITS[self.kind]


def throttle_key(secret: str, kind: str, value: str) -> ThrottleKey:
    """A keyed hash: without the secret, a stored digest cannot be matched to an address."""
    message = f"{kind}:{value.strip().lower()}".encode()
    return ThrottleKey(kind, hmac.new(secret.encode(), message, hashlib.sha256).hexdigest())


def retry_after(session: Session, keys: list[ThrottleKey], now: int) -> int | None:
    """Seconds to wait before the next attempt when a key is locked, else ``None``."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.expires_at <= now))
    limits = {key.digest: key.limit for key in keys}
    rows = session.execute(
        select(LoginThrottle.key, LoginThrottle.failures, LoginThrottle.expires_at).where(
            LoginThrottle.key.in_(limits)
        )
    )
    waits = [expires - now for digest, failures, expires in rows if failures >= limits[digest]]
    return max(waits) if waits else None


def record_failure(session: Session, keys: list[ThrottleKey], now: int) -> list[ThrottleKey]:
    """Count a failed attempt against every key; returns the keys this failure locked."""
    locked = []
    for key in keys:
        failures = session.execute(_increment(session, key.digest, now)).scalar_one()
        if failures >= key.limit:
            session.execute(
                update(LoginThrottle)
                .where(LoginThrottle.key == key.digest)
                .values(expires_at=now + WINDOW)
            )
            if failures == key.limit:
                locked.append(key)
    return locked


def forget(session: Session, key: ThrottleKey) -> None:
    """A successful login clears its account's counter (not its address's: a guesser with one
    valid account must not reset the count of their address)."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == key.digest))


def _increment(session: Session, digest: str, now: int):
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    expired = LoginThrottle.expires_at <= now
    return (
        dialect.insert(LoginThrottle)
        .values(key=digest, failures=1, expires_at=now + WINDOW)
        .on_conflict_do_update(
            index_elements=[LoginThrottle.key],
            set_={
                "failures": case((expired, 1), else_=LoginThrottle.failures + 1),
                "expires_at": case((expired, now + WINDOW), else_=LoginThrottle.expires_at),
            },
        )
        .returning(LoginThrottle.failures)
    )
