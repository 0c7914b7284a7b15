"""Each scoring result says whether the desk would resolve the comment without a person, so
other systems can use the same gate."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.factories import store_engine, with_auto_thresholds
from triage.settings import Settings
from triage.store import apikeys
from triage.store.db import session_scope

SPAM_BOT = {"username": "gacor77123", "followers": 1, "following": 5000, "posts": 0,
            "has_profile_picture": False}
COMMENTS = [
    {"id": "praise", "text": "mantap min semangat terus 👍"},
    {"id": "complaint", "text": "keluarga saya dimintai uang waktu besuk di rutan"},
    {"id": "spam-flagged", "text": "slot gacor maxwin depo 10rb link di bio", "author": SPAM_BOT},
    {"id": "spam-text-only", "text": "slot gacor maxwin depo 10rb link di bio"},
]


def _client(shipped_model, actions: str, thresholds: dict):
    engine = store_engine()
    with session_scope(engine) as session:
        key = apikeys.create(session, "partner")
    settings = Settings(secret_key="test-secret-" + "x" * 32, actions=actions)
    client = TestClient(create_app(settings, engine=engine))
    client.headers["X-API-Key"] = key
    return client, with_auto_thresholds(shipped_model, thresholds, review_below=0.0)


@pytest.fixture(autouse=True)
def _settings_cache():
    from triage.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def score(client, model) -> dict:
    client.app.state.model = model  # thresholds the test controls, as a card would give them
    answer = client.post("/api/v1/score", json={"comments": COMMENTS})
    assert answer.status_code == 200
    return {r["id"]: r for r in answer.json()["results"]}


def test_every_result_says_whether_the_desk_would_resolve_it_alone(shipped_model):
    client, model = _client(shipped_model, "dry-run", {"support": 0.5, "complaint": 0.0, "fake_account": 0.5})
    with client:
        results = score(client, model)
    assert all(isinstance(r["auto_resolve"], bool) for r in results.values())
    assert results["praise"]["auto_resolve"] is True
    assert results["complaint"]["auto_resolve"] is False  # never, whatever the threshold
    flagged = results["spam-flagged"]
    assert flagged["label"] == "fake_account" and flagged["auto_resolve"] is True
    assert results["spam-text-only"]["auto_resolve"] is False  # spam needs the account signal too


def test_no_threshold_in_the_card_means_a_person_decides(shipped_model):
    client, model = _client(shipped_model, "dry-run", {"support": None})
    with client:
        assert not any(r["auto_resolve"] for r in score(client, model).values())


def test_a_like_is_not_resolved_alone_while_platform_actions_are_off(shipped_model, monkeypatch):
    monkeypatch.setenv("TRIAGE_ACTIONS", "off")
    client, model = _client(shipped_model, "off", {"support": 0.5})
    with client:
        assert score(client, model)["praise"]["auto_resolve"] is False
