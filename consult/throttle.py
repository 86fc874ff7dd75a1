"""Rate limit of anonymous submissions per client address, against ballot stuffing.

Tablets send with a device token and are not limited; anonymous submissions (the web form, the
API without a token) are, per client address, in a sliding window (setting
``CONSULT_SUBMISSION_RATE_LIMIT``). Only new responses count: a resend of a stored answer, or a
form sent back with errors, does not.

The counts live in this process's memory (the ``limits`` library's moving window), under a
keyed hash of the address: no address is written anywhere, and nothing ties a count to an
answer. IPv6 clients count per /64 network (one home or phone gets a whole /64). Each server
process counts on its own, so with W gunicorn workers a client may send up to W times the limit
before being refused. Refusals, and answers accepted from an address past half of its allowance
(« en rafale »), are counted per minute in the database (no address) for the staff dashboard.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import time
from datetime import UTC, datetime

from flask import Flask, current_app, request
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from consult.db import session_scope
from consult.services.refusals import record_burst, record_refusal

DEFAULT_LIMIT = "40/10 minutes"
UNITS = {"second": "seconde", "minute": "minute", "hour": "heure", "day": "jour"}


class SubmissionLimit:
    """A sliding-window limit per client address, kept in memory under a keyed hash."""

    def __init__(self, spec: str, secret: str):
        try:
            self.limit = parse(spec)
        except ValueError:
            message = f"CONSULT_SUBMISSION_RATE_LIMIT : « {spec} » n'est pas une limite "
            raise ValueError(message + "valide (exemple : 40/10 minutes)") from None
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.secret = secret.encode()

    def describe(self) -> str:
        """The limit in French: « 40 questionnaires en 10 minutes »."""
        unit = UNITS.get(self.limit.GRANULARITY.name, self.limit.GRANULARITY.name)
        span = f"{self.limit.multiples} {unit}s" if self.limit.multiples > 1 else f"une {unit}"
        if unit == "jour":
            span = span.replace("une jour", "un jour")
        return f"{self.limit.amount} questionnaires en {span}"

    def key(self, address: str) -> str:
        return hmac.new(self.secret, network(address).encode(), hashlib.sha256).hexdigest()

    def retry_after(self, address: str) -> int | None:
        """Seconds to wait if this address has used up its window, else None."""
        key = self.key(address)
        if self.limiter.test(self.limit, key):
            return None
        reset = self.limiter.get_window_stats(self.limit, key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def count(self, address: str) -> bool:
        """Count a new answer; True when the address has now used over half its allowance."""
        key = self.key(address)
        self.limiter.hit(self.limit, key)
        remaining = self.limiter.get_window_stats(self.limit, key).remaining
        return self.limit.amount - remaining > self.limit.amount / 2


def network(address: str) -> str:
    """What one client is: its IPv4 address, or the /64 network of its IPv6 address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def init_app(app: Flask) -> None:
    spec = app.config.get("SUBMISSION_RATE_LIMIT") or DEFAULT_LIMIT
    app.extensions["consult.submission_limit"] = SubmissionLimit(spec, app.config["SECRET_KEY"])


def refused_for() -> int | None:
    """Seconds the calling client must wait before its next anonymous submission, or None.

    A refusal is counted for the dashboard in its own short transaction: call this before the
    request begins its own writing transaction.
    """
    wait = current_app.extensions["consult.submission_limit"].retry_after(_address())
    if wait is not None:
        _record(record_refusal)
    return wait


def count_submission() -> None:
    """Count a new anonymous response against the calling client's window (after its commit);
    past half the allowance it is counted as « en rafale » for the dashboard."""
    if current_app.extensions["consult.submission_limit"].count(_address()):
        _record(record_burst)


def _address() -> str:
    return request.remote_addr or ""


def _record(record) -> None:
    try:
        with session_scope() as session:
            record(session, datetime.now(UTC))
    except Exception:  # the answer matters more than its count: never fail a request for it
        current_app.logger.exception("could not count an anonymous burst")
