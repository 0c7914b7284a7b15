"""Personal data in the store: retention keeps the reports' figures, erasure leaves no trace in
the database file or the training corrections, a person's holdings, the audit's locks."""

import csv
from datetime import timedelta

import pytest
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from tests.factories import TEST_DATABASE_URL, comment, load, make_user, store_engine
from triage.files import exports
from triage.playbook.workdays import WorkingCalendar
from triage.privacy import people
from triage.privacy.masking import ERASED
from triage.privacy.people import DailyRetention
from triage.store import audit, formal_requests, privacy, queue, reports
from triage.store.audit import AuditFilters
from triage.store.corrections import desk_examples
from triage.store.db import make_engine, session_scope, upgrade
from triage.store.models import Account, Comment, Decision, PrivacyEvent, utcnow
from triage.store.users import Role, find_user

PERSON = "rahasia_warga77"
PHONE = "081234567890"
PERSON_TEXTS = [f"tolong hubungi saya wa {PHONE} soal kunjungan ayah di lapas sukamiskin",
                "petugas rutan minta uang waktu besuk kemarin, mohon ditindak tegas pak"]
OTHERS = [("ig-3", "min jam besuk lapas cipinang kapan ya?", "warga_lain"),
          ("ig-4", f"@{PERSON} sabar ya kak, aku juga pernah dimintai", "warga_ketiga"),
          ("ig-5", "mantap min semangat terus", "warga_lain"),
          ("ig-6", "syarat remisi apa saja min?", "penanya_remisi")]
REPLY = f"Halo Sahabat Pemasyarakatan @{PERSON}, silakan kirim pesan langsung ya 🙏"
LATER = timedelta(days=400)  # past the default retention of 365 days


def build_desk(engine, model) -> dict[str, int]:
    """Two comments by PERSON, four by others; all decided but one, one an open formal request.
    The comment ids by external id."""
    make_user(engine, "ani")
    make_user(engine, "sari", Role.SUPERVISOR)
    records = [comment(f"ig-{i + 1}", text, minutes=i, username=PERSON)
               for i, text in enumerate(PERSON_TEXTS)]
    records += [comment(ext, text, minutes=10 + i, username=who) for i, (ext, text, who) in enumerate(OTHERS)]
    load(engine, model, records)
    with session_scope(engine) as session:
        ids = dict(session.exec(select(Comment.external_id, Comment.id)).all())
        ani = find_user(session, "ani")
        for external_id, comment_id in ids.items():
            if external_id == "ig-6":
                continue  # stays pending
            queue.claim(session, comment_id, ani, 10)
            person = external_id in ("ig-1", "ig-2")
            queue.decide(session, comment_id, ani, "complaint", "move_to_dm",
                         reply_text=REPLY if person else None,
                         note=f"sudah ditelepon ke {PHONE}" if external_id == "ig-1" else None)
        formal_requests.open_request(session, ids["ig-3"], ani, WorkingCalendar())
    return ids


def correct_first(session, ids: dict[str, int]) -> None:
    """A supervisor's correction of the decision on PERSON's first comment (training data)."""
    decision = session.exec(select(Decision.id).where(Decision.comment_id == ids["ig-1"])).one()
    audit.correct(session, decision, find_user(session, "sari"), "info_request", "reply", "koreksi")


def report_figures(engine) -> list:
    with session_scope(engine) as session:
        return [(t.name, list(t.header), [list(r) for r in t.rows])
                for period in ("day", "week", "month")
                for t in reports.tables(session, reports.window(period), WorkingCalendar())]


@pytest.fixture
def engine():
    return store_engine()


def test_retention_erases_old_decided_comments_and_keeps_every_report_figure(engine, shipped_model):
    ids = build_desk(engine, shipped_model)
    before = report_figures(engine)
    with session_scope(engine) as session:
        result = privacy.run_retention(session, 365, "test", now=utcnow() + LATER)
    assert report_figures(engine) == before
    assert (result.comments, result.accounts) == (4, 2)  # not the open request, not the pending one
    with session_scope(engine) as session:
        texts = dict(session.exec(select(Comment.external_id, Comment.text)).all())
        erased = session.get(Comment, ids["ig-1"])
        person = session.exec(select(Account).where(Account.id == erased.account_id)).one()
        rows, _ = audit.decisions(session, AuditFilters())
    assert texts["ig-1"] == texts["ig-2"] == texts["ig-5"] == ERASED
    assert texts["ig-3"] == OTHERS[0][1] and texts["ig-6"] == OTHERS[3][1]  # open request, pending
    assert erased.text_sha256 == privacy.text_sha256(PERSON_TEXTS[0])
    assert person.username is None and person.key == f"erased-{person.id}" and person.platform == "instagram"
    # The audit keeps who decided what and when; the reply no longer names the person.
    assert {(r.decided_by, r.decision.label, r.decision.action) for r in rows} == {
        ("ani", "complaint", "move_to_dm")}
    assert all(PERSON not in (r.decision.reply_text or "") for r in rows)
    assert all(PHONE not in (r.decision.note or "") for r in rows)


def test_retention_leaves_recent_decisions_and_counts_nothing_twice(engine, shipped_model):
    build_desk(engine, shipped_model)
    with session_scope(engine) as session:
        assert privacy.run_retention(session, 365, "test").comments == 0
        assert privacy.run_retention(session, 365, "test", now=utcnow() + LATER).comments == 4
        assert privacy.run_retention(session, 365, "test", now=utcnow() + LATER).comments == 0
        runs = session.exec(select(PrivacyEvent).where(PrivacyEvent.kind == "retention")).all()
    assert [run.details["comments"] for run in runs] == [0, 4, 0]


def test_holdings_show_the_accounts_comments_and_decisions(engine, shipped_model):
    build_desk(engine, shipped_model)
    with session_scope(engine) as session:
        found = privacy.holdings(session, "instagram", "@" + PERSON.upper())
    assert [a["username"] for a in found["accounts"]] == [PERSON]
    assert [c["text"] for c in found["comments"]] == PERSON_TEXTS
    assert found["comments"][0]["decisions"][0]["decided_by"] == "ani"
    assert found["comments"][0]["suggestion"]["label"]


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="reads a SQLite database file")
def test_after_forget_neither_the_database_file_nor_the_training_file_holds_the_text_or_the_name(
        tmp_path, shipped_model):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    upgrade(url)  # the migrated schema, with the audit trail's triggers
    engine = make_engine(url)
    ids = build_desk(engine, shipped_model)
    corrections = tmp_path / "corrections.csv"
    with session_scope(engine) as session:
        correct_first(session, ids)
        rows = desk_examples(session)
    with corrections.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "label", "source", "source_label"])
        writer.writeheader()
        writer.writerows(rows)
    assert "kunjungan ayah" in corrections.read_text()

    counts = people.forget(engine, "instagram", PERSON, "sari", corrections)

    assert (counts["accounts"], counts["comments"], counts["mentions"]) == (1, 2, 1)
    assert counts["training_rows"] >= 1
    with session_scope(engine) as session:
        export = exports.to_csv(audit.as_table(audit.decisions(session, AuditFilters())[0]))
        event = session.exec(select(PrivacyEvent).where(PrivacyEvent.kind == "forget")).one()
    engine.dispose()
    files = [p for p in tmp_path.iterdir() if p.name.startswith("desk.db")]
    raw = b"".join(p.read_bytes() for p in files) + corrections.read_bytes() + export.encode()
    for secret in (PERSON, *PERSON_TEXTS, PHONE, "kunjungan ayah di lapas"):
        assert secret.encode() not in raw, secret
    assert b"min jam besuk lapas cipinang" in raw  # others' comments stay
    assert b"sabar ya kak, aku juga pernah dimintai" in raw  # all but the mention
    assert (event.actor, event.platform, event.details["comments"]) == ("sari", "instagram", 2)


def migrated_engine(tmp_path):
    """The store as migrations build it (with the audit trail's triggers): the test PostgreSQL
    database emptied, else a SQLite file."""
    url = TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'desk.db'}"
    engine = make_engine(url)
    if TEST_DATABASE_URL:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    upgrade(url)
    return engine


def test_the_audit_trail_lets_free_text_be_erased_and_nothing_else(tmp_path, shipped_model):
    engine = migrated_engine(tmp_path)
    ids = build_desk(engine, shipped_model)
    with session_scope(engine) as session:
        decision = session.exec(select(Decision.id).where(Decision.comment_id == ids["ig-1"])).one()
        audit.review(session, decision, find_user(session, "sari"), "wrong", f"lihat {PHONE}", "info_request")
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE decision SET note = '[dihapus]', reply_text = NULL")
        connection.exec_driver_sql("UPDATE review SET note = '[dihapus]'")
    for statement in ("UPDATE decision SET label = 'support'", "UPDATE decision SET decided_at = NULL",
                      "DELETE FROM decision", "UPDATE review SET verdict = 'right'"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
            connection.exec_driver_sql(statement)


def test_daily_retention_runs_in_the_background(engine, shipped_model):
    build_desk(engine, shipped_model)
    job = DailyRetention(engine, days=1, interval_seconds=3600).start()
    job.stop()
    with session_scope(engine) as session:
        assert session.exec(select(PrivacyEvent).where(PrivacyEvent.kind == "retention")).first()


def test_training_corrections_mask_personal_data(engine, shipped_model):
    ids = build_desk(engine, shipped_model)
    with session_scope(engine) as session:
        correct_first(session, ids)
        texts = [row["text"] for row in desk_examples(session)]
    assert texts and all(PHONE not in text for text in texts)
    assert any("[phone number]" in text for text in texts)
