import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.factories import memory_engine
from triage.settings import Settings


@pytest.fixture(scope="module")
def client():
    settings = Settings(api_max_comments=5, secret_key="test-secret-" + "x" * 32)
    with TestClient(create_app(settings, engine=memory_engine())) as client:
        yield client


def test_health_names_the_model(client):
    answer = client.get("/api/v1/health").json()
    assert answer["status"] == "ok" and answer["model_version"]


def test_model_card_is_served(client):
    card = client.get("/api/v1/model").json()
    assert card["artifact"]["sha256"] and card["metrics"]["test"]["per_class"]


def test_score_answers_the_contract(client):
    body = {"comments": [
        {"id": "1", "text": "min syarat remisi apa aja?", "platform": "instagram",
         "author": {"username": "budi", "followers": 10, "has_profile_picture": True}},
        {"id": "2", "text": "keluarga saya dimintai uang waktu besuk di rutan"},
    ]}
    answer = client.post("/api/v1/score", json=body)
    assert answer.status_code == 200
    payload = answer.json()
    assert payload["model_version"]
    first, second = payload["results"]
    assert set(first) == {"id", "label", "confidence", "probabilities", "action", "reply_draft", "reasons",
                          "needs_review"}
    assert isinstance(first["needs_review"], bool)
    assert (first["id"], first["label"], first["action"]) == ("1", "info_request", "reply")
    assert first["reply_draft"].startswith("Halo Sahabat Pemasyarakatan")
    assert (second["label"], second["action"]) == ("complaint", "move_to_dm")
    assert len(second["probabilities"]) == 6 and second["reasons"]


def test_author_fields_feed_the_account_model(client):
    bot = {"username": "gacor77123", "followers": 1, "following": 5000, "posts": 0,
           "has_profile_picture": False}
    body = {"comments": [{"id": "1", "text": "wah rame juga ya", "author": bot}]}
    (result,) = client.post("/api/v1/score", json=body).json()["results"]
    assert result["label"] == "fake_account" and result["action"] == "no_response"
    assert any("account score" in reason for reason in result["reasons"])


def test_too_many_comments_is_413(client):
    body = {"comments": [{"id": str(i), "text": "halo"} for i in range(6)]}
    answer = client.post("/api/v1/score", json=body)
    assert answer.status_code == 413
    assert "limit is 5" in answer.json()["detail"]


@pytest.mark.parametrize("body", [
    {},
    {"comments": [{"id": "1"}]},
    {"comments": [{"id": "1", "text": "   "}]},
    {"comments": [{"id": "1", "text": "x" * 10_001}]},
    {"comments": [{"id": "1", "text": "halo", "author": {"followers": -3}}]},
    {"comments": "not a list"},
])
def test_malformed_requests_are_422_with_a_reason(client, body):
    answer = client.post("/api/v1/score", json=body)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["msg"]


def test_openapi_page_is_served(client):
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    assert "/api/v1/score" in schema["paths"]
