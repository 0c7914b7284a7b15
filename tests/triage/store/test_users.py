import pytest

from tests.factories import PASSWORD, store_engine
from triage.store.db import session_scope
from triage.store.users import Role, UserError, add_user, authenticate, set_active, set_password


@pytest.fixture
def engine():
    engine = store_engine()
    with session_scope(engine) as session:
        add_user(session, "ani", PASSWORD, Role.ADMIN)
    return engine


def test_password_is_hashed_with_argon2_and_checked(engine):
    with session_scope(engine) as session:
        user = authenticate(session, "ani", PASSWORD)
        assert user is not None and user.password_hash.startswith("$argon2")
        assert PASSWORD not in user.password_hash
        assert authenticate(session, "ani", "wrong password!") is None
        assert authenticate(session, "nobody", PASSWORD) is None


def test_disabled_user_cannot_sign_in(engine):
    with session_scope(engine) as session:
        set_active(session, "ani", False)
        assert authenticate(session, "ani", PASSWORD) is None


def test_new_password_replaces_the_old(engine):
    with session_scope(engine) as session:
        set_password(session, "ani", "another long one")
        assert authenticate(session, "ani", PASSWORD) is None
        assert authenticate(session, "ani", "another long one") is not None


@pytest.mark.parametrize(("name", "password", "message"), [
    ("ani", PASSWORD, "already exists"),
    ("new", "short", "minimal 10"),
    ("new", "x" * 1025, "paling banyak 1024"),
    ("budiman", "budiman2026!", "nama pengguna"),
    ("new", "Password123", "terlalu umum"),
    ("new", "aaaaaaaaaaaa", "terlalu umum"),
    ("new", "satuduatigaempat", "dua jenis"),
    ("new", "12345678901234", "dua jenis"),
    ("bad name!", PASSWORD, "letters, digits"),
])
def test_bad_users_are_refused(engine, name, password, message):
    with session_scope(engine) as session, pytest.raises(UserError, match=message):
        add_user(session, name, password, Role.ADMIN)
