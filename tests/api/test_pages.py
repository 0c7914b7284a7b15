import re

from fastapi.testclient import TestClient
from sqlmodel import select

from tests.api.conftest import INJECTION, csrf, sign_in
from triage.store.db import session_scope
from triage.store.models import Comment, Decision


def comment_id(app, external_id: str) -> int:
    with session_scope(app.state.test_engine) as session:
        return session.exec(select(Comment.id).where(Comment.external_id == external_id)).one()


def test_pages_need_a_signed_in_user(desk):
    with TestClient(desk) as client:
        answer = client.get("/queue?label=complaint", follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/login?next=/queue?label=complaint"
        assert client.get("/login").status_code == 200


def test_wrong_password_is_refused_and_what_was_typed_kept(desk):
    with TestClient(desk) as client:
        client.get("/login")
        answer = client.post("/login", data={"username": "ani", "password": "wrong password",
                                             "csrftoken": csrf(client)})
        assert answer.status_code == 401
        assert "Wrong username or password" in answer.text and 'value="ani"' in answer.text


def test_login_sets_an_httponly_samesite_session_cookie(desk):
    with TestClient(desk) as client:
        client.get("/login")
        answer = client.post("/login", data={"username": "ani", "password": "correct horse battery",
                                             "csrftoken": csrf(client)}, follow_redirects=False)
        cookie = next(v for k, v in answer.headers.multi_items()
                      if k == "set-cookie" and v.startswith("triage_session="))
        assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()


def test_login_redirects_only_to_local_pages(desk):
    with TestClient(desk) as client:
        client.get("/login")
        answer = client.post("/login", data={"username": "ani", "password": "correct horse battery",
                                             "next": "//evil.example/x", "csrftoken": csrf(client)},
                             follow_redirects=False)
        assert answer.headers["location"] == "/queue"


def test_queue_lists_pending_comments_in_priority_order(admin):
    page = admin.get("/queue").text
    order = [page.index(text) for text in ("dimintai uang", "jam besuk", "hadir")]
    assert order == sorted(order)
    assert re.search(r'id="pending-count">6<', page)
    assert "complaint" in page and "move_to_dm" in page


def test_a_search_is_counted_to_its_own_lower_cap(admin, monkeypatch):
    from triage.store import queue

    monkeypatch.setattr(queue, "SEARCH_COUNT_CAP", 1)
    assert re.search(r'id="pending-count">1\+<', admin.get("/queue?q=a").text)  # "at least one"
    assert re.search(r'id="pending-count">6<', admin.get("/queue").text)  # the queue's own cap holds


def test_comment_text_and_names_are_escaped(admin):
    page = admin.get("/queue").text
    assert INJECTION not in page
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    assert "&lt;b&gt;evil&lt;/b&gt;" in page
    assert "{{ 7*7 }}" in page  # shown as typed, never evaluated


def test_pages_carry_a_content_security_policy_without_inline_script(admin):
    policy = admin.get("/queue").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_forms_without_csrf_token_are_refused(desk, admin):
    target = comment_id(desk, "ig-4")
    assert admin.post(f"/queue/{target}/claim", data={}).status_code == 403
    assert admin.post(f"/queue/{target}/claim", data={"csrftoken": "forged"}).status_code == 403
    with TestClient(desk) as stranger:  # a cross-site form has no cookie at all
        assert stranger.post("/login", data={"username": "ani", "password": "x"}).status_code == 403


def test_claim_then_decide_records_the_decision(desk, admin):
    target = comment_id(desk, "ig-4")
    admin.post(f"/queue/{target}/claim", data={"csrftoken": csrf(admin)})
    page = admin.get("/queue").text
    assert f'action="/queue/{target}/decide"' in page
    answer = admin.post(f"/queue/{target}/decide", data={
        "csrftoken": csrf(admin), "label": "complaint", "action": "move_to_dm",
        "reply": "Halo Sahabat Pemasyarakatan, mohon DM detailnya ya 🙏", "note": "pungli"})
    assert answer.status_code == 200 and "Done: complaint / move_to_dm." in answer.text
    assert "dimintai uang" not in answer.text
    with session_scope(desk.state.test_engine) as session:
        decision = session.exec(select(Decision)).one()
        assert decision.reply_text.endswith("🙏") and not decision.overrode_suggestion


def test_a_comment_claimed_by_one_admin_cannot_be_decided_by_another(desk, admin):
    target = comment_id(desk, "ig-3")
    admin.post(f"/queue/{target}/claim", data={"csrftoken": csrf(admin)})
    with TestClient(desk) as other:
        sign_in(other, "budi")
        page = other.get("/queue").text
        assert "Claimed by ani" in page
        answer = other.post(f"/queue/{target}/decide", data={
            "csrftoken": csrf(other), "label": "info_request", "action": "reply"})
        assert "claimed by ani" in answer.text
        claim = other.post(f"/queue/{target}/claim", data={"csrftoken": csrf(other)})
        assert "Someone else holds this comment" in claim.text
    with session_scope(desk.state.test_engine) as session:
        assert session.exec(select(Decision)).all() == []


def test_claim_next_and_skip(desk, admin):
    answer = admin.post("/queue/claim-next", data={"csrftoken": csrf(admin), "count": "2"})
    assert "Claimed 2 comment(s)" in answer.text
    target = comment_id(desk, "ig-4")
    answer = admin.post(f"/queue/{target}/release", data={"csrftoken": csrf(admin)})
    assert "back in the queue" in answer.text


def test_filters_narrow_the_queue(admin):
    page = admin.get("/queue", params={"platform": "youtube"}).text
    assert "slot gacor" in page and "hadir" not in page
    page = admin.get("/queue", params={"q": "besuk"}).text
    assert "jam besuk" in page and "slot gacor" not in page


def test_unknown_label_in_a_decision_is_422_not_500(desk, admin):
    target = comment_id(desk, "ig-2")
    admin.post(f"/queue/{target}/claim", data={"csrftoken": csrf(admin)})
    answer = admin.post(f"/queue/{target}/decide", data={
        "csrftoken": csrf(admin), "label": "spam", "action": "like"})
    assert answer.status_code == 422


def test_sign_out_ends_the_session(admin):
    admin.post("/logout", data={"csrftoken": csrf(admin)})
    assert admin.get("/queue", follow_redirects=False).status_code == 303


def test_disabled_user_is_signed_out_on_next_request(desk, admin):
    from triage.store.users import set_active

    with session_scope(desk.state.test_engine) as session:
        set_active(session, "ani", False)
    assert admin.get("/queue", follow_redirects=False).status_code == 303


def test_the_queue_shows_why_each_action_and_what_the_answer_rests_on(desk, admin):
    target = comment_id(desk, "ig-3")
    admin.post(f"/queue/{target}/claim", data={"csrftoken": csrf(admin)})
    page = admin.get("/queue").text
    assert "Complaint about pungutan liar" in page
    assert "General information request: public reply from the knowledge base." in page
    assert 'Answer rests on: <span class="ref">UU 22/2022' in page
    assert "Formal information request" in page


def test_a_formal_request_goes_on_the_clock_and_can_be_extended_and_answered(desk, admin):
    target = comment_id(desk, "ig-3")
    admin.post(f"/queue/{target}/claim", data={"csrftoken": csrf(admin)})
    answer = admin.post(f"/queue/{target}/decide", data={
        "csrftoken": csrf(admin), "label": "info_request", "action": "reply", "formal": "true",
        "reply": "Halo Sahabat Pemasyarakatan, jadwal kunjungan ada di kanal resmi UPT ya 🙏"})
    assert "Formal information request: answer due" in answer.text
    assert "working day(s) left" in answer.text and "Extend +7" in answer.text
    request_id = re.search(r'action="/requests/(\d+)/extend"', answer.text).group(1)
    extended = admin.post(f"/requests/{request_id}/extend", data={"csrftoken": csrf(admin)})
    assert "Extended once by 7 working days" in extended.text and "(extended)" in extended.text
    again = admin.post(f"/requests/{request_id}/extend", data={"csrftoken": csrf(admin)})
    assert "one extension only" in again.text
    answered = admin.post(f"/requests/{request_id}/answered", data={"csrftoken": csrf(admin)})
    assert "marked answered" in answered.text and "on the clock" not in answered.text


def test_a_reply_breaking_the_rules_is_refused_on_the_page_and_nothing_is_recorded(desk, admin):
    target = comment_id(desk, "ig-3")
    admin.post(f"/queue/{target}/claim", data={"csrftoken": csrf(admin)})
    answer = admin.post(f"/queue/{target}/decide", data={
        "csrftoken": csrf(admin), "label": "info_request", "action": "reply",
        "reply": "Halo Sahabat Pemasyarakatan, WA saja ke 0812-3456-7890"})
    assert "the reply cannot be sent" in answer.text and "phone number" in answer.text
    with session_scope(desk.state.test_engine) as session:
        assert session.exec(select(Decision)).all() == []


def test_repeated_failed_sign_ins_lock_the_account_out_for_a_while(desk):
    with TestClient(desk) as client:
        client.get("/login")
        attempts = [client.post("/login", data={"username": "ani", "password": f"guess {n}",
                                                "csrftoken": csrf(client)}).status_code for n in range(6)]
        assert attempts == [401] * 5 + [429]
        right = client.post("/login", data={"username": "ani", "password": "correct horse battery",
                                            "csrftoken": csrf(client)})
        assert right.status_code == 429 and "Too many failed sign-ins" in right.text
        other = client.post("/login", data={"username": "budi", "password": "correct horse battery",
                                            "csrftoken": csrf(client)}, follow_redirects=False)
        assert other.status_code == 303  # another account from the same desk is not locked


def test_a_sign_in_expires_after_one_shift(desk, monkeypatch):
    import time

    import itsdangerous.timed

    with TestClient(desk) as client:
        sign_in(client, "ani")
        assert client.get("/queue", follow_redirects=False).status_code == 200
        later = time.time() + 12 * 3600 + 60  # a minute past the 12-hour shift
        monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
        assert client.get("/queue", follow_redirects=False).status_code == 303


def test_when_the_database_goes_away_the_page_says_nothing_was_saved(desk, admin):
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    target = comment_id(desk, "ig-4")
    admin.post(f"/queue/{target}/claim", data={"csrftoken": csrf(admin)})
    engine = desk.state.test_engine

    def database_gone(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT INTO DECISION"):
            raise OperationalError(statement, {}, Exception("server closed the connection"))

    event.listen(engine, "before_cursor_execute", database_gone)
    try:
        answer = admin.post(f"/queue/{target}/decide", data={
            "csrftoken": csrf(admin), "label": "complaint", "action": "move_to_dm"})
    finally:
        event.remove(engine, "before_cursor_execute", database_gone)
    assert answer.status_code == 503 and "this was not saved" in answer.text
    assert answer.headers["retry-after"] == "30"
    with session_scope(engine) as session:
        assert session.exec(select(Decision)).all() == []
        assert session.get(Comment, target).status == "pending"  # the whole decision rolled back
    again = admin.post(f"/queue/{target}/decide", data={
        "csrftoken": csrf(admin), "label": "complaint", "action": "move_to_dm"})
    assert "Done: complaint / move_to_dm." in again.text
