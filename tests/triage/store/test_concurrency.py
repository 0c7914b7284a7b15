"""Eight admins pressing "claim next" at the same moment never get the same comment.

Runs on a SQLite file (one writer at a time) and, when TRIAGE_TEST_DATABASE_URL points at
PostgreSQL, there, where claims use SELECT ... FOR UPDATE SKIP LOCKED."""

import threading

import pytest
from sqlmodel import select

from tests.factories import TEST_DATABASE_URL, comment, load, make_user, store_engine
from triage.store import queue
from triage.store.db import create_all, make_engine, session_scope
from triage.store.models import Comment
from triage.store.users import find_user

ADMINS = [f"admin{n}" for n in range(8)]
COMMENTS = 30


@pytest.fixture(params=["sqlite-file", "postgresql"])
def engine(request, tmp_path, shipped_model):
    if request.param == "postgresql":
        if not TEST_DATABASE_URL or not TEST_DATABASE_URL.startswith("postgresql"):
            pytest.skip("set TRIAGE_TEST_DATABASE_URL to a PostgreSQL database (.ci/run does)")
        engine = store_engine()
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'desk.db'}")
        create_all(engine)
    for name in ADMINS:
        make_user(engine, name)
    load(engine, shipped_model, [comment(str(n), f"keluhan nomor {n} soal layanan besuk", minutes=n)
                                 for n in range(COMMENTS)])
    return engine


@pytest.mark.parametrize(("search", "walk"), [(None, 3_000), ("BESUK", 3_000), ("BESUK", 2)])
def test_simultaneous_claims_never_overlap(engine, monkeypatch, search, walk):
    # With a search, claims look down the top `walk` comments first, then through the text index.
    monkeypatch.setattr(queue, "SEARCH_WALK", walk)
    filters = queue.QueueFilters(search=search)
    start = threading.Barrier(len(ADMINS))
    claimed: dict[str, list[int]] = {}

    def admin_claims(name: str) -> None:
        start.wait()
        for _ in range(3):
            with session_scope(engine) as session:
                claimed.setdefault(name, []).extend(
                    queue.claim_next(session, find_user(session, name), 2, minutes=10, filters=filters))

    threads = [threading.Thread(target=admin_claims, args=(name,)) for name in ADMINS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    everything = [comment_id for ids in claimed.values() for comment_id in ids]
    assert len(everything) == len(set(everything)) == min(COMMENTS, len(ADMINS) * 3 * 2)
    with session_scope(engine) as session:
        holders = {c.id: c.claimed_by for c in session.exec(select(Comment))}
        owner = {u: find_user(session, u).id for u in ADMINS}
    assert all(holders[comment_id] == owner[name] for name, ids in claimed.items() for comment_id in ids)
