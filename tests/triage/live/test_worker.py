"""The live worker as `triage serve` runs it: new comments reach the queue by themselves."""

import copy
import json
import time

import httpx
from sqlmodel import select

from api.main import create_app
from tests.api.test_webhooks import instagram_event, signed
from tests.factories import make_user
from tests.fakes.serving import served
from tests.triage.live.conftest import connect
from triage.live.intake import Intake
from triage.live.worker import LiveWorker
from triage.store.db import create_all, make_engine, session_scope
from triage.store.models import Comment
from triage.store.users import Role


def wait_for(engine, external_id: str, seconds: float) -> float | None:
    """Seconds until the comment is stored, or None if it never was within `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        with session_scope(engine) as session:
            if session.exec(select(Comment.id).where(Comment.external_id == external_id)).first():
                return time.monotonic() - start
        time.sleep(0.05)
    return None


def file_store(tmp_path):
    """A SQLite file (threads need their own connections; the in-memory store has one)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'desk.db'}")
    create_all(engine)
    make_user(engine, "sari", Role.SUPERVISOR)
    return engine


def test_a_new_comment_arrives_within_one_poll_interval(fake, settings, shipped_model, tmp_path):
    platforms, _ = fake
    intake = Intake(file_store(tmp_path), shipped_model)
    connect(intake, settings, "yt", "youtube_threads", "F1UP7wRCPH8", interval=10)
    worker = LiveWorker(intake, settings, every_seconds=0.1).start()
    try:
        assert wait_for(intake.engine, "UgyZ1jqkHKYvi1-ruOZ4AaABAg", 5) is not None  # the first poll
        # A citizen comments: the next page the platform gives starts with it.
        first_page = platforms.youtube_pages["F1UP7wRCPH8"][0]
        thread = copy.deepcopy(first_page["items"][0])
        thread["id"] = thread["snippet"]["topLevelComment"]["id"] = "UgNEWcomment"
        thread["snippet"]["topLevelComment"]["snippet"].update(
            publishedAt="2026-12-01T08:00:00Z", textOriginal="min jam besuk hari sabtu buka?")
        first_page["items"].insert(0, thread)
        assert wait_for(intake.engine, "UgNEWcomment", 10 + 2) is not None
    finally:
        worker.stop()


def test_a_webhook_comment_reaches_the_queue_by_itself(shipped_model, settings, tmp_path):
    engine = file_store(tmp_path)
    app = create_app(settings, engine=engine)
    with served(app) as url:
        body = json.dumps(instagram_event("17899999", "pelayanan kunjungan lama sekali min")).encode()
        assert httpx.post(f"{url}/webhooks/meta", content=body, headers=signed(body)).status_code == 200
        waited = wait_for(engine, "17899999", 10)
    # How fast is measured by bench/live_desk.py (a timed test would fail on a busy machine).
    assert waited is not None
