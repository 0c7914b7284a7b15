"""Instagram Graph API comments (`/{media-id}/comments`), with their `replies` edge flattened."""

from collections.abc import Iterator
from pathlib import Path

from triage.importers.base import Author, BadRecord, ImportedComment
from triage.importers.fields import as_count, as_flag, as_id, as_str, as_utc, get, known_author, rejected
from triage.importers.files import load_json, records_at
from triage.importers.threads import Node, enclosing_id, nearest, threaded

PLATFORM = "instagram"


def parse(path: Path) -> Iterator[ImportedComment | BadRecord]:
    for node in threaded(_comments(load_json(path), path), "data", ("replies", "data")):
        yield _comment(node)


def _comments(document: object, path: Path) -> list:
    # A saved page is `{"data": [...], "paging": ...}`; tools that merge pages often write a bare list.
    if isinstance(document, list):
        return document
    return records_at(document, "data", path, "an Instagram comments export")


def _comment(node: Node) -> ImportedComment | BadRecord:
    record, external_id = node.record, as_id(get(node.record, "id"))
    if bad := rejected(node.position, record, external_id, get(record, "text")):
        return bad
    return ImportedComment(
        platform=PLATFORM, external_id=external_id, text=record["text"],
        created_at=as_utc(record.get("timestamp")),
        parent_external_id=as_id(record.get("parent_id")) or enclosing_id(node),
        post_external_id=nearest(node, _media_id),
        author=_author(record), like_count=as_count(record.get("like_count")),
        hidden=as_flag(record.get("hidden")))


def _media_id(record: object) -> str | None:
    return as_id(get(record, "media", "id"))


def _author(record: dict) -> Author | None:
    return known_author(Author(
        external_id=as_id(get(record, "from", "id")),
        username=as_str(get(record, "from", "username")) or as_str(record.get("username"))))
