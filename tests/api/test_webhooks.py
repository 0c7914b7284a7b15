"""Meta's webhooks through the app: the subscription check, signatures, stored-first deliveries,
redeliveries and malformed bodies."""

import hashlib
import hmac
import json
import random

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from api.main import create_app
from tests.factories import make_user, store_engine
from triage.settings import Settings
from triage.store.db import session_scope
from triage.store.models import Comment, WebhookEvent
from triage.store.users import Role

SECRET, VERIFY = "meta-app-secret-for-tests", "verify-me-please"


def instagram_event(comment_id: str, text: str, parent: str | None = None) -> dict:
    value = {"from": {"id": "1784" + comment_id, "username": f"warga_{comment_id}"},
             "media": {"id": "17955956875141196", "media_product_type": "FEED"},
             "id": comment_id, "text": text}
    if parent:
        value["parent_id"] = parent
    return {"object": "instagram", "entry": [{"id": "17841400000000000", "time": 1764547200,
                                               "changes": [{"field": "comments", "value": value}]}]}


def page_event(comment_id: str, text: str) -> dict:
    return {"object": "page", "entry": [{"id": "19292868552", "time": 1764547200, "changes": [{
        "field": "feed", "value": {"item": "comment", "verb": "add", "comment_id": comment_id,
                                   "post_id": "19292868552_10158407654328553",
                                   "parent_id": "19292868552_10158407654328553", "message": text,
                                   "from": {"id": "555", "name": "Warga"}, "created_time": 1764547200}}]}]}


def signed(body: bytes, secret: str = SECRET) -> dict:
    return {"X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
            "Content-Type": "application/json"}


@pytest.fixture
def hook(shipped_model, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = store_engine()
    make_user(engine, "sari", Role.SUPERVISOR)
    app = create_app(Settings(secret_key="hook-test-" + "x" * 40, meta_app_secret=SECRET,
                              meta_verify_token=VERIFY), engine=engine)
    with TestClient(app) as client:
        client.engine = engine
        yield client


def post(client, document: dict | bytes, secret: str = SECRET):
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post("/webhooks/meta", content=body, headers=signed(body, secret))


def count(engine, model, *where) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_the_subscription_check_echoes_the_challenge_only_for_our_token(hook):
    ok = hook.get("/webhooks/meta", params={"hub.mode": "subscribe", "hub.verify_token": VERIFY,
                                            "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.text == "1158201444"
    for wrong in ({"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
                  {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY, "hub.challenge": "1"},
                  {"hub.challenge": "1"}):
        assert hook.get("/webhooks/meta", params=wrong).status_code == 403


def test_deliveries_without_our_signature_are_refused_and_not_stored(hook):
    body = json.dumps(instagram_event("1", "min jam besuk kapan ya?")).encode()
    assert hook.post("/webhooks/meta", content=body).status_code == 401
    assert post(hook, body, secret="someone-else").status_code == 401  # noqa: S106
    tampered = signed(body)
    assert hook.post("/webhooks/meta", content=body + b" ", headers=tampered).status_code == 401
    assert count(hook.engine, WebhookEvent) == 0


def test_a_signed_comment_is_stored_then_scored_and_queued(hook):
    answer = post(hook, instagram_event("17890001", "min jam besuk lapas cipinang kapan ya?"))
    assert answer.status_code == 200 and answer.json()["new"] is True
    with session_scope(hook.engine) as session:
        comment = session.exec(select(Comment)).one()
        event = session.exec(select(WebhookEvent)).one()
    assert (comment.platform, comment.external_id, comment.status) == ("instagram", "17890001", "pending")
    assert comment.suggested_label == "info_request"
    assert (event.status, event.comments) == ("done", 1)


def test_a_facebook_page_comment_is_queued_and_a_reaction_is_not(hook):
    post(hook, page_event("10158407654328553_1", "pelayanan di rutan lambat sekali, tolong diperbaiki"))
    reaction = page_event("x", "")
    reaction["entry"][0]["changes"][0]["value"] = {"item": "reaction", "verb": "add", "post_id": "1_2"}
    post(hook, reaction)
    assert count(hook.engine, Comment, Comment.platform == "facebook") == 1
    with session_scope(hook.engine) as session:
        kept = session.exec(select(WebhookEvent).order_by(WebhookEvent.id)).all()
    assert [e.status for e in kept] == ["done", "done"] and "not a new comment" in kept[1].rejected[0]


def test_a_redelivery_adds_nothing(hook):
    event = instagram_event("17890002", "mantap min")
    assert post(hook, event).json()["new"] is True
    assert post(hook, event).json()["new"] is False
    assert count(hook.engine, WebhookEvent) == 1 and count(hook.engine, Comment) == 1


def test_a_malformed_delivery_is_kept_aside_with_its_reason(hook):
    for body in (b"{not json", json.dumps({"object": "whatsapp_business_account", "entry": []}).encode()):
        assert post(hook, body).status_code == 200  # Meta would redeliver a refusal forever
    with session_scope(hook.engine) as session:
        kept = session.exec(select(WebhookEvent).order_by(WebhookEvent.id)).all()
    assert [e.status for e in kept] == ["malformed", "malformed"]
    assert "whatsapp_business_account" in kept[1].reason and kept[0].body == "{not json"


def test_an_oversized_body_is_refused(hook):
    body = b"x" * (1024 * 1024 + 1)
    assert hook.post("/webhooks/meta", content=body, headers=signed(body)).status_code == 413


def test_many_deliveries_with_redeliveries_and_malformed_ones_store_each_comment_once(hook):
    rng = random.Random(3)
    sent, good, malformed = [], set(), 0
    for n in range(200):
        if rng.random() < 0.05:
            sent.append(b'{"object": "instagram", "entry": [' + str(n).encode())  # cut short
            malformed += 1
            continue
        comment_id = f"1790{n:04d}"
        good.add(comment_id)
        sent.append(json.dumps(instagram_event(comment_id, f"komentar nomor {n} min")).encode())
        if rng.random() < 0.10:
            sent.append(sent[-1])
    for body in sent:
        assert post(hook, body).status_code == 200
    with session_scope(hook.engine) as session:
        stored = list(session.exec(select(Comment.external_id)))
        statuses = list(session.exec(select(WebhookEvent.status)))
    assert sorted(stored) == sorted(good)  # each good comment once, none lost
    assert malformed > 0 and len(sent) > len(set(sent))  # the mix happened
    assert (statuses.count("done"), statuses.count("malformed")) == (len(good), malformed)
