"""Desk users: creation, the password policy and checks (argon2), a second factor (TOTP),
listing and disabling. Disabling a user or changing a password ends their sign-ins."""

from enum import StrEnum

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from triage.errors import TriageError
from triage.store.models import User

_hasher = PasswordHasher()
# Verifying against this keeps a login for an unknown name as slow as one for a known name.
_DUMMY_HASH = _hasher.hash("not a real password")
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024
# Passwords that are tried first by anyone guessing (lower case; a password containing one of
# these as its whole content is refused).
COMMON_PASSWORDS = {"password", "password123", "1234567890", "12345678910", "qwertyuiop", "qwerty12345",
                    "admin12345", "administrator", "passw0rd123", "iloveyou123", "ditjenpas123",
                    "pemasyarakatan", "humas12345", "indonesia123", "bismillah123", "rahasia123"}
# What people are told when a password does not meet the policy (Indonesian: the desk's language).
PASSWORD_POLICY = {
    "short": f"Kata sandi minimal {MIN_PASSWORD_CHARS} karakter.",
    "long": f"Kata sandi paling banyak {MAX_PASSWORD_CHARS} karakter.",
    "username": "Kata sandi tidak boleh memuat nama pengguna.",
    "common": "Kata sandi ini terlalu umum dan mudah ditebak; pilih yang lain.",
    "kinds": "Kata sandi harus memuat sedikitnya dua jenis: huruf, angka, atau simbol/spasi.",
}
TOTP_ISSUER = "triage"


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"


class UserError(TriageError):
    """A user cannot be created or changed as asked."""


def _check_password(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise UserError(PASSWORD_POLICY["short"])
    if len(password) > MAX_PASSWORD_CHARS:
        raise UserError(PASSWORD_POLICY["long"])
    if username and username.lower() in password.lower():
        raise UserError(PASSWORD_POLICY["username"])
    if password.lower().strip() in COMMON_PASSWORDS or len(set(password)) < 4:
        raise UserError(PASSWORD_POLICY["common"])
    kinds = {"letter" if c.isalpha() else "digit" if c.isdigit() else "symbol" for c in password}
    if len(kinds) < 2:
        raise UserError(PASSWORD_POLICY["kinds"])


def add_user(session: Session, username: str, password: str, role: Role) -> User:
    username = username.strip()
    if not username or len(username) > 64 or not username.replace("_", "").replace(".", "").isalnum():
        raise UserError("a username is 1-64 letters, digits, '.' or '_'")
    _check_password(password, username)
    if find_user(session, username):
        raise UserError(f"user {username!r} already exists")
    user = User(username=username, password_hash=_hasher.hash(password), role=Role(role).value)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, or None (same answer and time for both)."""
    user = find_user(session, username)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.username)))


def set_password(session: Session, username: str, password: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise UserError(f"no user {username!r}")
    _check_password(password, username)
    user.password_hash = _hasher.hash(password)
    user.session_version += 1
    return user


def set_active(session: Session, username: str, active: bool) -> User:
    user = find_user(session, username)
    if user is None:
        raise UserError(f"no user {username!r}")
    if user.active and not active:
        user.session_version += 1
    user.active = active
    return user


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(username: str, secret: str) -> str:
    """The otpauth:// address an authenticator app takes (typed in, or as a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=TOTP_ISSUER)


def totp_matches(secret: str, code: str) -> bool:
    """The code from the app, allowing one 30-second step of clock drift either way."""
    code = code.strip().replace(" ", "")
    return code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


def enable_totp(user: User, secret: str, code: str) -> None:
    """Turn the second factor on, once the user shows a code from their app."""
    if not totp_matches(secret, code):
        raise UserError("The code does not match. Check the clock on the phone and try the newest code.")
    user.totp_secret = secret
    user.session_version += 1  # other sign-ins made with the password alone end


def disable_totp(session: Session, username: str) -> User:
    """For an administrator at the command line, when someone lost their phone."""
    user = find_user(session, username)
    if user is None:
        raise UserError(f"no user {username!r}")
    user.totp_secret = None
    user.session_version += 1
    return user
