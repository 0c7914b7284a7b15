"""GET /metrics as Prometheus reads it, after the desk has been used: queue depth per label and
platform, imports, scores, decisions, information requests, arrival to decision, latency per
route template, the model version, failed sign-ins; and only for a bearer of the token or a key."""

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import select

from api.main import create_app
from tests.api.conftest import DESK_COMMENTS, csrf, sign_in
from tests.factories import load, make_user, store_engine
from triage.playbook.workdays import WorkingCalendar
from triage.settings import Settings
from triage.store import apikeys, formal_requests
from triage.store.db import session_scope
from triage.store.models import Comment, User
from triage.store.users import Role

TOKEN = "metrics-token-" + "m" * 24


@pytest.fixture
def desk(shipped_model, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = store_engine()
    make_user(engine, "ani", Role.ADMIN)
    load(engine, shipped_model, DESK_COMMENTS)
    with session_scope(engine) as session:
        key = apikeys.create(session, "prometheus")
    app = create_app(Settings(secret_key="test-secret-" + "x" * 32, metrics_token=TOKEN), engine=engine)
    app.state.test_engine, app.state.test_key = engine, key
    return app


def scrape(client: TestClient, token: str = TOKEN) -> dict:
    """{(sample name, frozenset of labels): value} of one scrape."""
    answer = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain; version=")
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(answer.text) for sample in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples[(name, frozenset(labels.items()))]


def use_the_desk(app: TestClient, client: TestClient) -> None:
    """A failed sign-in, a decision through the queue, an open and an overdue information request,
    a Perspective call and an API call."""
    client.get("/login")
    wrong = client.post("/login", data={"username": "ani", "password": "nope", "csrftoken": csrf(client)})
    assert wrong.status_code == 401
    sign_in(client, "ani")
    with session_scope(app.state.test_engine) as session:
        ids = {external: id_ for external, id_ in session.exec(select(Comment.external_id, Comment.id))}
        user = session.exec(select(User).where(User.username == "ani")).one()
        calendar = WorkingCalendar()
        formal_requests.open_request(session, ids["ig-3"], user, calendar)
        formal_requests.open_request(session, ids["ig-1"], user, calendar, received=date(2026, 1, 5))
    client.post(f"/queue/{ids['ig-4']}/claim", data={"csrftoken": csrf(client)})
    decided = client.post(f"/queue/{ids['ig-4']}/decide", data={
        "csrftoken": csrf(client), "label": "complaint", "action": "move_to_dm",
        "reply": "Halo Sahabat Pemasyarakatan, mohon DM detailnya ya", "note": ""})
    assert decided.status_code == 200
    analyzed = client.post("/v1alpha1/comments:analyze", params={"key": app.state.test_key},
                           json={"comment": {"text": "mantap"}, "requestedAttributes": {"TOXICITY": {}}})
    assert analyzed.status_code == 200
    scored = client.post("/api/v1/score", headers={"X-API-Key": app.state.test_key},
                         json={"comments": [{"id": "1", "text": "halo"}, {"id": "2", "text": "mantap"}]})
    assert scored.status_code == 200


def test_metrics_answer_the_families_operators_need(desk, shipped_model):
    with TestClient(desk) as client:
        use_the_desk(desk, client)
        samples = scrape(client)
    assert value(samples, "triage_model_info", version=shipped_model.version,
                 account_model_version=shipped_model.accounts.card["version"]) == 1
    assert value(samples, "triage_store_up") == 1
    by_label = {dict(labels)["label"]: count for (name, labels), count in samples.items()
                if name == "triage_queue_depth"}
    by_platform = {dict(labels)["platform"]: count for (name, labels), count in samples.items()
                   if name == "triage_queue_depth_by_platform"}
    assert sum(by_label.values()) == 5  # six comments, one decided
    assert "complaint" not in by_label  # the one complaint was decided
    assert by_platform == {"instagram": 4, "youtube": 1}
    assert value(samples, "triage_comments_imported_total", platform="instagram") == 5
    assert value(samples, "triage_comments_imported_total", platform="youtube") == 1
    assert value(samples, "triage_comments_scored_total") == 6
    assert value(samples, "triage_decisions_total", action="move_to_dm") == 1
    assert value(samples, "triage_information_requests_open") == 2
    assert value(samples, "triage_information_requests_overdue") == 1
    assert value(samples, "triage_decision_seconds_count") == 1
    assert value(samples, "triage_decision_seconds_bucket", le="60.0") == 1  # decided as soon as it came
    assert value(samples, "triage_decision_seconds_bucket", le="+Inf") == 1
    assert value(samples, "triage_login_failures_total", reason="wrong_password") == 1
    assert value(samples, "triage_api_comments_scored_total", route="perspective") == 1
    assert value(samples, "triage_api_comments_scored_total", route="score") == 2
    routes = {dict(labels)["route"] for (name, labels), _ in samples.items()
              if name == "triage_http_request_duration_seconds_count"}
    # Templates, never raw paths: the comment id stays out of the label.
    assert {"/login", "/queue/{comment_id}/decide", "/v1alpha1/comments:analyze"} <= routes
    assert not any(re.search(r"/\d", route) for route in routes)


def test_an_api_key_may_read_the_metrics_too(desk):
    with TestClient(desk) as client:
        assert value(scrape(client, desk.state.test_key), "triage_store_up") == 1


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer wrong-token-xxxxxxxxxx",
                                           f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_the_public_cannot_read_the_metrics(desk, authorization):
    with TestClient(desk) as client:
        headers = {"Authorization": authorization} if authorization is not None else {}
        answer = client.get("/metrics", headers=headers)
    assert answer.status_code == 401 and "triage_" not in answer.text
    assert answer.headers["WWW-Authenticate"] == "Bearer"


def test_every_answer_carries_a_request_id_and_a_plain_given_one_is_kept(desk):
    with TestClient(desk) as client:
        made_up = client.get("/api/v1/health").headers["X-Request-ID"]
        kept = client.get("/api/v1/health", headers={"X-Request-ID": "proxy-123.abc"}).headers["X-Request-ID"]
        hostile = client.get("/api/v1/health",
                             headers={"X-Request-ID": ("a\u00e9\"<x>\n" + "y" * 80).encode("latin-1")})
    assert len(made_up) == 32 and kept == "proxy-123.abc"
    assert hostile.headers["X-Request-ID"].isalnum() and len(hostile.headers["X-Request-ID"]) == 32
