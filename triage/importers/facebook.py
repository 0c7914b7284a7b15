"""Facebook Graph API comments (`/{post-id}/comments`), with their nested `comments` edge flattened.

Facebook gives no username, only a name; it leaves `from` out for people who have not allowed
the app to see them, so such comments have no author.
"""

from collections.abc import Iterator
from pathlib import Path

from triage.importers.base import Author, BadRecord, ImportedComment
from triage.importers.fields import as_count, as_flag, as_id, as_str, as_utc, get, known_author, rejected
from triage.importers.files import load_json, records_at
from triage.importers.threads import Node, enclosing_id, nearest, threaded

PLATFORM = "facebook"


def parse(path: Path) -> Iterator[ImportedComment | BadRecord]:
    comments = records_at(load_json(path), "data", path, "a Facebook comments export")
    for node in threaded(comments, "data", ("comments", "data")):
        yield _comment(node)


def _comment(node: Node) -> ImportedComment | BadRecord:
    record, external_id = node.record, as_id(get(node.record, "id"))
    if bad := rejected(node.position, record, external_id, get(record, "message")):
        return bad
    return ImportedComment(
        platform=PLATFORM, external_id=external_id, text=record["message"],
        created_at=as_utc(record.get("created_time")),
        parent_external_id=as_id(get(record, "parent", "id")) or enclosing_id(node),
        post_external_id=nearest(node, _post_id),
        author=_author(record), like_count=as_count(record.get("like_count")),
        hidden=as_flag(record.get("is_hidden")))


def _post_id(record: object) -> str | None:
    # Present only when the export asked for the `object` field; replies inherit it.
    return as_id(get(record, "object", "id"))


def _author(record: dict) -> Author | None:
    return known_author(Author(
        external_id=as_id(get(record, "from", "id")), display_name=as_str(get(record, "from", "name"))))
