"""Facebook Graph API comments and Meta's Page feed webhooks, with nested `comments` flattened.

Shapes read (by shape, not by file name): a page of `/{object-id}/comments`, a bare list, one
comment object (`GET /{comment-id}`), an `?ids=` map, and a webhook payload (`"object": "page"`,
field `feed`, `item` comment). Facebook gives no username, only a name; it leaves `from` out for
people who have not allowed the app to see them, so such comments have no author. A comment that
is only a sticker or a photo is kept, with the text "" and its `attachment`.
"""

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from triage.importers.base import Author, BadRecord, ImportedComment
from triage.importers.facebook_links import LinkedIds, ids_from_permalink
from triage.importers.fields import (
    as_count,
    as_flag,
    as_id,
    as_str,
    as_unix_utc,
    as_url,
    as_utc,
    get,
    known_author,
    rejected,
    text_of,
)
from triage.importers.files import load_json, refuse
from triage.importers.graph import GRAPH_SHAPES, Change, is_webhook, shown, top_level, webhook_changes
from triage.importers.threads import Node, enclosing_id, nearest, walk

PLATFORM = "facebook"
REPLY_EDGE = ("comments", "data")
COMMENT_VERBS = ("add", "edited")  # a webhook change that carries a comment's current text
# Graph's attachment types, as the kinds the desk shows; an unlisted type is shown as written.
ATTACHMENT_KINDS = {
    "video_inline": "video", "video_autoplay": "video", "animated_image_share": "gif",
    "animated_image_video": "gif", "animated_image_autoplay": "gif", "share": "link"}
ATTACHMENT_TYPE = re.compile(r"[a-z_]{1,40}")


def parse(path: Path) -> Iterator[ImportedComment | BadRecord]:
    yield from parse_document(load_json(path), str(path))


def parse_document(document: object, origin: str) -> Iterator[ImportedComment | BadRecord]:
    """The comments of a decoded Graph response or webhook body; raises InputFileError at once if
    it is neither."""
    if is_webhook(document, "page"):
        return (_from_change(change) for change in webhook_changes(document))
    nodes = top_level(document, _is_comment)
    if nodes is None:
        refuse(document, origin, "a Facebook comments export", GRAPH_SHAPES)
    return (_comment(node) for node in walk(nodes, REPLY_EDGE))


def _is_comment(document: dict) -> bool:
    return ("id" in document or "permalink_url" in document) and (
        "message" in document or "attachment" in document)


def _comment(node: Node) -> ImportedComment | BadRecord:
    record, linked = node.record, _linked(node.record)
    external_id, attachment = as_id(get(record, "id")) or (linked and linked.comment), _attachment(record)
    if bad := rejected(node.position, record, external_id, get(record, "message"), attachment):
        return bad
    return ImportedComment(
        platform=PLATFORM, external_id=external_id, text=text_of(record.get("message")),
        created_at=as_utc(record.get("created_time")),
        parent_external_id=as_id(get(record, "parent", "id")) or enclosing_id(node) or (
            linked and linked.parent),
        post_external_id=nearest(node, _post_id) or (linked and linked.post),
        author=_author(record), like_count=as_count(record.get("like_count")),
        hidden=as_flag(record.get("is_hidden")), attachment=attachment,
        permalink=as_url(record.get("permalink_url")))


def _linked(record: object) -> LinkedIds | None:
    """The ids the comment's permalink spells out, if they agree with the id the record gives."""
    linked = ids_from_permalink(get(record, "permalink_url"))
    given = as_id(get(record, "id"))
    return linked if linked and given in (None, linked.comment) else None


def _from_change(change: Change | BadRecord) -> ImportedComment | BadRecord:
    if isinstance(change, BadRecord):
        return change
    value = change.value
    item, verb = get(value, "item"), get(value, "verb")
    if change.field != "feed" or item != "comment" or verb not in COMMENT_VERBS:
        what = (f"item={shown(item)}, verb={shown(verb)}" if change.field == "feed"
                else f"field={shown(change.field)}")
        # A removed or hidden comment still names itself, for whoever keeps the queue in step.
        return BadRecord(change.position, f"webhook change is not a new comment ({what})",
                         as_id(get(value, "comment_id")) if item == "comment" else None)
    return _webhook_comment(f"{change.position}.value", value, change.time)


def _webhook_comment(position: str, value: dict, time: datetime | None) -> ImportedComment | BadRecord:
    external_id, message = as_id(value.get("comment_id")), value.get("message")
    attachment = "photo" if value.get("photo") else "video" if value.get("video") else None
    if bad := rejected(position, value, external_id, message, attachment):
        return bad
    post, parent = as_id(value.get("post_id")), as_id(value.get("parent_id"))
    return ImportedComment(
        platform=PLATFORM, external_id=external_id, text=text_of(message),
        created_at=as_unix_utc(value.get("created_time")) or as_utc(value.get("created_time")) or time,
        # A top-level comment's parent_id is its post's id: it answers no comment.
        parent_external_id=parent if parent != post else None, post_external_id=post,
        author=_author(value), attachment=attachment,
        post_permalink=as_url(get(value, "post", "permalink_url")))


def _attachment(record: object) -> str | None:
    attachment = get(record, "attachment")
    if not isinstance(attachment, dict):
        return None
    kind = attachment.get("type")
    if not isinstance(kind, str) or not ATTACHMENT_TYPE.fullmatch(kind):
        return "attachment"  # a type we cannot show by name
    return ATTACHMENT_KINDS.get(kind, kind)


def _post_id(record: object) -> str | None:
    # Present only when the export asked for the `object` field; replies inherit it.
    return as_id(get(record, "object", "id"))


def _author(record: dict) -> Author | None:
    return known_author(Author(
        external_id=as_id(get(record, "from", "id")), display_name=as_str(get(record, "from", "name"))))
