"""The live desk in the pages: thread context in the queue, the connections page, calls in the audit."""

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import csrf, sign_in
from tests.api.test_pages import comment_id
from tests.factories import load
from triage.importers.base import Author, ImportedComment
from triage.live import connections
from triage.store import live
from triage.store.db import session_scope
from triage.store.models import PlatformAction

REPLY = "Halo Sahabat Pemasyarakatan, silakan kirim pesan langsung ya."


@pytest.fixture
def thread(desk, shipped_model):
    engine = desk.state.test_engine
    load(engine, shipped_model, [
        ImportedComment("youtube", "UgParent", "<b>kapan</b> jam besuk lapas?", post_external_id="vid123",
                        author=Author(username="warga_a")),
        ImportedComment("youtube", "UgParent.reply1", "min sudah dijawab belum ya",
                        parent_external_id="UgParent", post_external_id="vid123",
                        author=Author(username="warga_b")),
        ImportedComment("facebook", "1_2_3", "", attachment="sticker", post_external_id="1_2",
                        permalink="https://www.facebook.com/1/posts/2/?comment_id=3"),
    ])
    return desk


@pytest.fixture
def supervisor(desk):
    with TestClient(desk) as client:
        yield sign_in(client, "sari")


def test_the_queue_shows_what_a_comment_answers_and_links_to_it(thread, admin):
    page = admin.get("/queue", params={"platform": "youtube", "q": "dijawab"}).text
    assert "in reply to" in page and "&lt;b&gt;kapan&lt;/b&gt; jam besuk lapas?" in page
    assert 'href="https://www.youtube.com/watch?v=vid123&amp;lc=UgParent.reply1"' in page
    assert 'href="https://www.youtube.com/watch?v=vid123"' in page  # the post


def test_a_sticker_is_shown_as_a_sticker(thread, admin):
    page = admin.get("/queue", params={"platform": "facebook"}).text
    assert "[sticker]" in page and 'href="https://www.facebook.com/1/posts/2/?comment_id=3"' in page


def test_hiding_is_offered_where_the_platform_allows_it(thread, admin):
    target = comment_id(thread, "1_2_3")
    admin.post(f"/queue/{target}/claim", data={"csrftoken": csrf(admin)})
    page = admin.get("/queue", params={"platform": "facebook"}).text
    assert 'name="hide"' in page and "Hide it on facebook" in page


def test_a_decision_records_its_platform_calls_and_the_audit_shows_them(thread, admin, supervisor):
    target = comment_id(thread, "1_2_3")
    admin.post(f"/queue/{target}/claim", data={"csrftoken": csrf(admin)})
    answer = admin.post(f"/queue/{target}/decide", data={
        "csrftoken": csrf(admin), "label": "complaint", "action": "move_to_dm", "reply": REPLY,
        "hide": "true"})
    assert "Done:" in answer.text
    with session_scope(thread.state.test_engine) as session:
        calls = live.recent_actions(session)
    # TRIAGE_ACTIONS is dry-run by default: recorded as they would be sent.
    assert sorted((c.kind, c.status) for c in calls) == [("hide", "dry_run"), ("post_reply", "dry_run")]
    audit = supervisor.get("/audit").text
    assert 'on facebook: <span class="ref">post_reply</span> · dry_run' in audit
    assert 'on facebook: <span class="ref">hide</span> · dry_run' in audit


def test_the_connections_page_shows_each_connection_and_failed_calls_can_be_sent_again(thread, supervisor):
    engine = thread.state.test_engine
    settings = thread.state.settings
    with session_scope(engine) as session:
        added = connections.add(session, settings, "yt-ditjenpas", "youtube_threads", "vid123", "k" * 30)
        live.record_poll_error(session, added.id, added.created_at, "HTTP 403: quotaExceeded <script>",
                               added.created_at)
        session.add(PlatformAction(comment_id=1, platform="youtube", kind="reply", text=REPLY,
                                   idempotency_key="t-1", mode="live", status="failed", response_status=403,
                                   response_body="HTTP 403: forbidden"))
    page = supervisor.get("/connections").text
    assert "yt-ditjenpas" in page and "quotaExceeded &lt;script&gt;" in page and "k" * 30 not in page
    assert "HTTP 403: forbidden" in page and "Send again" in page
    with session_scope(engine) as session:
        call_id = live.recent_actions(session)[0].id
    supervisor.post(f"/connections/calls/{call_id}/retry", data={"csrftoken": csrf(supervisor)})
    with session_scope(engine) as session:
        assert live.recent_actions(session)[0].status == "pending"


def test_the_connections_page_is_for_supervisors(admin):
    assert admin.get("/connections").status_code == 403


