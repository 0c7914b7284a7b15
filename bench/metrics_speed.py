"""Benchmark: how long GET /metrics takes with a big store (every store figure is counted at
scrape time). Imports 20,000 generated comments, copies them in SQL up to --comments, marks
--decided of them decided (one decision each, an hour after arrival), then times scrapes
through the app (TestClient) and prints p50/p95.

    .venv/bin/python bench/metrics_speed.py --comments 1000000 --decided 100000
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert, literal, update  # noqa: E402
from sqlmodel import func, select  # noqa: E402

from api.main import create_app  # noqa: E402
from bench.desk_speed import copy_until, generated_comments  # noqa: E402
from triage.model import artifact  # noqa: E402
from triage.settings import Settings, shipped_model_path  # noqa: E402
from triage.store.db import make_engine, session_scope, upgrade  # noqa: E402
from triage.store.ingest import import_records  # noqa: E402
from triage.store.models import Comment, Decision  # noqa: E402
from triage.store.users import Role, add_user  # noqa: E402

TOKEN = "bench-metrics-token-" + "x" * 20


def decide_first(engine, count: int) -> None:
    """One decision for each of the first `count` comments (as the playbook suggested), in SQL."""
    with session_scope(engine) as session:
        user = add_user(session, "bench", "benchmark password", Role.ADMIN)
        session.flush()
        user_id = user.id
    comments = Comment.__table__
    chosen = select(comments.c.id).order_by(comments.c.id).limit(count)
    with engine.begin() as connection:
        connection.execute(insert(Decision.__table__).from_select(
            ["comment_id", "user_id", "decided_at", "label", "action", "overrode_suggestion"],
            select(comments.c.id, literal(user_id), comments.c.imported_at, comments.c.suggested_label,
                   comments.c.suggested_action, literal(False)).where(comments.c.id.in_(chosen))))
        connection.execute(update(comments).where(comments.c.id.in_(chosen)).values(status="decided"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--decided", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    model = artifact.load(shipped_model_path())
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        engine = make_engine(url, bulk=True)
        imported = generated_comments(min(20_000, args.comments))
        import_records(engine, imported, model.classifier, model.version)
        if args.comments > 20_000:
            copy_until(engine, args.comments)
        decide_first(engine, args.decided)
        with session_scope(engine) as session:
            pending = session.exec(select(func.count()).where(Comment.status == "pending")).one()
        app = create_app(Settings(secret_key="bench-" + "x" * 40, database_url=url, metrics_token=TOKEN),
                         engine=engine)
        times = []
        with TestClient(app) as client:
            for _ in range(args.repeat):
                started = time.perf_counter()
                answer = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
                times.append(time.perf_counter() - started)
                assert answer.status_code == 200
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(f"GET /metrics with {args.comments:,} comments ({pending:,} in the queue, "
          f"{args.decided:,} decided), "
          f"SQLite, {args.repeat} scrapes: p50 {statistics.median(times) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
