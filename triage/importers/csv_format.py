"""The `triage score` file contract as an importer: CSV with `author_*` columns, or JSONL with an
`author` object. The one format every platform can use (TikTok has no other)."""

from collections.abc import Iterator
from pathlib import Path

from triage.batch import Reject, read_csv_records, read_jsonl_records
from triage.importers.base import Author, BadRecord, ImportedComment
from triage.importers.fields import as_count, as_flag, as_id, as_str, as_utc, get, known_author, rejected
from triage.importers.files import whole_file_errors

JSONL_SUFFIXES = (".jsonl", ".ndjson")


def parse(path: Path, platform: str) -> Iterator[ImportedComment | BadRecord]:
    """Comments of `path`; a row's own `platform` value wins over `platform`."""
    is_jsonl = path.suffix.lower() in JSONL_SUFFIXES
    where, read_records = ("line", read_jsonl_records) if is_jsonl else ("row", read_csv_records)
    with whole_file_errors(path), path.open(encoding="utf-8-sig", newline="") as handle:
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
        author=_author(get(record, "author")))


def _platform(value: object, default: str) -> str:
    return (value if isinstance(value, str) and value.strip() else default).strip().lower()


def _author(values: object) -> Author | None:
    if not isinstance(values, dict):
        return None
    return known_author(Author(
        username=as_str(values.get("username")), display_name=as_str(values.get("display_name")),
        followers=as_count(values.get("followers")), following=as_count(values.get("following")),
        posts=as_count(values.get("posts")), has_profile_picture=as_flag(values.get("has_profile_picture")),
        is_private=as_flag(values.get("is_private")), bio=as_str(values.get("bio")),
        created_at=as_utc(values.get("created_at")), verified=as_flag(values.get("verified"))))
