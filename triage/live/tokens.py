"""Connection tokens encrypted at rest. The key is derived from TRIAGE_SECRET_KEY, which lives in
the environment, never in the database: a dump of the database alone reveals no token."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from triage.errors import LiveError

_PURPOSE = b"triage connection tokens\0"  # a key of its own, not the cookie-signing one


class TokenError(LiveError):
    """A stored token cannot be read with this secret key."""


def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(_PURPOSE + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(token: str, secret: str) -> str:
    return _fernet(secret).encrypt(token.encode()).decode("ascii")


def unseal(sealed: str, secret: str) -> str:
    try:
        return _fernet(secret).decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        raise TokenError("the connection's token cannot be read: TRIAGE_SECRET_KEY has changed "
                         "since it was added; remove the connection and add it again") from None
