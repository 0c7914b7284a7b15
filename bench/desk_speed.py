"""Benchmark: import speed (with scoring) and queue page time with many comments.

Imports N generated comments (texts from data/splits/test.csv, spread over five platforms)
into a fresh SQLite file (or an empty PostgreSQL database given with --database-url) through
the same path as `triage import`, while an admin's write is tried every 200 ms through an app
engine (on SQLite an import holds the one write lock while it stores a batch). Then times the
queue page through the app (TestClient, signed in) for the first page, filters, search and
deep pages. With --import-only N, only N are imported and the rest are copies made in SQL: a
quick fill when only the queue is timed. With --store-only, the import's storing is timed alone
(suggestions scored for the first 100,000 comments before the clock starts, stored in turn):
the part of an import that its one writing process must do.
Run with `make bench` (not part of `make test`).
"""

import argparse
import csv
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from itertools import chain, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert, update  # noqa: E402
from sqlmodel import func, select  # noqa: E402

from api.main import create_app  # noqa: E402
from triage.importers.base import Author, ImportedComment  # noqa: E402
from triage.model import artifact  # noqa: E402
from triage.model.artifact import LoadedModel  # noqa: E402
from triage.model.kinds import TEXT  # noqa: E402
from triage.settings import Settings, shipped_model_path  # noqa: E402
from triage.store import ingest  # noqa: E402
from triage.store.db import make_engine, refresh_statistics, session_scope, upgrade  # noqa: E402
from triage.store.ingest import import_records  # noqa: E402
from triage.store.models import Comment, Suggestion, User  # noqa: E402
from triage.store.users import Role, add_user, find_user  # noqa: E402

PLATFORMS = ("instagram", "x", "facebook", "youtube", "tiktok")
PASSWORD = "desk speed check 2026"


def generated_comments(count: int):
    with (ROOT / "data/splits/test.csv").open(newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(count):
        yield ImportedComment(
            platform=PLATFORMS[i % 5], external_id=f"bench-{i}", text=texts[i % len(texts)],
            created_at=start + timedelta(seconds=37 * i), post_external_id=f"post-{i % 300}",
            author=Author(username=f"user{i % 20_000}"))


def timed_gets(client: TestClient, url: str, repeat: int) -> list[float]:
    client.get(url)  # warm-up: the first request of a kind fills caches (templates, SQL plans)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.status_code
    return times


def timed_claims(client: TestClient, search: str, repeat: int) -> list[float]:
    """The "claim next 10" button on a (searched) queue page, answered by a redirect."""
    form = {"count": "10", "q": search, "csrftoken": client.cookies["csrftoken"]}
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = client.post("/queue/claim-next", data=form, follow_redirects=False)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 303, answer.status_code
    return times


def report(name: str, times: list[float]) -> None:
    p95 = statistics.quantiles(times, n=20)[18]
    print(f"  {name:<34} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--database-url", help="an empty database; default: a temporary SQLite file")
    parser.add_argument("--no-import", action="store_true",
                        help="time the queue of --database-url as it is (after an earlier run)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="scoring processes, as `triage import --jobs` (default: one per core)")
    parser.add_argument("--import-only", type=int, metavar="N",
                        help="import only N comments through the app, then copy them in SQL up to "
                             "--comments (a quick fill for timing the queue; no import figure)")
    parser.add_argument("--store-only", action="store_true",
                        help="time only the storing of the import (suggestions scored ahead, reused)")
    args = parser.parse_args()
    model = artifact.load(shipped_model_path())
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        database = url.split(":", 1)[0].split("+", 1)[0]
        upgrade(url)
        engine = make_engine(url, bulk=True)  # as `triage import` makes it
        print(f"database: {database_settings(engine)}")
        if args.import_only:
            import_records(engine, generated_comments(args.import_only), model.classifier, model.version,
                           jobs=args.jobs)
            copy_until(engine, args.comments)
        with session_scope(engine) as session:
            if not find_user(session, "bench"):
                add_user(session, "bench", PASSWORD, Role.ADMIN)
        if args.store_only:
            seconds = time_storing(engine, generated_comments(args.comments), model)
            print(f"storing alone: {args.comments:,} comments in {seconds:.1f} s = "
                  f"{args.comments / seconds:,.0f} comments/s (new ones found, comments, accounts, posts and "
                  "suggestions written, statistics refreshed; suggestions scored ahead)")
        elif not args.import_only and not args.no_import:
            started = time.perf_counter()
            comments = generated_comments(args.comments)
            with AdminWrites(make_engine(url)) as writes:
                summary = import_records(engine, comments, model.classifier, model.version, jobs=args.jobs)
            seconds = time.perf_counter() - started
            rate = summary.new / seconds
            print(f"import: {summary.new:,} comments in {seconds:.1f} s = {rate:,.0f} comments/s "
                  f"({args.jobs} scoring processes; records generated in memory; scoring, accounts, "
                  "posts and suggestions included)")
            report(f"an admin's write meanwhile ({len(writes.times)})", writes.times)
            if writes.failed:
                print(f"  {writes.failed} of the admin's writes failed: {writes.error}")
        with session_scope(engine) as session:
            stored = session.exec(select(func.count()).select_from(Comment)).one()
        app = create_app(Settings(secret_key="bench-" + "x" * 40, database_url=url), engine=engine)
        with TestClient(app) as client:
            client.get("/login")
            client.post("/login", data={"username": "bench", "password": PASSWORD,
                                        "csrftoken": client.cookies["csrftoken"]})
            print(f"queue page with {stored:,} comments stored ({database}, "
                  f"{args.repeat} requests each):")
            report("first page", timed_gets(client, "/queue", args.repeat))
            report("filter label=info_request", timed_gets(client, "/queue?label=info_request", args.repeat))
            report("filter platform=youtube", timed_gets(client, "/queue?platform=youtube", args.repeat))
            # A rarer word (0.5% of comments, fewer at the top of the queue) and a common one (18%).
            report("search q=lapas", timed_gets(client, "/queue?q=lapas", args.repeat))
            report("search q=yang", timed_gets(client, "/queue?q=yang", args.repeat))
            cursor_url = "/queue?after=" + _deep_cursor(engine, int(stored * 0.9))
            report("deep page (keyset, 90% down)", timed_gets(client, cursor_url, args.repeat))
            # Last: each claim keeps its 10 comments (shown as held on later pages).
            for search in ("", "lapas", "yang"):
                report(f"claim next 10{', search q=' + search if search else ''}",
                       timed_claims(client, search, args.repeat))


def time_storing(engine, comments, model, scored_ahead: int = 100_000) -> float:
    """Seconds spent storing `comments` batch by batch as `import_records` does in its one writing
    process. Scoring is kept off the clock and out of the way: the first `scored_ahead` comments
    are scored before the clock starts, and their suggestions are stored in turn with every
    batch (the stored labels then do not fit the texts: time the queue after an import)."""
    comments = iter(comments)
    ahead = []
    while len(ahead) * ingest.BATCH < scored_ahead and (batch := list(islice(comments, ingest.BATCH))):
        ahead.append(batch)
    suggestions = [ingest.scored_rows(LoadedModel({TEXT.name: model.classifier}), batch) for batch in ahead]
    batches = chain(ahead, iter(lambda: list(islice(comments, ingest.BATCH)), []))
    known, started = ingest._Known(), time.perf_counter()
    for number, batch in enumerate(batches):
        with session_scope(engine) as session:
            fresh = ingest._unseen(session, batch)
            scored = suggestions[number % len(suggestions)][:len(fresh)]
            ingest._store_batch(session, fresh, scored, model.version, set(), set(), known)
    refresh_statistics(engine)
    return time.perf_counter() - started


class AdminWrites:
    """A small write every 200 ms through an app engine (as a claim or decision would be), each
    timed from its start to its commit, until the block ends."""

    def __init__(self, engine):
        self.engine, self.times, self.failed, self.error = engine, [], 0, ""
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._write_until_done, daemon=True)

    def _write_until_done(self) -> None:
        while not self.done.wait(0.2):
            started = time.perf_counter()
            try:
                with session_scope(self.engine) as session:
                    session.exec(update(User).where(User.username == "bench").values(active=True))
                self.times.append((time.perf_counter() - started) * 1000)
            except Exception as error:  # noqa: BLE001 - a failed write is a result to report
                self.failed, self.error = self.failed + 1, f"{type(error).__name__}: {error}"[:200]

    def __enter__(self) -> "AdminWrites":
        self.thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.done.set()
        self.thread.join()


def database_settings(engine) -> str:
    """The server settings the figures depend on (PostgreSQL's are the server's own)."""
    names = (("shared_buffers", "fsync", "synchronous_commit", "max_parallel_workers_per_gather")
             if engine.dialect.name == "postgresql" else ("synchronous", "cache_size", "wal_autocheckpoint"))
    with engine.connect() as connection:
        pick = "SHOW {}" if engine.dialect.name == "postgresql" else "PRAGMA {}"
        return ", ".join(f"{name}={connection.exec_driver_sql(pick.format(name)).scalar()}" for name in names)


def copy_until(engine, total: int) -> None:
    """Copy the stored comments and their suggestions (new ids and keys) until `total` are stored,
    then let the database refresh its statistics and, on PostgreSQL, its visibility map."""
    started = time.perf_counter()
    comments, suggestions = Comment.__table__, Suggestion.__table__
    comment_columns = [c for c in comments.c if c.name not in ("id", "external_id")]
    suggestion_columns = [c for c in suggestions.c if c.name not in ("id", "comment_id")]
    with engine.begin() as connection:
        count, top = connection.execute(select(func.count(), func.max(comments.c.id))).one()
        for copy in range(1, -(-total // count)):
            offset, wanted = copy * (top + 1), min(count, total - copy * count)
            originals = (select(comments.c.id).where(comments.c.id <= top)
                         .order_by(comments.c.id).limit(wanted))
            connection.execute(insert(comments).from_select(
                ["id", "external_id", *(c.name for c in comment_columns)],
                select(comments.c.id + offset, comments.c.external_id + f"-copy{copy}", *comment_columns)
                .where(comments.c.id.in_(originals))))
            connection.execute(insert(suggestions).from_select(
                ["comment_id", *(c.name for c in suggestion_columns)],
                select(suggestions.c.comment_id + offset, *suggestion_columns)
                .where(suggestions.c.comment_id.in_(originals))))
        if engine.dialect.name == "postgresql":  # the next imported comment must not reuse an id
            connection.exec_driver_sql("SELECT setval(pg_get_serial_sequence('comment', 'id'), "
                                       "(SELECT max(id) FROM comment))")
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")
    print(f"copied in SQL up to {total:,} comments in {time.perf_counter() - started:.0f} s")


def _deep_cursor(engine, offset: int) -> str:
    from triage.store.queue import cursor_of

    with session_scope(engine) as session:
        row = session.exec(select(Comment).order_by(Comment.priority, Comment.created_at, Comment.id)
                           .offset(offset).limit(1)).first()
        return cursor_of(row) if row else ""


if __name__ == "__main__":
    main()
