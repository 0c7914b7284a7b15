"""One decision for many comments from the queue page, recorded one by one; and the auto tab
and its undo through the forms, without JavaScript."""

from sqlmodel import select

from tests.api.conftest import csrf, speak
from tests.api.test_pages import comment_id
from triage.store.db import session_scope
from triage.store.models import Comment, Decision


def test_ticked_comments_get_one_decision_each(admin):
    speak(admin, "id")
    page = admin.get("/queue")
    assert 'form="batch"' in page.text and 'id="batch"' in page.text
    ids = [comment_id(admin.app, "ig-1"), comment_id(admin.app, "ig-2")]
    answer = admin.post("/queue/batch", data={"ids": ids, "label": "other", "action": "no_response",
                                              "note": "tanda hadir", "csrftoken": csrf(admin),
                                              "back": "/queue"})
    assert answer.status_code == 200 and "2 komentar diputuskan" in answer.text
    with session_scope(admin.app.state.test_engine) as session:
        decisions = session.exec(select(Decision).order_by(Decision.id)).all()
        assert sorted(d.comment_id for d in decisions) == sorted(ids)
        assert {(d.label, d.action, d.note) for d in decisions} == {("other", "no_response", "tanda hadir")}


def test_all_spam_of_one_account_in_one_decision(admin):
    speak(admin, "id")
    spam = comment_id(admin.app, "yt-1")
    with session_scope(admin.app.state.test_engine) as session:
        account = session.get(Comment, spam).account_id
    answer = admin.post("/queue/batch", data={"account": account, "label": "fake_account",
                                              "action": "no_response", "csrftoken": csrf(admin)})
    assert "1 komentar diputuskan" in answer.text
    with session_scope(admin.app.state.test_engine) as session:
        assert session.get(Comment, spam).status == "decided"


def test_the_auto_tab_answers_without_javascript(admin):
    speak(admin, "id")
    page = admin.get("/queue/auto")
    assert page.status_code == 200 and "Selesai otomatis" in page.text
    refused = admin.post(f"/queue/auto/{comment_id(admin.app, 'ig-1')}/undo", data={"csrftoken": csrf(admin)})
    assert "tidak (lagi) diselesaikan otomatis" in refused.text  # nothing to undo
