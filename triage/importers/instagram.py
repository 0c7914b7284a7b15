"""Instagram Graph API comments and Meta's Instagram comment webhooks, with `replies` flattened.

Shapes read (by shape, not by file name): a page of `/{media-id}/comments` or
`/{comment-id}/replies`, a bare list, one comment object (`GET /{comment-id}`), an `?ids=` map,
and a webhook payload (`"object": "instagram"`, fields `comments` and `live_comments`).
"""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from triage.importers.base import Author, BadRecord, ImportedComment
from triage.importers.fields import (
    as_count,
    as_flag,
    as_id,
    as_str,
    as_url,
    as_utc,
    get,
    known_author,
    rejected,
)
from triage.importers.files import load_json, refuse
from triage.importers.graph import GRAPH_SHAPES, Change, is_webhook, shown, top_level, webhook_changes
from triage.importers.threads import Node, enclosing_id, nearest, walk

PLATFORM = "instagram"
COMMENT_FIELDS = ("comments", "live_comments")
REPLY_EDGE = ("replies", "data")


def parse(path: Path) -> Iterator[ImportedComment | BadRecord]:
    yield from parse_document(load_json(path), str(path))


def parse_document(document: object, origin: str) -> Iterator[ImportedComment | BadRecord]:
    """The comments of a decoded Graph response or webhook body; raises InputFileError at once if
    it is neither."""
    if is_webhook(document, PLATFORM):
        return (_from_change(change) for change in webhook_changes(document))
    nodes = top_level(document, _is_comment)
    if nodes is None:
        refuse(document, origin, "an Instagram comments export", GRAPH_SHAPES)
    return (_comment(node) for node in walk(nodes, REPLY_EDGE))


def _is_comment(document: dict) -> bool:
    return "id" in document and "text" in document


def _from_change(change: Change | BadRecord) -> ImportedComment | BadRecord:
    if isinstance(change, BadRecord):
        return change
    if change.field not in COMMENT_FIELDS:
        what = f"field={shown(change.field)}"
        return BadRecord(change.position, f"webhook change is not a new comment ({what})")
    # The value has no timestamp: the entry's time, when the comment was made, stands in for it.
    return _comment(Node(f"{change.position}.value", change.value), change.time)


def _comment(node: Node, time: datetime | None = None) -> ImportedComment | BadRecord:
    record, external_id = node.record, as_id(get(node.record, "id"))
    if bad := rejected(node.position, record, external_id, get(record, "text")):
        return bad
    media_permalink = nearest(node, _media_permalink)
    return ImportedComment(
        platform=PLATFORM, external_id=external_id, text=record["text"],
        created_at=as_utc(record.get("timestamp")) or time,
        parent_external_id=as_id(record.get("parent_id")) or enclosing_id(node),
        post_external_id=nearest(node, _media_id),
        author=_author(record), like_count=as_count(record.get("like_count")),
        hidden=as_flag(record.get("hidden")),
        # Instagram has no link to a comment; the media's own link is the nearest thing that opens it.
        permalink=as_url(record.get("permalink")) or media_permalink, post_permalink=media_permalink)


def _media_id(record: object) -> str | None:
    return as_id(get(record, "media", "id"))


def _media_permalink(record: object) -> str | None:
    return as_url(get(record, "media", "permalink"))


def _author(record: dict) -> Author | None:
    # `user` is there only on comments by the account that owns the media (and names it by id).
    return known_author(Author(
        external_id=as_id(get(record, "from", "id")) or as_id(get(record, "user", "id")),
        username=as_str(get(record, "from", "username")) or as_str(record.get("username"))))
