"""`triage score` on Parquet files and folders of Parquet partitions, as a data team would."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from triage.cli.main import app

runner = CliRunner()


def write_parquet(path, rows, row_group_size=None):
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group_size)
    return path


def test_parquet_in_parquet_out_keeps_columns_and_their_types(tmp_path):
    source = write_parquet(tmp_path / "in.parquet", [
        {"id": 1, "text": "syarat remisi apa aja min", "likes": 3},
        {"id": 2, "text": "mantap semangat petugas 👍", "likes": 0},
    ])
    result = runner.invoke(app, ["score", str(source), "-o", str(tmp_path / "out.parquet")])
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.schema.field("id").type == pa.int64()
    assert table.schema.field("confidence").type == pa.float64()
    rows = table.to_pylist()
    assert [(r["id"], r["likes"], r["label"]) for r in rows] == [(1, 3, "info_request"), (2, 0, "support")]
    assert rows[1]["text"] == "mantap semangat petugas 👍" and all(0 < r["confidence"] <= 1 for r in rows)


def test_bad_parquet_rows_are_rejected_with_their_row_number_and_the_rest_kept(tmp_path):
    rows = [{"id": str(i), "text": "pelayanan buruk petugas kasar"} for i in range(10)]
    rows[3]["text"], rows[7]["text"] = None, "x" * 20_000
    source = write_parquet(tmp_path / "in.parquet", rows, row_group_size=4)
    result = runner.invoke(app, ["score", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    assert "scored 8 of 10 rows" in result.output
    rejects = (tmp_path / "out.csv.rejects").read_text().splitlines()
    assert rejects[1].startswith("4,3,text is empty")
    assert rejects[2].startswith('8,7,"text is 20,000 characters')


def test_a_csv_becomes_parquet_with_text_columns(tmp_path):
    (tmp_path / "in.csv").write_text("id,text\n1,jam besuk lapas kapan ya\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.parquet")])
    assert result.exit_code == 0, result.output
    assert pq.read_table(tmp_path / "out.parquet").to_pylist()[0]["id"] == "1"


def test_a_file_that_is_not_parquet_is_refused_with_a_clear_error(tmp_path):
    (tmp_path / "in.parquet").write_text("id,text\n1,halo\n")
    result = runner.invoke(app, ["score", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 2 and "not a readable Parquet file" in result.output
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.slow  # worker processes
def test_a_folder_of_parquet_partitions_is_scored_in_parallel(tmp_path):
    parts, out = tmp_path / "parts", tmp_path / "scored"
    parts.mkdir()
    for n in range(3):
        rows = [{"id": f"{n}-{i}", "text": "slot gacor maxwin daftar sekarang"} for i in range(50)]
        write_parquet(parts / f"part-{n}.parquet", rows)
    result = runner.invoke(app, ["score", str(parts), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "scored 150 rows in 3 files" in result.output
    labels = {r["label"] for n in range(3) for r in pq.read_table(out / f"part-{n}.parquet").to_pylist()}
    assert labels == {"fake_account"}
