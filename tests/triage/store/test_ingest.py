import sys
import threading

import pytest
from sqlmodel import select

from tests.factories import comment, load, store_engine
from triage.importers.base import Author, ImportedComment
from triage.store.db import make_engine, session_scope
from triage.store.ingest import BATCH, import_records
from triage.store.models import Account, Comment, Post, Suggestion
from triage.store.queue import OWN, PENDING


def test_authors_are_refreshed_but_unknown_fields_never_erase_known_ones(shipped_model):
    engine = store_engine()
    first = ImportedComment("x", "1", "mantap min", author=Author(external_id="u1", username="rina",
                                                                  followers=10, bio="Warga Bandung"))
    later = ImportedComment("x", "2", "keren", author=Author(external_id="u1", username="rina", followers=12))
    load(engine, shipped_model, [first])
    load(engine, shipped_model, [later])
    with session_scope(engine) as session:
        account = session.exec(select(Account)).one()
        assert (account.followers, account.bio, account.key) == (12, "Warga Bandung", "u1")
        assert {c.account_id for c in session.exec(select(Comment))} == {account.id}


def test_an_author_seen_again_later_in_the_same_import_is_refreshed(shipped_model):
    # The import remembers the accounts and posts of earlier batches: a later batch must still
    # write what changed, and must still point at the same account and post.
    engine = store_engine()
    early = ImportedComment("x", "early", "mantap min", post_external_id="p1",
                            author=Author(external_id="u1", username="rina", followers=10))
    filler = [comment(f"c{n}", "semangat", username=f"warga{n}") for n in range(BATCH)]
    same = ImportedComment("x", "same", "keren", post_external_id="p1",
                           author=Author(external_id="u1", username="rina", followers=10))
    changed = ImportedComment("x", "changed", "oke", post_external_id="p1",
                              author=Author(external_id="u1", username="rina_baru", followers=12))
    load(engine, shipped_model, [early, *filler, same, changed])  # two batches
    with session_scope(engine) as session:
        account = session.exec(select(Account).where(Account.key == "u1")).one()
        assert (account.username, account.followers) == ("rina_baru", 12)
        rows = session.exec(select(Comment).where(Comment.platform == "x")).all()
        assert {c.account_id for c in rows} == {account.id}
        assert len({c.post_id for c in rows}) == 1
        assert len(session.exec(select(Post).where(Post.platform == "x")).all()) == 1


def test_only_an_import_engine_leaves_sqlite_commits_unsynced(tmp_path):
    # A recorded decision must survive a power cut; an import batch can simply be imported again.
    url = f"sqlite:///{tmp_path}/store.db"
    full, normal = 2, 1
    with make_engine(url).connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == full
    with make_engine(url, bulk=True).connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == normal


def test_comments_share_their_post_and_keep_thread_links(shipped_model):
    engine = store_engine()
    reply = ImportedComment("instagram", "c2", "setuju", parent_external_id="c1", post_external_id="post-1")
    load(engine, shipped_model, [comment("c1", "jam besuk kapan min"), reply])
    with session_scope(engine) as session:
        assert len(session.exec(select(Post)).all()) == 1
        stored = session.exec(select(Comment).where(Comment.external_id == "c2")).one()
        assert stored.parent_external_id == "c1" and stored.post_id is not None


def test_comments_by_our_own_accounts_are_kept_but_not_queued(shipped_model):
    engine = store_engine()
    records = [comment("c1", "jam besuk kapan min", username="warga"),
               comment("c2", "Halo Sahabat Pemasyarakatan, jam besuk 08.00", username="DitjenPas")]
    summary = import_records(engine, records, shipped_model.classifier, shipped_model.version,
                             own_accounts={"ditjenpas"})
    assert (summary.new, summary.own) == (2, 1)
    with session_scope(engine) as session:
        statuses = {c.external_id: c.status for c in session.exec(select(Comment))}
    assert statuses == {"c1": PENDING, "c2": OWN}


def test_the_same_comment_twice_in_one_file_is_stored_once(shipped_model):
    engine = store_engine()
    summary = load(engine, shipped_model, [comment("c1", "hadir"), comment("c1", "hadir lagi")])
    assert (summary.new, summary.duplicates) == (1, 1)
    with session_scope(engine) as session:
        assert session.exec(select(Comment.text)).one() == "hadir"


def test_the_same_text_from_many_accounts_is_suggested_as_coordinated_fake(shipped_model):
    engine = store_engine()
    copies = [comment(f"c{n}", "Lapas aman? Bohong! Cek fakta di bio kami", username=f"akun{n}")
              for n in range(4)]
    load(engine, shipped_model, copies + [comment("own", "jam besuk kapan min", username="warga")])
    with session_scope(engine) as session:
        suggestions = {c.external_id: s for c, s in session.exec(
            select(Comment, Suggestion).join(Suggestion, Suggestion.comment_id == Comment.id))}
    assert {suggestions[f"c{n}"].label for n in range(4)} == {"fake_account"}
    assert any("the same text came from 4 accounts" in r for r in suggestions["c0"].reasons)
    assert suggestions["own"].label == "info_request"


def test_copies_disguised_with_digits_for_letters_still_count_as_the_same_text(shipped_model):
    # The import reads copies as the model reads text: "g4c0r" is "gacor".
    engine = store_engine()
    copies = ["Lapas aman? Bohong! Cek fakta di bio kami", "L4pas aman? B0hong! Cek fakta di bio kami",
              "Lapas amaaan? Bohong!! Cek fakta di bio kami", "lapas AMAN bohong cek f4kta di bio kami"]
    load(engine, shipped_model, [comment(f"c{n}", t, username=f"akun{n}") for n, t in enumerate(copies)])
    with session_scope(engine) as session:
        reasons = [s.reasons for s in session.exec(select(Suggestion))]
    assert all(any("the same text came from 4 accounts" in r for r in rs) for rs in reasons)


@pytest.mark.slow  # worker processes
def test_a_big_import_scored_in_worker_processes_stores_what_one_process_stores(shipped_model):
    texts = ["jam besuk lapas kapan ya min", "pelayanan buruk petugas minta uang", "mantap semangat",
             "slot gacor maxwin daftar sekarang", "dasar pembohong semua"]
    records = [comment(f"c{n}", f"{texts[n % 5]} {n}", username=f"warga{n % 40}") for n in range(1_300)]
    records += [comment("c7", "the same id again, in a later batch")]  # a duplicate across batches
    stored = {}
    for jobs in (1, 2):
        engine = store_engine()
        summary = import_records(engine, records, shipped_model.classifier, shipped_model.version,
                                 jobs=jobs, parallel_after=1)
        assert (summary.read, summary.new, summary.duplicates) == (1_301, 1_300, 1)
        with session_scope(engine) as session:
            stored[jobs] = sorted(session.exec(select(Comment.external_id, Comment.priority, Suggestion.label,
                                                      Suggestion.action, Suggestion.reply_draft)
                                               .join(Suggestion, Suggestion.comment_id == Comment.id)).all())
    assert stored[2] == stored[1] and len(stored[2]) == 1_300


class _StaysHome:
    """The shipped classifier, except that it cannot be rebuilt in a worker process."""

    def __init__(self, classifier):
        self.classifier = classifier

    def __getattr__(self, name):
        return getattr(self.classifier, name)

    def __reduce__(self):
        return _cannot_load, ()


def _cannot_load():
    raise RuntimeError("this model cannot be loaded here")


@pytest.mark.slow  # worker processes
def test_an_import_whose_scoring_workers_cannot_start_is_scored_in_one_process(shipped_model, caplog):
    records = [comment(f"c{n}", f"jam besuk kapan min {n}", username=f"warga{n}") for n in range(2_000)]

    def records_read_slowly():
        # The workers start aside once the second batch is in; the later batches come only
        # after they have tried, so that they would be sent to a broken pool.
        yield from records[:1_100]
        for thread in threading.enumerate():
            if thread.name == "start-scoring-workers":
                thread.join(timeout=120)
        yield from records[1_100:]

    engine = store_engine()
    summary = import_records(engine, records_read_slowly(), _StaysHome(shipped_model.classifier),
                             shipped_model.version, jobs=2, parallel_after=1)
    assert (summary.new, summary.duplicates) == (2_000, 0)
    assert "scoring workers did not start" in caplog.text
    with session_scope(engine) as session:
        assert len(session.exec(select(Suggestion)).all()) == 2_000


@pytest.mark.slow  # worker processes
def test_an_import_whose_scoring_workers_die_while_starting_still_ends(shipped_model, tmp_path, monkeypatch):
    # A spawned worker first runs the main script again: one started from a script without an
    # `if __name__ == "__main__"` guard (or killed meanwhile) dies before it has read what it
    # was handed, and the import then waited for ever to hand it the models.
    dies = tmp_path / "script_without_a_main_guard.py"
    dies.write_text("raise SystemExit('a scoring worker that dies while starting')\n")
    monkeypatch.setattr(sys.modules["__main__"], "__spec__", None, raising=False)
    monkeypatch.setattr(sys.modules["__main__"], "__file__", str(dies), raising=False)
    engine = store_engine()
    records = [comment(f"c{n}", f"jam besuk kapan min {n}", username=f"warga{n}") for n in range(1_500)]
    summaries = []

    def run_import():
        summaries.append(import_records(engine, records, shipped_model.classifier, shipped_model.version,
                                        jobs=2, parallel_after=1))

    importing = threading.Thread(target=run_import, daemon=True)
    importing.start()
    importing.join(timeout=120)
    assert not importing.is_alive(), "the import never ended"
    assert summaries[0].new == 1_500
