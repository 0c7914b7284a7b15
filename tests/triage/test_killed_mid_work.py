"""Real `triage` processes killed with SIGKILL in the middle of their work, then run again:
nothing stored twice, nothing half-recorded, no model that cannot be loaded, and the second
run finishes the job."""

import csv
import hashlib
import hmac
import json
import sqlite3
import threading
from pathlib import Path

import httpx
import pytest

from tests import killed
from tests.factories import PASSWORD, comment, load, make_user
from tests.triage.training.test_text_model import small_splits
from triage.model import artifact, registry
from triage.settings import shipped_model_path
from triage.store.db import make_engine, upgrade

ROWS = 20_000


def count(database: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            return connection.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or busy for a moment
        return 0


def big_export(path: Path) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "platform", "created_at", "post_id", "author_username"])
        for i in range(ROWS):
            writer.writerow([f"ig-{i}", f"min jam besuk lapas nomor {i} kapan ya?", "instagram",
                             "2026-11-20T08:00:00+07:00", f"post-{i % 50}", f"warga_{i % 3000}"])
    return path


def test_an_import_killed_midway_and_run_again_stores_every_comment_once(tmp_path):
    database = tmp_path / "desk.db"
    env = killed.environment(f"sqlite:///{database}")
    export = big_export(tmp_path / "comments.csv")
    arguments = ["import", str(export), "--platform", "instagram", "--jobs", "1"]
    process = killed.start(arguments, env, tmp_path)
    killed.kill_when(process, lambda: count(database, "SELECT count(*) FROM comment") >= 2_000)
    kept = count(database, "SELECT count(*) FROM comment")
    assert 0 < kept < ROWS  # killed mid-way: some batches stored, not all
    assert count(database, "SELECT count(*) FROM suggestion") == kept  # no half-written batch

    again = killed.start(arguments, env, tmp_path)
    assert again.wait(timeout=600) == 0, killed.output(again)
    assert f"new {ROWS - kept}, duplicates {kept}" in killed.output(again)
    assert count(database, "SELECT count(*) FROM comment") == ROWS
    assert count(database, "SELECT count(DISTINCT platform || external_id) FROM comment") == ROWS
    assert count(database, "SELECT count(*) FROM suggestion") == ROWS


def desk_file(tmp_path: Path, shipped_model, comments: int) -> tuple[Path, str]:
    database = tmp_path / "desk.db"
    url = f"sqlite:///{database}"
    upgrade(url)
    engine = make_engine(url)
    make_user(engine, "ani")
    load(engine, shipped_model, [comment(f"ig-{i}", f"mantap min semangat {i}", minutes=i)
                                 for i in range(comments)])
    engine.dispose()
    return database, url


def signed_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=True)
    client.get("/login")
    client.post("/login", data={"username": "ani", "password": PASSWORD,
                                "csrftoken": client.cookies["csrftoken"]})
    return client


def decide_all(client: httpx.Client, ids: list[int], done: list[int]) -> None:
    """Claim and decide each comment (support -> like, carried out as a dry run)."""
    try:
        for comment_id in ids:
            token = client.cookies["csrftoken"]
            client.post(f"/queue/{comment_id}/claim", data={"csrftoken": token})
            answer = client.post(f"/queue/{comment_id}/decide", data={
                "csrftoken": token, "label": "support", "action": "like"})
            if "Done: support / like" in answer.text:
                done.append(comment_id)
    except httpx.TransportError:
        pass  # the server was killed


DECIDED_WITHOUT_DECISION = ("SELECT count(*) FROM comment c WHERE c.status = 'decided' AND NOT EXISTS "
                            "(SELECT 1 FROM decision d WHERE d.comment_id = c.id)")
DECISION_WITHOUT_ACTIONS = ("SELECT count(*) FROM decision d WHERE NOT EXISTS "
                            "(SELECT 1 FROM platformaction a WHERE a.decision_id = d.id)")


def test_a_server_killed_while_admins_decide_keeps_no_half_recorded_decision(tmp_path, shipped_model):
    database, url = desk_file(tmp_path, shipped_model, 300)
    env = killed.environment(url, TRIAGE_ACTIONS="dry-run", TRIAGE_LIVE_WORKER="false")
    server, base = killed.serve(env, tmp_path)
    done: list[int] = []
    worker = threading.Thread(target=decide_all, args=(signed_in(base), list(range(1, 301)), done))
    worker.start()
    killed.kill_when(server, lambda: len(done) >= 20)
    worker.join(timeout=60)
    decisions = count(database, "SELECT count(*) FROM decision")
    assert len(done) <= decisions < 300
    assert count(database, "SELECT count(*) FROM comment WHERE status = 'decided'") == decisions
    assert count(database, DECIDED_WITHOUT_DECISION) == 0
    assert count(database, DECISION_WITHOUT_ACTIONS) == 0  # the outbox row is in the same transaction

    server, base = killed.serve(env, tmp_path)
    try:
        left = [i for i in range(1, 301) if i not in set(done)]
        decide_all(signed_in(base), left, done)
    finally:
        killed.stop(server)
    assert count(database, "SELECT count(*) FROM decision") == 300
    assert count(database, "SELECT count(DISTINCT comment_id) FROM decision") == 300
    assert count(database, DECISION_WITHOUT_ACTIONS) == 0


APP_SECRET = "meta-secret-for-the-kill-test"


def delivery(i: int) -> bytes:
    value = {"from": {"id": f"1784{i}", "username": f"warga_{i}"}, "media": {"id": "179559568751"},
             "id": f"1801{i:06d}", "text": f"min jam besuk lapas {i} kapan ya?"}
    return json.dumps({"object": "instagram", "entry": [{"id": "17841400000000000", "time": 1764547200,
                       "changes": [{"field": "comments", "value": value}]}]}).encode()


def deliver(base: str, bodies: list[bytes], answered: list[int]) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        try:
            for i, body in enumerate(bodies):
                signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
                answer = client.post("/webhooks/meta", content=body, headers={
                    "X-Hub-Signature-256": signature, "Content-Type": "application/json"})
                if answer.status_code == 200:
                    answered.append(i)
        except httpx.TransportError:
            pass


def test_webhook_deliveries_answered_before_a_kill_are_processed_after_the_restart(tmp_path, shipped_model):
    database, url = desk_file(tmp_path, shipped_model, 0)
    env = killed.environment(url, TRIAGE_META_APP_SECRET=APP_SECRET, TRIAGE_WEBHOOK_RETAKE_SECONDS="2")
    server, base = killed.serve(env, tmp_path)
    bodies = [delivery(i) for i in range(400)]
    answered: list[int] = []
    senders = [threading.Thread(target=deliver, args=(base, bodies[k::4], answered)) for k in range(4)]
    for sender in senders:
        sender.start()
    killed.kill_when(server, lambda: len(answered) >= 200)
    for sender in senders:
        sender.join(timeout=60)
    stored = count(database, "SELECT count(*) FROM webhookevent")
    unfinished = count(database, "SELECT count(*) FROM webhookevent WHERE status <> 'done'")
    assert stored >= len(answered) >= 200  # every delivery answered 200 was stored first
    assert unfinished > 0, "the kill came after everything was processed: nothing was tested"

    server, base = killed.serve(env, tmp_path)  # its live worker takes up what was left
    try:
        killed.wait_until(lambda: count(database, "SELECT count(*) FROM webhookevent WHERE status = 'done'")
                          == stored, timeout=60)
    finally:
        killed.stop(server)
    assert count(database, "SELECT count(*) FROM comment") == stored
    assert count(database, "SELECT count(DISTINCT external_id) FROM comment") == stored


def model_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "models" / "triage-text"
    folder.mkdir(parents=True)
    source = shipped_model_path().parent
    (folder / "v1").mkdir()
    for name in ("model.joblib", "card.json"):
        (folder / "v1" / name).write_bytes((source / name).read_bytes())
    (folder / "CURRENT").write_text("v1\n")
    return folder


@pytest.mark.slow
def test_training_killed_while_writing_the_model_leaves_no_half_written_model(tmp_path):
    splits = small_splits(tmp_path / "splits")
    out = model_folder(tmp_path)
    env = killed.environment(f"sqlite:///{tmp_path / 'desk.db'}")
    arguments = ["train", "--data", str(splits), "--out", str(out), "--version", "v2", "--no-leave-one-out",
                 "--no-promote"]
    process = killed.start(arguments, env, tmp_path)
    killed.kill_when(process, lambda: any((out / "v2").glob(".model.joblib.*.partial")), every=0.001)
    assert not (out / "v2" / "model.joblib").exists()  # the half-written file never took its name
    assert [version for version, _card in registry.versions(out)] == ["v1"]
    in_use = registry.load_in_use(out)
    assert in_use.version == artifact.read_card(out / "v1" / "model.joblib")["version"]

    again = killed.start(arguments, env, tmp_path)
    assert again.wait(timeout=600) == 0, killed.output(again)
    assert artifact.load(out / "v2" / "model.joblib").classifier.predict(["mantap min"])
    assert not list((out / "v2").glob("*.partial"))
