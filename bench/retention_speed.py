"""Benchmark: the retention run and a person's erasure over N decided comments.

Fills a migrated store (a fresh SQLite file, or an empty PostgreSQL database given with
--database-url) with N decided comments from N/5 authors, all decided two years ago (texts
from data/splits/test.csv, suggestions, decisions with a reply and a note), then times
`triage retention run` (the app's own function), checks that the reports' figures did not
change, times the VACUUM that `--compact` adds, and times `triage people forget` for one
author on a second store of the same size. Run with `make bench` or:

    .venv/bin/python bench/retention_speed.py --comments 100000
"""

import argparse
import csv
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from triage.playbook.workdays import WorkingCalendar  # noqa: E402
from triage.privacy import people  # noqa: E402
from triage.store import privacy, reports  # noqa: E402
from triage.store.db import make_engine, refresh_statistics, session_scope, upgrade  # noqa: E402
from triage.store.models import Account, Comment, Decision, Suggestion, User  # noqa: E402

PLATFORMS = ("instagram", "x", "facebook", "youtube", "tiktok")
CHUNK = 10_000
REASON = 'the words "rutan" point to complaint'
TWO_YEARS_AGO = datetime.now(UTC) - timedelta(days=730)


def texts() -> list[str]:
    with (ROOT / "data/splits/test.csv").open(newline="", encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def fill(engine, count: int) -> None:
    corpus = texts()
    authors = max(count // 5, 1)
    with session_scope(engine) as session:
        admin = User(username="ani", password_hash="-", role="admin")  # noqa: S106 - never signs in
        session.add(admin)
        session.flush()
        user_id = admin.id
    with engine.begin() as connection:
        connection.execute(insert(Account), [
            {"platform": PLATFORMS[a % 5], "key": f"@warga{a}", "username": f"warga{a}",
             "display_name": f"Warga {a}", "followers": a % 900, "bio": f"bio {a}"} for a in range(authors)])
    for start in range(0, count, CHUNK):
        rows = range(start, min(start + CHUNK, count))
        created = [TWO_YEARS_AGO + timedelta(seconds=40 * i) for i in rows]
        with engine.begin() as connection:
            connection.execute(insert(Comment), [
                {"id": i + 1, "platform": PLATFORMS[(i % authors) % 5], "external_id": f"c{i}",
                 "text": corpus[i % len(corpus)], "created_at": at, "imported_at": at, "status": "decided",
                 "priority": 5, "account_id": i % authors + 1, "suggested_label": "complaint",
                 "suggested_action": "move_to_dm"} for i, at in zip(rows, created, strict=True)])
            connection.execute(insert(Suggestion), [
                {"id": i + 1, "comment_id": i + 1, "label": "complaint", "confidence": 0.8,
                 "probabilities": {}, "action": "move_to_dm", "reasons": [REASON],
                 "model_version": "bench", "created_at": at, "personal_data": []}
                for i, at in zip(rows, created, strict=True)])
            connection.execute(insert(Decision), [
                {"comment_id": i + 1, "user_id": user_id, "label": "complaint" if i % 7 else "other",
                 "action": "move_to_dm",
                 "reply_text": f"Halo Sahabat Pemasyarakatan @warga{i % authors}, DM ya",
                 "note": "dicatat" if i % 3 == 0 else None, "overrode_suggestion": i % 7 == 0,
                 "suggestion_id": i + 1, "decided_at": at + timedelta(minutes=30)}
                for i, at in zip(rows, created, strict=True)])
    refresh_statistics(engine)


def figures(engine) -> list:
    window = reports.window("month", (TWO_YEARS_AGO + timedelta(days=200)).date())
    with session_scope(engine) as session:
        return [(t.name, [list(r) for r in t.rows])
                for t in reports.tables(session, window, WorkingCalendar())]


def store(url: str | None, folder: Path, name: str):
    if url:
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    url = url or f"sqlite:///{folder / name}"
    upgrade(url)
    return make_engine(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = store(args.database_url, Path(folder), "retention.db")
        started = time.perf_counter()
        fill(engine, args.comments)
        print(f"filled {args.comments:,} decided comments in {time.perf_counter() - started:.1f} s")
        before = figures(engine)
        started = time.perf_counter()
        result = people.run_retention(engine, 365, "bench")
        took = time.perf_counter() - started
        print(f"retention run: {result.comments:,} comments and {result.accounts:,} accounts erased in "
              f"{took:.1f} s ({result.comments / took:,.0f} comments/s)")
        print("report figures identical after retention:", figures(engine) == before)
        started = time.perf_counter()
        privacy.compact(engine)
        print(f"compact (--compact: search index merged, VACUUM): {time.perf_counter() - started:.1f} s")
        engine.dispose()

        engine = store(args.database_url, Path(folder), "forget.db")
        fill(engine, args.comments)
        started = time.perf_counter()
        counts = people.forget(engine, "instagram", "warga5", "bench", Path(folder) / "corrections.csv")
        print(f"people forget (one author, {counts['comments']} comments, {counts['mentions']} mentions, "
              f"compaction included): {time.perf_counter() - started:.1f} s")
        engine.dispose()


if __name__ == "__main__":
    main()
