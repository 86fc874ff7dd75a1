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

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.models import InstallationSecret

IMPORT_SECRET = "import_uuid"
RESERVED_VERSION = 8
# Channels whose UUIDs the server derives itself; every other channel's come from clients.
SERVER_CHANNELS = frozenset({"import"})


def installation_secret(session: Session, name: str) -> bytes:
    """The secret called ``name``, made on first use inside the caller's transaction."""
    stored = session.get(InstallationSecret, name)
    if stored is None:
        try:
            with session.begin_nested():
                session.add(InstallationSecret(name=name, value=secrets.token_hex(32)))
        except IntegrityError:  # another worker made it at the same moment: use theirs
            pass
        stored = session.get(InstallationSecret, name)
    return bytes.fromhex(stored.value)


def reserved_uuid(secret: bytes, name: str) -> str:
    """A version-8 UUID for ``name``: always the same with this secret, unguessable without."""
    raw = bytearray(hmac.new(secret, name.encode(), hashlib.sha256).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | (RESERVED_VERSION << 4)
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC variant, so that ``.version`` reads 8
    return str(uuid.UUID(bytes=bytes(raw)))


def is_reserved(client_uuid: str) -> bool:
    return uuid.UUID(client_uuid).version == RESERVED_VERSION
