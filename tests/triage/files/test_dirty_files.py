"""Dirty files from the real world: other encodings, other line ends, broken rows, huge fields,
thousands of rows with some bad, runs that are interrupted. Every good row is kept, every bad
row is reported with its reason, and nothing half-written is left behind."""

import csv
import io

import pytest
from sqlmodel import func, select
from typer.testing import CliRunner

from tests.factories import store_engine
from triage.cli.main import app
from triage.files import batch
from triage.importers.registry import parse_file
from triage.store.db import session_scope
from triage.store.ingest import import_records
from triage.store.models import Comment, Suggestion

runner = CliRunner()
GOOD = ["min jam besuk kapan?", "mantap semangat petugas 👍", "keluarga dimintai uang di rutan",
        "syarat remisi apa aja", "hadir"]


def rows_of(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def csv_text(rows: list[list[str]], line_end: str = "\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end).writerows([["id", "text"], *rows])
    return buffer.getvalue()


def score(tmp_path, name: str, content: bytes):
    source = tmp_path / name
    source.write_bytes(content)
    result = runner.invoke(app, ["score", str(source), "-o", str(tmp_path / "out.csv")])
    return result, (rows_of(tmp_path / "out.csv") if (tmp_path / "out.csv").exists() else None)


@pytest.mark.parametrize(("encoding", "note"), [
    ("utf-8", None), ("utf-8-sig", None), ("utf-16", "utf-16"), ("utf-32", "utf-32"),
    ("latin-1", "cp1252"), ("cp1252", "cp1252"),
])
def test_other_encodings_are_read_not_refused(tmp_path, encoding, note):
    single_byte = encoding in ("latin-1", "cp1252")
    texts = (["kopi di kantin rutan enak", "café terbaik, mantap"] if single_byte
             else GOOD + ["emoji 🙏 dan é"])
    content = csv_text([[str(i), t] for i, t in enumerate(texts)]).encode(encoding)
    result, out = score(tmp_path, "in.csv", content)
    assert result.exit_code == 0, result.output
    assert [r["text"] for r in out] == texts
    assert (f"read as {note}" in result.output) if note else ("read as" not in result.output)


@pytest.mark.parametrize("line_end", ["\r\n", "\r", "\n"])
def test_any_line_end_works(tmp_path, line_end):
    content = csv_text([[str(i), t] for i, t in enumerate(GOOD)], line_end).encode()
    result, out = score(tmp_path, "in.csv", content)
    assert result.exit_code == 0 and [r["text"] for r in out] == GOOD


def test_a_row_with_bytes_from_another_encoding_is_reported_and_the_rest_kept(tmp_path):
    # The file's first megabyte decides its encoding: UTF-8 here, with one bad row after it.
    padding = [[str(n), "hadir"] for n in range(10, 120_000)]
    content = csv_text([["1", GOOD[0]], *padding, ["bad", "BROKEN"], ["last", GOOD[1]]]).encode()
    content = content.replace(b"BROKEN", b"caf\xe9")
    result, out = score(tmp_path, "in.csv", content)
    assert result.exit_code == 0
    assert len(out) == 2 + len(padding) and out[-1]["id"] == "last"
    assert f"row {len(padding) + 2}: rejected: text holds bytes that are not valid" in result.output


def test_missing_fields_huge_fields_and_empty_texts_are_each_reported(tmp_path):
    content = ("id,text,author_username\n1,halo min,budi\n2,short row\n3,\"" + "x" * 1_000_000 + "\",ani\n"
               "4,,ani\n5,syarat remisi,sari\n")
    result, out = score(tmp_path, "in.csv", content.encode())
    assert result.exit_code == 0
    assert [r["id"] for r in out] == ["1", "5"]
    reasons = {r["row"]: r["reason"] for r in rows_of(tmp_path / "out.csv.rejects")}
    assert reasons["2"].startswith("row has a different number of fields")
    assert reasons["3"].startswith("text is 1,000,000 characters")
    assert reasons["4"] == "text is empty"


def ten_thousand_with_five_percent_bad() -> tuple[str, int]:
    rows, bad = [], 0
    for i in range(10_000):
        if i % 20 == 7:  # every twentieth row is broken one way or another
            bad += 1
            rows.append([str(i), ["", " ", "x" * 10_001][i % 3]])
        else:
            rows.append([str(i), f"{GOOD[i % len(GOOD)]} nomor {i}"])
    return csv_text(rows), bad


def test_ten_thousand_rows_with_five_percent_bad_keep_every_good_row(tmp_path):
    content, bad = ten_thousand_with_five_percent_bad()
    result, out = score(tmp_path, "in.csv", content.encode())
    assert bad == 500 and result.exit_code == 0
    assert len(out) == 9_500 and len(rows_of(tmp_path / "out.csv.rejects")) == 500
    assert "500 rows rejected (480 more not shown)" in result.output


@pytest.mark.slow  # worker processes: past ten batches an import scores in a pool
def test_import_of_ten_thousand_rows_with_five_percent_bad_then_again(tmp_path, temporary_database):
    content, _ = ten_thousand_with_five_percent_bad()
    (tmp_path / "export.csv").write_text(content)
    first = runner.invoke(app, ["import", "--platform", "tiktok", str(tmp_path / "export.csv")])
    assert "read 10000, new 9500, duplicates 0, rejected 500" in first.output, first.output
    again = runner.invoke(app, ["import", "--platform", "tiktok", str(tmp_path / "export.csv")])
    assert "read 10000, new 0, duplicates 9500, rejected 500" in again.output


def test_an_interrupted_score_leaves_no_output_behind(tmp_path, monkeypatch, shipped_model):
    content, _ = ten_thousand_with_five_percent_bad()
    (tmp_path / "in.csv").write_text(content)
    calls = 0

    def interrupt(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    original = batch._score_chunk
    monkeypatch.setattr(batch, "_score_chunk", interrupt)
    with pytest.raises(KeyboardInterrupt):
        batch.score_file(shipped_model.classifier, tmp_path / "in.csv", tmp_path / "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_an_interrupted_import_keeps_whole_batches_only(tmp_path, monkeypatch, shipped_model):
    import triage.scoring as scoring

    content, _ = ten_thousand_with_five_percent_bad()
    (tmp_path / "export.csv").write_text(content)
    engine = store_engine()
    calls = 0
    original = scoring.suggest

    def interrupt(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(scoring, "suggest", interrupt)
    with pytest.raises(KeyboardInterrupt):
        import_records(engine, parse_file(tmp_path / "export.csv", "tiktok"), shipped_model.classifier,
                       shipped_model.version)
    with session_scope(engine) as session:
        comments = session.exec(select(func.count(Comment.id))).one()
        suggestions = session.exec(select(func.count(Suggestion.id))).one()
    # Two whole batches of 500 records (950 good, 50 bad) are kept; the third left no trace.
    assert comments == suggestions == 950
