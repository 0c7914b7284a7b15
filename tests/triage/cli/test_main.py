import csv
import json
import shutil

import pytest
from typer.testing import CliRunner

from triage.cli.main import app
from triage.model import artifact
from triage.settings import shipped_model_path

runner = CliRunner()

AUTHOR_COLUMNS = ["author_username", "author_followers", "author_has_profile_picture"]


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_score_csv_round_trip_keeps_rows_and_author_fields(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["id", "text", *AUTHOR_COLUMNS], [
        ["1", "min jam besuk lapas cipinang kapan?", "budi", "120", "true"],
        ["2", "mantap semangat petugas 👍", "", "", ""],
        ["3", "di rutan keluarga dimintai uang, tolong ditindak", "sari", "5", "false"],
    ])
    result = runner.invoke(app, ["score", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "out.csv")
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert rows[0]["author_username"] == "budi" and rows[1]["author_followers"] == ""
    assert [r["label"] for r in rows] == ["info_request", "support", "complaint"]
    assert [r["action"] for r in rows] == ["reply", "like", "move_to_dm"]
    assert all(0 < float(r["confidence"]) <= 1 for r in rows)
    assert rows[1]["text"] == "mantap semangat petugas 👍"


def test_score_jsonl_round_trip_keeps_the_author_object(tmp_path):
    lines = [
        {"id": "a", "text": "syarat remisi apa aja min", "author": {"username": "x", "followers": 3}},
        {"id": "b", "text": "𝐀𝐄𝐑𝐎𝟖𝟖 gacor maxwin hari ini", "platform": "youtube"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    result = runner.invoke(app, ["score", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert out[0]["author"] == {"username": "x", "followers": 3}
    assert out[0]["label"] == "info_request"
    assert out[1]["label"] == "fake_account" and out[1]["action"] == "no_response"


def test_jsonl_to_csv_converts_format_by_extension(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "1", "text": "keren min"}\n')
    result = runner.invoke(app, ["score", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    assert read_csv(tmp_path / "out.csv")[0]["label"] == "support"


def test_bad_rows_are_reported_and_the_rest_scored(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["id", "text"], [
        ["1", "keren min"],
        ["2", ""],
        ["3", "x" * 10_001],
        ["4", "jam besuk kapan min"],
    ])
    result = runner.invoke(app, ["score", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in read_csv(tmp_path / "out.csv")] == ["1", "4"]
    assert "row 2: rejected: text is empty" in result.output
    assert "row 3: rejected: text is 10,001 characters" in result.output
    rejects = read_csv(tmp_path / "out.csv.rejects")
    assert [(r["row"], r["id"]) for r in rejects] == [("2", "2"), ("3", "3")]


def test_bad_json_lines_are_rejects_not_a_crash(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "1", "text": "keren"}\n{"id": "2", "text": \n[1, 2]\n{"id": "4"}\n')
    result = runner.invoke(app, ["score", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1
    reasons = [r["reason"] for r in read_csv(tmp_path / "out.jsonl.rejects")]
    assert reasons[0].startswith("not valid JSON")
    assert reasons[1:] == ["line is not a JSON object", "text is empty"]


def test_csv_row_with_extra_fields_is_rejected(tmp_path):
    (tmp_path / "in.csv").write_text("id,text\n1,keren\n2,a,b,c\n")
    result = runner.invoke(app, ["score", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0
    assert "row 2: rejected: row has a different number of fields" in result.output


@pytest.mark.parametrize(("name", "content", "message"), [
    ("in.csv", "id,comment\n1,halo\n", "no 'text' column"),
    ("in.csv", "", "CSV file is empty"),
    ("in.txt", "id,text\n", "unknown format"),
])
def test_malformed_file_is_one_line_error_and_exit_2(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = runner.invoke(app, ["score", str(path), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.csv").exists()


def test_missing_input_file_exits_2(tmp_path):
    result = runner.invoke(app, ["score", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_tampered_artifact_is_refused_by_the_cli(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(shipped_model_path().parent, folder)
    with (folder / artifact.ARTIFACT).open("ab") as handle:
        handle.write(b"tampered")
    write_csv(tmp_path / "in.csv", ["id", "text"], [["1", "halo"]])
    result = runner.invoke(app, ["score", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"),
                                 "--model", str(folder / artifact.ARTIFACT)])
    assert result.exit_code == 2
    assert "checksum mismatch" in result.output


def test_evaluate_json_follows_the_contract(tmp_path):
    data = write_csv(tmp_path / "labelled.csv", ["text", "label"], [
        ["mantap min", "support"],
        ["jam besuk lapas kapan", "info_request"],
        ["petugas minta uang pungli", "complaint"],
        ["dasar goblok", "attack"],
    ])
    result = runner.invoke(app, ["evaluate", "--data", str(data), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert 0 <= report["macro_f1"] <= 1 and 0 <= report["accuracy"] <= 1
    assert set(report["per_class"]["support"]) == {"precision", "recall", "f1", "support"}
    assert report["per_class"]["attack"]["support"] == 1


def test_evaluate_refuses_unknown_labels(tmp_path):
    data = write_csv(tmp_path / "labelled.csv", ["text", "label"], [["halo", "spam"]])
    result = runner.invoke(app, ["evaluate", "--data", str(data), "--json"])
    assert result.exit_code == 2 and "unknown labels" in result.output


@pytest.mark.slow  # worker processes
def test_a_folder_of_partitions_is_scored_file_by_file_in_parallel(tmp_path):
    parts, out = tmp_path / "parts", tmp_path / "scored"
    parts.mkdir()
    write_csv(parts / "a.csv", ["id", "text"], [["1", "syarat remisi apa aja min"], ["2", ""]])
    (parts / "b.jsonl").write_text('{"id": "3", "text": "mantap semangat petugas"}\n')
    (parts / "notes.txt").write_text("not a partition")
    result = runner.invoke(app, ["score", str(parts), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert [r["label"] for r in read_csv(out / "a.csv")] == ["info_request"]
    assert json.loads((out / "b.jsonl").read_text())["label"] == "support"
    assert read_csv(out / "a.csv.rejects")[0]["reason"] == "text is empty"
    assert "scored 2 rows in 2 files" in result.output and not (out / "notes.txt").exists()


def test_evaluate_prints_the_whole_report(tmp_path):
    data = write_csv(tmp_path / "labelled.csv", ["text", "label", "source"], [
        ["mantap min", "support", "seed"],
        ["pelayanan buruk petugas kasar", "complaint", "seed"],
        ["slot gacor maxwin", "fake_account", "judol"],
        ["rame banget", "other", "judol"],
    ])
    result = runner.invoke(app, ["evaluate", "--data", str(data)])
    assert result.exit_code == 0, result.output
    for section in ("per class", "per source", "the desk's tasks", "confusion", "expected calibration error",
                    "leave-one-source-out", "account model"):
        assert section in result.output


def test_score_uses_author_fields_when_given(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["id", "text", "author_username", "author_followers",
                                             "author_following", "author_posts",
                                             "author_has_profile_picture"], [
        ["1", "wah rame juga ya", "gacor77123", "1", "5000", "0", "false"],
        ["2", "wah rame juga ya", "", "", "", "", ""],
    ])
    result = runner.invoke(app, ["score", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    bot, unknown = read_csv(tmp_path / "out.csv")
    assert bot["label"] == "fake_account" and unknown["label"] != "fake_account"
