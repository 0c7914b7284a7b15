"""Benchmark: the supervisors' pages with many decisions (default 100,000) in SQLite.

Rows are inserted directly (comments, suggestions, decisions spread over 90 days and five
admins), then /reports (day, week, month), /audit and the Excel export are timed through the
app. Run with `make bench` (not part of `make test`).
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from api.main import create_app  # noqa: E402
from triage.labels import ACTIONS, LABELS  # noqa: E402
from triage.settings import Settings  # noqa: E402
from triage.store.db import make_engine, refresh_statistics, session_scope, upgrade  # noqa: E402
from triage.store.models import Comment, Decision, Suggestion  # noqa: E402
from triage.store.users import Role, add_user  # noqa: E402

PLATFORMS = ("instagram", "x", "facebook", "youtube", "tiktok")


def fill(engine, decisions: int) -> None:
    random.seed(7)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        admins = [add_user(session, f"admin{n}", "benchmark password", Role.ADMIN).id for n in range(5)]
        add_user(session, "boss", "benchmark password", Role.SUPERVISOR)
    for start in range(0, decisions, 10_000):
        count = min(10_000, decisions - start)
        created = [now - timedelta(minutes=random.randint(30, 90 * 24 * 60)) for _ in range(count)]
        with session_scope(engine) as session:
            ids = session.execute(insert(Comment).returning(Comment.id, sort_by_parameter_order=True), [
                {"platform": PLATFORMS[i % 5], "external_id": f"b{start + i}", "text": f"komentar nomor {i}",
                 "created_at": created[i], "imported_at": created[i], "status": "decided", "priority": 3}
                for i in range(count)]).scalars().all()
            labels = [random.choice(LABELS) for _ in ids]
            returning = insert(Suggestion).returning(Suggestion.id, sort_by_parameter_order=True)
            suggestion_ids = session.execute(returning, [
                {"comment_id": cid, "label": label, "confidence": 0.8, "probabilities": {}, "action": "like",
                 "reasons": [], "model_version": "bench", "created_at": created[i]}
                for i, (cid, label) in enumerate(zip(ids, labels, strict=True))]).scalars().all()
            session.execute(insert(Decision), [
                {"comment_id": cid, "user_id": random.choice(admins), "label": random.choice(LABELS),
                 "action": random.choice(ACTIONS), "suggestion_id": sid,
                 "overrode_suggestion": random.random() < 0.2,
                 "decided_at": created[i] + timedelta(minutes=random.randint(1, 600))}
                for i, (cid, sid) in enumerate(zip(ids, suggestion_ids, strict=True))])
    refresh_statistics(engine)


def timed(client: TestClient, url: str, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--decisions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        engine = make_engine(url)
        fill(engine, args.decisions)
        app = create_app(Settings(secret_key="bench-" + "x" * 40, database_url=url), engine=engine)
        with TestClient(app) as client:
            client.get("/login")
            client.post("/login", data={"username": "boss", "password": "benchmark password",
                                        "csrftoken": client.cookies["csrftoken"]})
            print(f"supervisor pages with {args.decisions:,} decisions "
                  f"(SQLite, median / worst of {args.repeat}):")
            for url in ("/reports?period=day", "/reports?period=week", "/reports?period=month", "/audit",
                        "/audit?sample=20", "/reports/export.xlsx?period=month"):
                median, worst = timed(client, url, args.repeat)
                print(f"  {url:<36} {median:8.0f} ms   worst {worst:8.0f} ms")


if __name__ == "__main__":
    main()
