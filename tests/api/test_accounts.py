"""Accounts that can be trusted: a second factor (TOTP) set up and used as a person would with an
authenticator app, required for supervisors when TRIAGE_REQUIRE_2FA is on; sign-ins ended when
a user is disabled or the password changes; Secure cookies and HSTS in production."""

import re

import pyotp
from fastapi.testclient import TestClient

from api.main import create_app
from tests.api.conftest import csrf, sign_in, speak
from tests.factories import PASSWORD
from triage.settings import Settings
from triage.store.db import session_scope
from triage.store.users import set_active, set_password

SECRET = "test-secret-" + "x" * 32


def set_up_second_factor(client: TestClient) -> str:
    page = speak(client, "id").get("/account/2fa")
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page.text).group(1)
    assert f"secret={secret}" in page.text and "otpauth://totp/" in page.text
    wrong = client.post("/account/2fa", data={"csrftoken": csrf(client), "code": "000000"})
    assert "Kode tidak cocok" in wrong.text
    done = client.post("/account/2fa", data={"csrftoken": csrf(client), "code": pyotp.TOTP(secret).now()})
    assert "Verifikasi dua langkah aktif" in done.text
    return secret


def password_step(client: TestClient, username: str):
    client.get("/login")
    speak(client, "id")
    return client.post("/login", data={"username": username, "password": PASSWORD,
                                       "csrftoken": csrf(client)}, follow_redirects=False)


def test_a_second_factor_is_set_up_and_then_asked_at_sign_in(desk):
    with TestClient(desk) as client:
        secret = set_up_second_factor(sign_in(client, "ani"))
        assert client.get("/queue").status_code == 200  # the sign-in that set it up goes on
    with TestClient(desk) as client:
        answer = password_step(client, "ani")
        assert answer.headers["location"] == "/login/code"
        assert client.get("/queue", follow_redirects=False).status_code == 303  # not signed in yet
        wrong = client.post("/login/code", data={"csrftoken": csrf(client), "code": "123456"})
        assert wrong.status_code == 401 and "Kode salah" in wrong.text
        right = client.post("/login/code", data={"csrftoken": csrf(client), "code": pyotp.TOTP(secret).now()})
        assert right.status_code == 200 and right.url.path == "/queue"


def test_supervisors_must_set_up_a_second_factor_when_required(desk):
    desk.state.settings = Settings(secret_key=SECRET, require_2fa=True)
    with TestClient(desk) as client:
        sign_in(client, "sari")
        answer = client.get("/audit", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/account/2fa"
        set_up_second_factor(client)
        assert client.get("/audit").status_code == 200
    with TestClient(desk) as client:
        assert sign_in(client, "ani").get("/queue").status_code == 200  # admins: optional


def test_disabling_a_user_ends_their_sign_in_at_once(desk, admin):
    assert admin.get("/queue").status_code == 200
    with session_scope(desk.state.test_engine) as session:
        set_active(session, "ani", False)
        set_active(session, "ani", True)  # enabled again: the old sign-in stays ended
    answer = admin.get("/queue", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_a_new_password_ends_other_sign_ins(desk, admin):
    with session_scope(desk.state.test_engine) as session:
        set_password(session, "ani", "a new passphrase 2026")
    assert admin.get("/queue", follow_redirects=False).status_code == 303


def test_production_cookies_are_secure_and_hsts_is_sent(desk):
    production = create_app(Settings(secret_key=SECRET, environment="production"),
                            engine=desk.state.test_engine)
    with TestClient(production, base_url="https://desk.example.go.id") as client:
        page = client.get("/login")
        assert page.headers["strict-transport-security"].startswith("max-age=31536000")
        assert "secure" in page.headers["set-cookie"].lower()
        signed = client.post("/login", data={"username": "ani", "password": PASSWORD,
                                             "csrftoken": csrf(client)}, follow_redirects=False)
        session_cookie = next(c for c in signed.headers.get_list("set-cookie") if "triage_session" in c)
        assert "secure" in session_cookie.lower() and "httponly" in session_cookie.lower()
    with TestClient(desk) as client:
        assert "strict-transport-security" not in client.get("/login").headers  # not over plain HTTP
