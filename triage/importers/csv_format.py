"""The `triage score` file contract as an importer: CSV with `author_*` columns, or JSONL with an
`author` object. The one format every platform can use (TikTok has no other)."""

from collections.abc import Iterator
from pathlib import Path

from triage.files.batch import Reject, read_csv_records, read_jsonl_records
from triage.files.encodings import open_text
from triage.importers.base import BadRecord, ImportedComment
from triage.importers.fields import as_id, as_utc, author_from, get, rejected
from triage.importers.files import whole_file_errors

JSONL_SUFFIXES = (".jsonl", ".ndjson")


def parse(path: Path, platform: str) -> Iterator[ImportedComment | BadRecord]:
    """Comments of `path`; a row's own `platform` value wins over `platform`."""
    is_jsonl = path.suffix.lower() in JSONL_SUFFIXES
    where, read_records = ("line", read_jsonl_records) if is_jsonl else ("row", read_csv_records)
    with whole_file_errors(path):
        handle, _encoding = open_text(path)
    with whole_file_errors(path), handle:
        _header, rows = read_records(handle)
        for number, row in rows:
            record = row if is_jsonl or isinstance(row, Reject) else _jsonl_shape(row)
            yield _comment(f"{where} {number}", record, platform)


def _jsonl_shape(row: dict) -> dict:
    """A CSV row as its JSONL line: empty cells left out (they mean unknown), `author_*` as `author`."""
    cells = {name: value for name, value in row.items() if value != ""}
    author = {name.removeprefix("author_"): value for name, value in cells.items()
              if name.startswith("author_")}
    return {**cells, "author": author}


def _comment(position: str, record: dict | Reject, platform: str) -> ImportedComment | BadRecord:
    if isinstance(record, Reject):
        return BadRecord(position, record.reason, record.id or None)
    external_id = as_id(record.get("id"))
    if bad := rejected(position, record, external_id, record.get("text")):
        return bad
    return ImportedComment(
        platform=_platform(record.get("platform"), platform), external_id=external_id,
        text=record["text"], created_at=as_utc(record.get("created_at")),
        parent_external_id=as_id(record.get("parent_id")), post_external_id=as_id(record.get("post_id")),
        author=author_from(get(record, "author")))


def _platform(value: object, default: str) -> str:
    return (value if isinstance(value, str) and value.strip() else default).strip().lower()
