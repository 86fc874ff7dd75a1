"""Client UUIDs the server makes itself (imports), which nobody outside can guess or claim.

An imported row's UUID must be the same at every re-import (that is what makes re-importing
harmless), so it is derived from the row, not drawn at random. Derived with a public recipe
(``uuid5`` of a constant namespace, as before), anyone could post an answer first under the
UUID of a row about to be imported and push the genuine row aside. Here it is an HMAC keyed
with a secret made once per installation and kept in the database, so every host and every
restart derive the same UUIDs and nobody without the database can.

Such UUIDs carry version 8 (RFC 9562, « custom »), which browsers (``crypto.randomUUID``) and
the server's own forms (``uuid4``) never produce: an anonymous submission carrying one is
refused at the door, whatever its value.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.db import WRITE_OPTION, write_transaction
from consult.models import InstallationSecret

IMPORT_SECRET = "import_uuid"
RESERVED_VERSION = 8
# Channels whose UUIDs the server derives itself; every other channel's come from clients.
SERVER_CHANNELS = frozenset({"import"})


def installation_secret(session: Session, name: str) -> bytes:
    """The secret called ``name``, made on first use."""
    stored = session.get(InstallationSecret, name)
    if stored is not None:
        return bytes.fromhex(stored.value)
    if session.connection().get_execution_options().get(WRITE_OPTION):
        return bytes.fromhex(_make_secret(session, name))  # the caller already writes
    # A reading caller (a dry-run import) must not start writing: it would hold SQLite's write
    # lock for its whole length while residents submit. The secret gets a transaction of its own.
    with Session(session.connection().engine) as own, write_transaction(own):
        return bytes.fromhex(_make_secret(own, name))


def _make_secret(session: Session, name: str) -> str:
    try:
        with session.begin_nested():
            session.add(InstallationSecret(name=name, value=secrets.token_hex(32)))
    except IntegrityError:  # another worker made it at the same moment: use theirs
        pass
    return session.scalars(select(InstallationSecret.value).filter_by(name=name)).one()


def reserved_uuid(secret: bytes, name: str) -> str:
    """A version-8 UUID for ``name``: always the same with this secret, unguessable without."""
    raw = bytearray(hmac.new(secret, name.encode(), hashlib.sha256).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | (RESERVED_VERSION << 4)
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC variant, so that ``.version`` reads 8
    return str(uuid.UUID(bytes=bytes(raw)))


def is_reserved(client_uuid: str) -> bool:
    return uuid.UUID(client_uuid).version == RESERVED_VERSION
