"""The database goes away for real: a PostgreSQL server of the test's own is stopped while an admin
works, then started again. Pages and API answer 503 with a plain message and Retry-After (never a
500), health tells a load balancer, and the app recovers by itself when the server is back.
SQLite made read-only under a running app: a clear error, and nothing already stored is lost."""

import sqlite3

from fastapi.testclient import TestClient
from sqlmodel import select

from api.main import create_app
from tests.api.conftest import DESK_COMMENTS, csrf, sign_in
from tests.factories import load, make_user
from triage.settings import Settings
from triage.store import apikeys
from triage.store.db import create_all, make_engine, session_scope
from triage.store.models import Comment, Decision

SECRET = "test-secret-" + "x" * 32


def desk_over(engine, shipped_model) -> tuple[object, str]:
    create_all(engine)
    make_user(engine, "ani")
    load(engine, shipped_model, DESK_COMMENTS[:4])
    with session_scope(engine) as session:
        key = apikeys.create(session, "monitor")
    return create_app(Settings(secret_key=SECRET), engine=engine), key


def first_pending(engine) -> int:
    with session_scope(engine) as session:
        pending = select(Comment.id).where(Comment.status == "pending").order_by(Comment.id)
        return session.exec(pending).first()


def decide(client: TestClient, comment_id: int):
    client.post(f"/queue/{comment_id}/claim", data={"csrftoken": csrf(client)})
    return client.post(f"/queue/{comment_id}/decide", data={
        "csrftoken": csrf(client), "label": "complaint", "action": "move_to_dm"})


def test_postgresql_stopped_and_started_again(own_postgres, shipped_model, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = make_engine(own_postgres.url)
    app, key = desk_over(engine, shipped_model)
    score = {"comments": [{"id": "1", "text": "min jam besuk kapan?"}]}
    with TestClient(app, raise_server_exceptions=False) as client:
        sign_in(client, "ani")
        assert client.get("/queue").status_code == 200
        target = first_pending(engine)

        own_postgres.stop()
        page = client.get("/queue")
        assert page.status_code == 503
        assert "Basis data tidak dapat dihubungi" in page.text and "Traceback" not in page.text
        assert page.headers["retry-after"] == "30"
        posted = decide(client, target)
        assert posted.status_code == 503 and "tidak disimpan" in posted.text
        api = client.post("/api/v1/score", json=score, headers={"X-API-Key": key})
        assert api.status_code == 503 and api.headers["retry-after"] == "30"
        assert "tidak dapat dihubungi" in api.json()["detail"]
        health = client.get("/api/v1/health")
        assert health.status_code == 503
        assert health.json() | {"model_version": ""} == {
            "status": "database_unavailable", "database": "unreachable", "model_version": ""}

        own_postgres.start()  # no restart of the app: the pool tests each connection before use
        assert client.get("/api/v1/health").json()["status"] == "ok"
        assert client.get("/queue").status_code == 200
        assert client.post("/api/v1/score", json=score, headers={"X-API-Key": key}).status_code == 200
        assert decide(client, target).status_code == 200
    with session_scope(engine) as session:
        assert len(session.exec(select(Decision).where(Decision.comment_id == target)).all()) == 1
    engine.dispose()


def sqlite_desk(shipped_model, tmp_path):
    database = tmp_path / "desk.db"
    app, _key = desk_over(make_engine(f"sqlite:///{database}"), shipped_model)
    return app, database


def stored(engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        return len(session.exec(select(Comment)).all()), len(session.exec(select(Decision)).all())


def test_sqlite_file_turned_read_only_under_the_running_app(shipped_model, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app, database = sqlite_desk(shipped_model, tmp_path)
    with TestClient(app, raise_server_exceptions=False) as client:
        sign_in(client, "ani")
        before = stored(app.state.engine)
        target = first_pending(app.state.engine)
        # File permissions do not stop root (the test may run as root), so the store is reopened
        # read-only, which is what SQLite does with a file it may not write.
        app.state.engine = make_engine(f"sqlite:///file:{database}?mode=ro&uri=true")
        assert client.get("/queue").status_code == 200  # reading still works
        answer = decide(client, target)
        assert answer.status_code == 503 and answer.headers["retry-after"] == "300"
        assert "hanya-baca" in answer.text and "tidak ada yang hilang" in answer.text
        assert stored(app.state.engine) == before
        app.state.engine = make_engine(f"sqlite:///{database}")
        assert decide(client, target).status_code == 200
        assert stored(app.state.engine) == (before[0], before[1] + 1)


def test_sqlite_locked_by_another_writer(shipped_model, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app, database = sqlite_desk(shipped_model, tmp_path)
    with TestClient(app, raise_server_exceptions=False) as client:
        sign_in(client, "ani")
        target = first_pending(app.state.engine)
        client.post(f"/queue/{target}/claim", data={"csrftoken": csrf(client)})
        other = sqlite3.connect(database, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # another process holding the write lock past busy_timeout
        try:
            answer = client.post(f"/queue/{target}/decide", data={
                "csrftoken": csrf(client), "label": "complaint", "action": "move_to_dm"})
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert answer.status_code == 503 and answer.headers["retry-after"] == "5"
        assert "sedang dipakai proses lain" in answer.text
        assert decide(client, target).status_code == 200
        assert stored(app.state.engine)[1] == 1
