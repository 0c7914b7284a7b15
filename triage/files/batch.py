"""`triage score`: stream a CSV, JSONL or Parquet file through the classifier in chunks.

Memory stays flat whatever the file size: rows are read, scored and written a chunk at a
time. A bad row is reported and skipped; only a file that cannot be read at all stops the run.
Every chunk is scored by `triage.scoring.suggest`; a folder is scored a file per task of the
scoring workers (`triage.scoring_workers`).
"""

import csv
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import as_completed
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from triage.errors import InputFileError
from triage.files.encodings import broken_text, open_text
from triage.importers.fields import author_from
from triage.model.artifact import LoadedModel
from triage.model.classifier import TextClassifier
from triage.model.fake_accounts import AccountModel
from triage.privacy.masking import mask
from triage.scoring import Comment, suggest, text_problem
from triage.scoring_workers import ModelFiles, ScoringWorkers

ADDED_FIELDS = ["label", "confidence", "action"]
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
PARQUET_BATCH = 4096  # rows read from a Parquet file at a time
csv.field_size_limit(sys.maxsize)  # long fields are rejected by our own limit, with a reason


@dataclass(frozen=True)
class Reject:
    row: int
    reason: str
    id: str = ""


@dataclass
class ScoreSummary:
    read: int = 0
    scored: int = 0
    rejects: list[Reject] = field(default_factory=list)
    encoding: str = "utf-8"  # what the input was read as


def file_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputFileError(f"{path}: unknown format '{path.suffix}'; "
                             "use .csv, .jsonl or .parquet") from None


def read_csv_records(handle) -> tuple[list[str], Iterator[tuple[int, dict | Reject]]]:
    """The header and (data row number, row or Reject) pairs of an open CSV text handle."""
    reader = csv.DictReader(handle)
    header = reader.fieldnames
    if not header:
        raise InputFileError("the CSV file is empty: expected a header with a 'text' column")
    if "text" not in header:
        raise InputFileError(f"the CSV header has no 'text' column (found: {', '.join(header)[:200]})")

    def rows():
        for number, row in enumerate(reader, start=1):
            if None in row or None in row.values():
                yield number, Reject(number, f"row has a different number of fields than the "
                                             f"header ({len(header)})", row.get("id") or "")
            else:
                yield number, row
    return list(header), rows()


def read_jsonl_records(handle) -> tuple[list[str], Iterator[tuple[int, dict | Reject]]]:
    """An empty header and (line number, object or Reject) pairs of an open JSONL handle."""
    def rows():
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, Reject(number, f"not valid JSON ({error.msg})")
                continue
            if not isinstance(record, dict):
                yield number, Reject(number, "line is not a JSON object")
            else:
                yield number, record
    return [], rows()


def read_parquet_records(path: Path):
    """The column names, (row number, row) pairs and Arrow schema of a Parquet file, read a
    batch of rows at a time so that memory stays flat."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise InputFileError(f"{path} is not a readable Parquet file: {error}") from None
    schema = parquet.schema_arrow
    if "text" not in schema.names:
        raise InputFileError("the Parquet file has no 'text' column "
                             f"(found: {', '.join(schema.names)[:200]})")

    def rows():
        number = 0
        try:
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH):
                for row in batch.to_pylist():
                    number += 1
                    yield number, row
        except (pa.ArrowException, OSError) as error:
            raise InputFileError(f"{path}: Parquet data unreadable after row {number}: {error}") from None
    return list(schema.names), rows(), schema


def _checked(rows: Iterator[tuple[int, dict | Reject]]) -> Iterator[dict | Reject]:
    for number, row in rows:
        if isinstance(row, Reject):
            yield row
            continue
        problem = text_problem(row.get("text"))
        if problem is None and _any_broken(row.values()):
            problem = "a field holds bytes that are not valid in the file's encoding"
        yield Reject(number, problem, _safe_id(row)) if problem else row


def _any_broken(values) -> bool:
    strings = [v for v in values if isinstance(v, str)]
    return broken_text("".join(strings))  # one check per row, not one per field


def _safe_id(row: dict) -> str:
    value = str(row.get("id") or "")
    return value.encode("utf-8", "replace").decode("utf-8")


class _Writer:
    def __init__(self, handle, kind: str, header: list[str]):
        self.handle, self.kind = handle, kind
        if kind == "csv":
            self.names = header + [name for name in ADDED_FIELDS if name not in header]
            self.csv = csv.writer(handle, lineterminator="\n")
            self.csv.writerow(self.names)

    def write(self, rows: list[dict]) -> None:
        if self.kind == "csv":  # the header's columns; keys a JSONL line adds are left out
            names = self.names
            self.csv.writerows([row.get(name, "") for name in names] for row in rows)
        else:
            self.handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)

    def close(self) -> None:
        self.handle.close()


class _ParquetWriter:
    """Rows to a Parquet file, a row group per chunk. The columns are the input's (with their
    types when the input is Parquet, else text) and the added fields."""

    def __init__(self, path: Path, header: list[str], input_schema=None):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        if input_schema is not None:
            fields = [field for field in input_schema if field.name not in ADDED_FIELDS]
        else:
            fields = [pa.field(name, pa.string()) for name in header if name not in ADDED_FIELDS]
        added = [pa.field("label", pa.string()), pa.field("confidence", pa.float64()),
                 pa.field("action", pa.string())]
        self.schema = pa.schema(fields + added)
        self.as_text = input_schema is None
        self.writer = pq.ParquetWriter(path, self.schema)

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        names = self.schema.names
        if self.as_text:  # CSV and JSONL values become text, as in a CSV output
            rows = [{name: _as_text(row.get(name)) if name not in ADDED_FIELDS else row.get(name)
                     for name in names} for row in rows]
        self.writer.write_table(self.pa.Table.from_pylist(rows, schema=self.schema))

    def close(self) -> None:
        self.writer.close()


def _as_text(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)


def author_fields(row: dict) -> dict:
    """The author of a CSV row (`author_*` cells, empty = unknown) or JSONL line (`author`)."""
    values = row.get("author")
    if not isinstance(values, dict):
        values = {name[7:]: value for name, value in row.items()
                  if name.startswith("author_") and value != ""}
    author = author_from(values) if values else None
    return vars(author) if author else {}


def _score_chunk(classifier: TextClassifier, rows: list[dict], accounts: AccountModel | None) -> list[dict]:
    """Add the label, confidence and action of each row; `accounts`: the account model, given
    only when the file can carry author fields."""
    comments = [Comment(id=str(row.get("id") or ""), text=row["text"],
                        author=author_fields(row) if accounts is not None else {}) for row in rows]
    for row, suggestion in zip(rows, suggest(classifier, comments, accounts=accounts, with_details=False),
                               strict=True):
        row.update(label=suggestion.label, confidence=suggestion.confidence, action=suggestion.action)
    return rows


def _masked(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["text"] = mask(row["text"])
    return rows


def score_file(classifier: TextClassifier, source: Path, target: Path, chunk_size: int = 4096,
               on_progress: Callable[[int], None] | None = None,
               on_reject: Callable[[Reject], None] | None = None,
               accounts: AccountModel | None = None, masked: bool = False) -> ScoreSummary:
    """Score `source` into `target` (formats from the extensions); return what happened.
    The output appears only when the run completes (written beside it, then renamed).
    `masked`: personal data in the texts written out is masked (answers that leave the desk)."""
    in_kind, out_kind = file_format(source), file_format(target)
    summary = ScoreSummary()
    partial = target.with_name(f".{target.name}.partial")
    try:
        with ExitStack() as stack:
            header, rows, input_schema = _open_records(stack, source, in_kind, summary)
            writer = (_ParquetWriter(partial, header or ["id", "text"], input_schema) if out_kind == "parquet"
                      else _Writer(partial.open("w", encoding="utf-8", newline=""), out_kind,
                                   header or ["id", "text"]))
            stack.callback(writer.close)
            # Author fields are read only when the file can have them and a model can use them.
            with_authors = accounts is not None and (in_kind == "jsonl" or any(
                name.startswith("author_") for name in header))
            chunks = _Chunks(classifier, accounts if with_authors else None, masked, on_progress, on_reject)
            chunks.score(_checked(rows), chunk_size, writer, summary)
        os.replace(partial, target)
    except UnicodeDecodeError as error:
        raise InputFileError(f"{source} is not UTF-8 text (byte {error.start}): "
                             "save it as UTF-8 and try again") from None
    except csv.Error as error:
        raise InputFileError(f"{source} is not a readable CSV file: {error}") from None
    except FileNotFoundError:
        raise InputFileError(f"{source} does not exist") from None
    finally:
        partial.unlink(missing_ok=True)
    return summary


@dataclass
class _Chunks:
    """Checked rows scored and written a chunk at a time, rejects reported as they come."""

    classifier: TextClassifier
    accounts: AccountModel | None  # None: the file's rows are decided by their text alone
    masked: bool
    on_progress: Callable[[int], None] | None
    on_reject: Callable[[Reject], None] | None

    def score(self, checked: Iterator[dict | Reject], chunk_size: int, writer, summary: ScoreSummary) -> None:
        while chunk := list(islice(checked, chunk_size)):
            good = [row for row in chunk if not isinstance(row, Reject)]
            for reject in (row for row in chunk if isinstance(row, Reject)):
                summary.rejects.append(reject)
                if self.on_reject:
                    self.on_reject(reject)
            scored = _score_chunk(self.classifier, good, self.accounts) if good else []
            writer.write(_masked(scored) if self.masked else scored)
            summary.read += len(chunk)
            summary.scored += len(good)
            if self.on_progress:
                self.on_progress(len(chunk))


def _open_records(stack: ExitStack, source: Path, kind: str, summary: ScoreSummary):
    """Header, (row number, row or Reject) pairs and Arrow schema (Parquet only) of `source`."""
    if kind == "parquet":
        return read_parquet_records(source)
    handle, summary.encoding = open_text(source)
    stack.enter_context(handle)
    header, rows = (read_csv_records if kind == "csv" else read_jsonl_records)(handle)
    return header, rows, None


def check_file(source: Path) -> list[Reject]:
    """Every row that could not be scored, without scoring anything (a quick first pass)."""
    try:
        handle, _ = open_text(source)
        with handle:
            _, rows = (read_csv_records if file_format(source) == "csv" else read_jsonl_records)(handle)
            return [row for row in _checked(rows) if isinstance(row, Reject)]
    except UnicodeDecodeError as error:
        raise InputFileError(f"the file is not UTF-8 text (byte {error.start})") from None
    except csv.Error as error:
        raise InputFileError(f"not a readable CSV file: {error}") from None


def write_rejects(path: Path, rejects: list[Reject]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["row", "id", "reason"])
        writer.writerows((r.row, r.id, r.reason) for r in rejects)


def partitions(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in FORMATS)


def score_partition(models: LoadedModel, source: Path, target: Path) -> tuple[Path, ScoreSummary]:
    """One file of a folder, with its `.rejects` beside the output: a task of the scoring
    workers here, and of the Dask workers in `triage.files.cluster`."""
    summary = score_file(models.classifier, source, target, accounts=models.accounts)
    if summary.rejects:
        write_rejects(target.with_name(target.name + ".rejects"), summary.rejects)
    return source, summary


def score_folder(model_paths: Mapping[str, Path], source: Path, target: Path, jobs: int,
                 on_done: Callable[[Path, ScoreSummary], None] | None = None) -> list[ScoreSummary]:
    """Score every .csv/.jsonl file in `source` into the same name in `target`, `jobs` at a time,
    each worker process loading the model once."""
    files = partitions(source)
    if not files:
        raise InputFileError(f"{source} holds no .csv or .jsonl files")
    target.mkdir(parents=True, exist_ok=True)
    summaries = []
    with ScoringWorkers(jobs, model_files=ModelFiles(model_paths)) as workers:
        workers.start()
        futures = [workers.submit(score_partition, path, target / path.name) for path in files]
        for future in as_completed(futures):
            path, summary = future.result()
            summaries.append(summary)
            if on_done:
                on_done(path, summary)
    return summaries
