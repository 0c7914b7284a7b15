"""API keys for other systems: created with a name, shown once, stored as a SHA-256 hash,
revocable. (A key is 32 random bytes, so a fast hash is enough: there is nothing to guess.)"""

import hashlib
import secrets

from sqlmodel import Session, select

from triage.errors import TriageError
from triage.store.models import ApiKey, utcnow

KEY_PREFIX = "tri_"


class ApiKeyError(TriageError):
    """An API key cannot be created or revoked as asked."""


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(session: Session, name: str) -> str:
    """Create a key called `name`; return the key itself (it is not stored)."""
    name = name.strip()
    if not name or len(name) > 64:
        raise ApiKeyError("a key name is 1-64 characters")
    if session.exec(select(ApiKey).where(ApiKey.name == name)).first():
        raise ApiKeyError(f"a key named {name!r} exists; revoke it or choose another name")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, prefix=key[:12], key_hash=_hash(key)))
    session.flush()
    return key


def verify(session: Session, key: str | None) -> ApiKey | None:
    """The live key matching `key`, or None."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    found = session.exec(select(ApiKey).where(ApiKey.key_hash == _hash(key))).first()
    if found is None or found.revoked_at is not None:
        return None
    found.last_used_at = utcnow()
    return found


def revoke(session: Session, name: str) -> ApiKey:
    found = session.exec(select(ApiKey).where(ApiKey.name == name, ApiKey.revoked_at.is_(None))).first()
    if found is None:
        raise ApiKeyError(f"no live key named {name!r}")
    found.revoked_at = utcnow()
    return found


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.exec(select(ApiKey).order_by(ApiKey.name)))
