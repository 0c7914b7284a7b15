import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.factories import store_engine
from triage.settings import Settings
from triage.store import apikeys
from triage.store.db import session_scope


@pytest.fixture(scope="module")
def api():
    """An API with a small comment limit, a tight rate limit for one key and a 1 MB upload cap."""
    engine = store_engine()
    with session_scope(engine) as session:
        keys = {name: apikeys.create(session, name) for name in ("partner", "limited", "revoked")}
        apikeys.revoke(session, "revoked")
    settings = Settings(api_max_comments=5, secret_key="test-secret-" + "x" * 32, api_rate_limit="40/minute",
                        api_max_upload_mb=1)
    with TestClient(create_app(settings, engine=engine)) as client:
        client.keys = keys
        client.headers["X-API-Key"] = keys["partner"]
        yield client


def test_health_is_open_and_names_the_model(api):
    answer = api.get("/api/v1/health", headers={"X-API-Key": ""}).json()
    assert answer["status"] == "ok" and answer["model_version"]


def test_model_card_is_served(api):
    card = api.get("/api/v1/model").json()
    assert card["artifact"]["sha256"] and card["metrics"]["test"]["per_class"]


@pytest.mark.parametrize("key", [None, "", "tri_wrong", "not-a-key", "revoked"])
def test_scoring_needs_a_live_key(api, key):
    headers = {"X-API-Key": api.keys.get(key, key)} if key is not None else {"X-API-Key": ""}
    answer = api.post("/api/v1/score", json={"comments": [{"id": "1", "text": "halo"}]}, headers=headers)
    assert answer.status_code == 401


def test_score_answers_the_contract(api):
    body = {"comments": [
        {"id": "1", "text": "min syarat remisi apa aja?", "platform": "instagram",
         "author": {"username": "budi", "followers": 10, "has_profile_picture": True}},
        {"id": "2", "text": "keluarga saya dimintai uang waktu besuk di rutan"},
    ]}
    answer = api.post("/api/v1/score", json=body)
    assert answer.status_code == 200
    payload = answer.json()
    assert payload["model_version"]
    first, second = payload["results"]
    assert set(first) >= {"id", "label", "confidence", "probabilities", "action", "reply_draft", "reasons",
                          "needs_review"}
    assert isinstance(first["needs_review"], bool)
    assert first["draft_source"] and "Permenkumham" in first["draft_source"]
    assert first["action_reason"].startswith("General information request")
    assert (first["id"], first["label"], first["action"]) == ("1", "info_request", "reply")
    assert "Sahabat Pemasyarakatan" in first["reply_draft"] and "berkelakuan baik" in first["reply_draft"]
    assert (second["label"], second["action"]) == ("complaint", "move_to_dm")
    assert len(second["probabilities"]) == 6 and second["reasons"]


def test_author_fields_feed_the_account_model(api):
    bot = {"username": "gacor77123", "followers": 1, "following": 5000, "posts": 0,
           "has_profile_picture": False}
    body = {"comments": [{"id": "1", "text": "wah rame juga ya", "author": bot}]}
    (result,) = api.post("/api/v1/score", json=body).json()["results"]
    assert result["label"] == "fake_account" and result["action"] == "no_response"
    assert any("account score" in reason for reason in result["reasons"])


def test_too_many_comments_is_413(api):
    body = {"comments": [{"id": str(i), "text": "halo"} for i in range(6)]}
    answer = api.post("/api/v1/score", json=body)
    assert answer.status_code == 413
    assert "limit is 5" in answer.json()["detail"]


@pytest.mark.parametrize("body", [
    {},
    {"comments": [{"id": "1"}]},
    {"comments": [{"id": "1", "text": "   "}]},
    {"comments": [{"id": "1", "text": "x" * 10_001}]},
    {"comments": [{"id": "1", "text": "halo", "author": {"followers": -3}}]},
    {"comments": "not a list"},
    {"comments": [{"id": "1", "text": "halo", "author": {"verified": 0}}]},
    {"comments": [{"id": "1", "text": "halo", "author": {"posts": False}}]},
    {"comments": [{"id": "1", "text": "halo", "author": {"created_at": 0}}]},
])
def test_malformed_requests_are_422_with_a_reason(api, body):
    answer = api.post("/api/v1/score", json=body)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["msg"]


def test_csv_is_streamed_in_and_out_with_author_fields_kept(api):
    rows = "id,text,author_username\n1,min jam besuk kapan?,budi\n2,\"mantap, semangat 👍\",\n"
    answer = api.post("/api/v1/score.csv", content=rows.encode(), headers={"content-type": "text/csv"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    out = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["id"], r["label"], r["action"]) for r in out] == [("1", "info_request", "reply"),
                                                                 ("2", "support", "like")]
    assert out[0]["author_username"] == "budi" and out[1]["text"] == "mantap, semangat 👍"


def test_jsonl_is_streamed_in_and_out(api):
    records = [{"id": "a", "text": "dasar petugas goblok"},
               {"id": "b", "text": "syarat remisi", "author": {"posts": 3}}]
    lines = "".join(json.dumps(r) + "\n" for r in records)
    answer = api.post("/api/v1/score.jsonl", content=lines.encode())
    out = [json.loads(line) for line in answer.text.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"] and out[1]["author"] == {"posts": 3}
    assert all({"label", "confidence", "action"} <= set(o) for o in out)


def test_bad_rows_in_a_stream_are_422_with_row_and_reason(api):
    rows = "id,text\n1,halo\n2,\n3," + "x" * 10_001 + "\n"
    answer = api.post("/api/v1/score.csv", content=rows.encode())
    assert answer.status_code == 422
    assert [(r["row"], r["reason"][:13]) for r in answer.json()["rows"]] == [(2, "text is empty"),
                                                                            (3, "text is 10,00")]


@pytest.mark.parametrize(("path", "body", "status"), [
    ("/api/v1/score.csv", b"id,comment\n1,halo\n", 422),  # no text column
    ("/api/v1/score.xml", b"<a/>", 422),
    ("/api/v1/score.csv", b"id,text\n" + b"1,halo\n" * 200_000, 413),  # over the 1 MB cap
])
def test_unreadable_streams_are_refused_never_500(api, path, body, status):
    assert api.post(path, content=body).status_code == status


def test_each_key_has_its_own_rate_limit(api):
    limited = {"X-API-Key": api.keys["limited"]}
    answers = [api.post("/api/v1/score", json={"comments": [{"id": "1", "text": "halo"}]}, headers=limited)
               for _ in range(41)]
    assert [a.status_code for a in answers[:40]] == [200] * 40
    assert answers[40].status_code == 429 and answers[40].headers["retry-after"]
    assert api.get("/api/v1/model").status_code == 200  # another key is not affected


def test_openapi_documents_the_key_and_the_fields(api):
    assert api.get("/docs").status_code == 200
    schema = api.get("/openapi.json").json()
    assert {"/api/v1/score", "/api/v1/score.{kind}"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"
    for name in ("ScoreRequest", "CommentIn", "AuthorIn", "ScoreResult", "ScoreResponse"):
        for field, spec in schema["components"]["schemas"][name]["properties"].items():
            assert spec.get("description"), (name, field)
            assert spec.get("examples") or name in ("ScoreResponse",) or field == "author", (name, field)
