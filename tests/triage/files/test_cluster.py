"""`triage score DIR -o OUT --cluster`: on a real Dask LocalCluster of two worker processes, a
folder of mixed partitions scores to the same bytes as the single-process run, file by file."""

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import LocalCluster
from typer.testing import CliRunner

from triage.cli.main import app
from triage.errors import ModelArtifactError
from triage.files.batch import score_file, write_rejects
from triage.files.cluster import ShipModel
from triage.model import artifact
from triage.settings import PROJECT_ROOT

runner = CliRunner()


def sample_texts(count: int) -> list[str]:
    with (PROJECT_ROOT / "data/splits/test.csv").open(newline="", encoding="utf-8") as handle:
        return [row["text"] for _, row in zip(range(count), csv.DictReader(handle), strict=False)]


@pytest.fixture(scope="module")
def partitions(tmp_path_factory) -> Path:
    """CSV with author cells and a short row, JSONL with author objects and a broken line,
    Parquet with integer ids and a missing text, and a file that is not a partition."""
    folder = tmp_path_factory.mktemp("parts")
    texts = sample_texts(900)
    with (folder / "a.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "author_username", "author_followers", "author_posts"])
        writer.writerows([str(i), text, f"user{i}", str(i % 7), ""] for i, text in enumerate(texts[:300]))
        writer.writerow(["short", "only two fields"])
    with (folder / "b.jsonl").open("w", encoding="utf-8") as handle:
        for i, text in enumerate(texts[300:600]):
            author = {"username": "gacor777x", "followers": 0, "posts": 0} if i % 5 == 0 else None
            line = {"id": f"b{i}", "text": text, "author": author}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        handle.write("{not json\n")
    pq.write_table(pa.table({"id": list(range(300)), "text": texts[600:899] + [None]}), folder / "c.parquet")
    (folder / "README.txt").write_text("not a partition")
    return folder


@pytest.fixture(scope="module")
def single_process(partitions, shipped_model, tmp_path_factory) -> Path:
    """What `triage score FILE -o OUT` writes for each partition, in this process."""
    out = tmp_path_factory.mktemp("single")
    for source in sorted(partitions.glob("*.*")):
        if source.suffix == ".txt":
            continue
        summary = score_file(shipped_model.classifier, source, out / source.name,
                             accounts=shipped_model.accounts)
        if summary.rejects:
            write_rejects(out / (source.name + ".rejects"), summary.rejects)
    return out


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as running:
        yield running


def same_files(left: Path, right: Path) -> None:
    names = sorted(path.name for path in left.iterdir())
    assert names == ["a.csv", "a.csv.rejects", "b.jsonl", "b.jsonl.rejects", "c.parquet", "c.parquet.rejects"]
    assert names == sorted(path.name for path in right.iterdir())
    for name in names:
        assert (left / name).read_bytes() == (right / name).read_bytes(), name


def test_local_cluster_output_equals_the_single_process_run(partitions, single_process, tmp_path):
    result = runner.invoke(app, ["score", str(partitions), "-o", str(tmp_path / "out"), "--cluster", "local",
                                 "--jobs", "2"])
    assert result.exit_code == 0, result.output
    same_files(single_process, tmp_path / "out")
    assert "scored 899 rows in 3 files" in result.output
    assert "a.csv: scored 300 of 301, 1 rejected (see .rejects)" in result.output
    rejected = (tmp_path / "out/c.parquet.rejects").read_text().splitlines()
    assert rejected == ["row,id,reason", "300,299,text is empty"]


def test_an_existing_scheduler_by_its_address(partitions, single_process, cluster, tmp_path):
    assert cluster.scheduler_address.startswith("tcp://")
    result = runner.invoke(app, ["score", str(partitions), "-o", str(tmp_path / "out"),
                                 "--cluster", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    same_files(single_process, tmp_path / "out")
    scored = [json.loads(line) for line in (tmp_path / "out/b.jsonl").read_text().splitlines()]
    assert len(scored) == 300 and {"label", "confidence", "action"} <= set(scored[0])


def test_workers_refuse_a_model_whose_bytes_do_not_match_its_card(cluster, shipped_model):
    from distributed import Client

    from triage.model.kinds import TEXT
    from triage.settings import shipped_model_path

    packed = artifact.pack(shipped_model_path())
    tampered = artifact.Packed(packed.data[:-8] + b"tampered", packed.card)
    with Client(cluster) as client, pytest.raises(ModelArtifactError, match="checksum mismatch"):
        client.register_plugin(ShipModel({TEXT.name: tampered}), name="tampered")


@pytest.mark.parametrize(("address", "said"), [("bogus", "'local' or a scheduler address"),
                                               ("tcp://127.0.0.1:1", "cannot start or reach")])
def test_a_cluster_that_cannot_be_used_is_one_line_of_error(address, said, partitions, tmp_path, monkeypatch):
    monkeypatch.setattr("triage.files.cluster.CONNECT_TIMEOUT", "1s")
    result = runner.invoke(app, ["score", str(partitions), "-o", str(tmp_path / "out"), "--cluster", address])
    assert result.exit_code == 2 and said in result.output


def test_cluster_needs_a_folder(partitions, tmp_path):
    result = runner.invoke(app, ["score", str(partitions / "a.csv"), "-o", str(tmp_path / "a.csv"),
                                 "--cluster", "local"])
    assert result.exit_code == 2 and "folder of partitions" in result.output

