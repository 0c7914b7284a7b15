"""`triage score`: stream a CSV or JSONL file through the classifier in chunks.

Memory stays flat whatever the file size: rows are read, scored and written a chunk at a
time. A bad row is reported and skipped; only a file that cannot be read at all stops the run.
"""

import csv
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from triage.accounts import AccountModel
from triage.classifier import TextClassifier
from triage.errors import InputFileError
from triage.importers.fields import author_from
from triage.playbook import ACTION_FOR_LABEL
from triage.scoring import Comment, suggest, text_problem

ADDED_FIELDS = ["label", "confidence", "action"]
ACTION_IDS = {label.value: action.value for label, action in ACTION_FOR_LABEL.items()}
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
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


def file_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputFileError(f"{path}: unknown format '{path.suffix}'; use .csv or .jsonl") from None


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


def _checked(rows: Iterator[tuple[int, dict | Reject]]) -> Iterator[dict | Reject]:
    for number, row in rows:
        if isinstance(row, Reject):
            yield row
            continue
        problem = text_problem(row.get("text"))
        yield Reject(number, problem, str(row.get("id") or "")) if problem else row


class _Writer:
    def __init__(self, handle, kind: str, header: list[str]):
        self.handle, self.kind = handle, kind
        if kind == "csv":
            names = header + [name for name in ADDED_FIELDS if name not in header]
            self.csv = csv.DictWriter(handle, fieldnames=names, lineterminator="\n")
            self.csv.writeheader()

    def write(self, rows: list[dict]) -> None:
        if self.kind == "csv":
            self.csv.writerows(rows)
        else:
            self.handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def author_fields(row: dict) -> dict:
    """The author of a CSV row (`author_*` cells, empty = unknown) or JSONL line (`author`)."""
    values = row.get("author")
    if not isinstance(values, dict):
        values = {name[7:]: value for name, value in row.items()
                  if name.startswith("author_") and value != ""}
    author = author_from(values) if values else None
    return vars(author) if author else {}


def _score_chunk(classifier: TextClassifier, rows: list[dict], accounts: AccountModel | None,
                 with_authors: bool) -> list[dict]:
    if not with_authors:  # text alone: the decision is the text model's, so skip per-row objects
        labels, confidences, _ = classifier.top([row["text"] for row in rows])
        for row, label, confidence in zip(rows, labels, confidences, strict=True):
            row.update(label=label, confidence=confidence, action=ACTION_IDS[label])
        return rows
    comments = [Comment(id=str(row.get("id") or ""), text=row["text"],
                        author=author_fields(row) if with_authors else {}) for row in rows]
    suggestions = suggest(classifier, comments, with_reasons=False, accounts=accounts)
    for row, suggestion in zip(rows, suggestions, strict=True):
        row.update(label=suggestion.label, confidence=suggestion.confidence, action=suggestion.action)
    return rows


def score_file(classifier: TextClassifier, source: Path, target: Path, chunk_size: int = 4096,
               on_progress: Callable[[int], None] | None = None,
               on_reject: Callable[[Reject], None] | None = None,
               accounts: AccountModel | None = None) -> ScoreSummary:
    """Score `source` into `target` (formats from the extensions); return what happened.
    The output appears only when the run completes (written beside it, then renamed)."""
    in_kind, out_kind = file_format(source), file_format(target)
    summary = ScoreSummary()
    partial = target.with_name(f".{target.name}.partial")
    try:
        with source.open(encoding="utf-8-sig", newline="") as src, \
                partial.open("w", encoding="utf-8", newline="") as out:
            header, rows = (read_csv_records if in_kind == "csv" else read_jsonl_records)(src)
            writer = _Writer(out, out_kind, header or ["id", "text"])
            checked = _checked(rows)
            # Author fields are read only when the file can have them and a model can use them.
            with_authors = accounts is not None and (in_kind == "jsonl" or any(
                name.startswith("author_") for name in header))
            while chunk := list(islice(checked, chunk_size)):
                good = [row for row in chunk if not isinstance(row, Reject)]
                for reject in (row for row in chunk if isinstance(row, Reject)):
                    summary.rejects.append(reject)
                    if on_reject:
                        on_reject(reject)
                writer.write(_score_chunk(classifier, good, accounts, with_authors) if good else [])
                summary.read += len(chunk)
                summary.scored += len(good)
                if on_progress:
                    on_progress(len(chunk))
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


def write_rejects(path: Path, rejects: list[Reject]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["row", "id", "reason"])
        writer.writerows((r.row, r.id, r.reason) for r in rejects)
