import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.factories import PASSWORD, comment, load, make_user, store_engine
from triage.settings import Settings
from triage.store.users import Role

INJECTION = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"> {{ 7*7 }}"
DESK_COMMENTS = [
    comment("ig-1", "hadir", minutes=0),
    comment("ig-2", "mantap min semangat terus 👍", minutes=1),
    comment("ig-3", "min jam besuk lapas cipinang kapan ya?", minutes=2),
    comment("ig-4", "keluarga saya dimintai uang sama petugas rutan, tolong ditindak", minutes=3),
    comment("yt-1", "slot gacor maxwin depo 10rb link di bio", platform="youtube", minutes=4),
    comment("ig-5", INJECTION, minutes=5, username="<b>evil</b>"),
]


@pytest.fixture
def desk(tiny_model, tiny_model_path, tmp_path, monkeypatch):
    """An app over an in-memory store with two admins, a supervisor and six comments, scored by
    the tiny model (tests/tiny_model.py), which the app loads as its TRIAGE_MODEL."""
    monkeypatch.chdir(tmp_path)  # the development secret file lands here
    engine = store_engine()
    for name, role in (("ani", Role.ADMIN), ("budi", Role.ADMIN), ("sari", Role.SUPERVISOR)):
        make_user(engine, name, role)
    load(engine, tiny_model, DESK_COMMENTS)
    settings = Settings(secret_key="test-secret-" + "x" * 32, language="en", model=tiny_model_path)
    app = create_app(settings, engine=engine)
    app.state.test_engine = engine
    return app


def sign_in(client: TestClient, username: str) -> TestClient:
    client.get("/login")
    answer = client.post("/login", data={"username": username, "password": PASSWORD,
                                         "csrftoken": client.cookies["csrftoken"]}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client


@pytest.fixture
def admin(desk):
    with TestClient(desk) as client:
        yield sign_in(client, "ani")


def csrf(client: TestClient) -> str:
    return client.cookies["csrftoken"]


def speak(client: TestClient, language: str) -> TestClient:
    """The user picks the page's language in the top bar (the test apps default to English)."""
    answer = client.post("/language", data={"language": language, "csrftoken": csrf(client)},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client
