"""YouTube Data API comments: `commentThreads.list` (each thread's top-level comment, then its
replies), `comments.list` (replies fetched by `parentId`, or comments by `id`), and a single
`youtube#commentThread` or `youtube#comment` object.

A thread's `replies.comments` holds only the replies the API chose to include (at most five); the
rest come from `comments.list?parentId=`, whose items name their parent but not always the video.
"""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

from triage.errors import InputFileError
from triage.importers.base import Author, BadRecord, ImportedComment
from triage.importers.fields import as_count, as_id, as_str, as_utc, get, known_author, rejected
from triage.importers.files import load_json, records_at

PLATFORM = "youtube"
THREAD_LIST_KIND, COMMENT_LIST_KIND = "youtube#commentThreadListResponse", "youtube#commentListResponse"
THREAD_KIND, COMMENT_KIND = "youtube#commentThread", "youtube#comment"
KNOWN_KINDS = (THREAD_LIST_KIND, COMMENT_LIST_KIND, THREAD_KIND, COMMENT_KIND)
WATCH_URL = "https://www.youtube.com/watch?"


def parse(path: Path) -> Iterator[ImportedComment | BadRecord]:
    yield from parse_document(load_json(path), str(path))


def parse_document(document: object, origin: str) -> Iterator[ImportedComment | BadRecord]:
    """The comments of a decoded YouTube response; raises InputFileError at once if it is none."""
    kind = get(document, "kind")
    if kind is not None and kind not in KNOWN_KINDS:
        raise InputFileError(f"{origin} is a '{kind}' response, not comments from commentThreads.list "
                             "or comments.list")
    if kind == THREAD_KIND:
        return _thread("thread", document)
    if kind == COMMENT_KIND:
        return iter([_comment("comment", document, None, None)])
    items = records_at(document, "items", origin, "a YouTube commentThreads.list or comments.list response")
    if kind == COMMENT_LIST_KIND:
        return (_comment(f"items[{index}]", item, None, None) for index, item in enumerate(items))
    # Without a list kind (a response trimmed with `fields=`), each item's own kind tells.
    return (result for index, item in enumerate(items) for result in _item(f"items[{index}]", item))


def _item(position: str, item: object) -> Iterator[ImportedComment | BadRecord]:
    if get(item, "kind") == COMMENT_KIND:
        return iter([_comment(position, item, None, None)])
    return _thread(position, item)


def _thread(position: str, thread: object) -> Iterator[ImportedComment | BadRecord]:
    if not isinstance(thread, dict):
        yield rejected(position, thread, None, None)  # says what the record is instead of an object
        return
    top, video_id = get(thread, "snippet", "topLevelComment"), as_id(get(thread, "snippet", "videoId"))
    # YouTube gives the thread the id of its top-level comment, so either names the replies' parent.
    top_id = as_id(get(top, "id")) or as_id(thread.get("id"))
    if top is None:
        yield BadRecord(f"{position}.snippet", "thread has no topLevelComment", top_id)
    else:
        yield _comment(f"{position}.snippet.topLevelComment", top, None, video_id)
    replies = get(thread, "replies", "comments")
    for index, reply in enumerate(replies if isinstance(replies, list) else []):
        yield _comment(f"{position}.replies.comments[{index}]", reply, top_id, video_id)


def _comment(position: str, record: object, top_id: str | None,
             video_id: str | None) -> ImportedComment | BadRecord:
    external_id, snippet = as_id(get(record, "id")), get(record, "snippet")
    text = _text(snippet)
    if bad := rejected(position, record, external_id, text):
        return bad
    video_id = as_id(get(snippet, "videoId")) or video_id
    return ImportedComment(
        platform=PLATFORM, external_id=external_id, text=text,
        created_at=as_utc(get(snippet, "publishedAt")),
        parent_external_id=as_id(get(snippet, "parentId")) or top_id,
        post_external_id=video_id,
        author=_author(snippet), like_count=as_count(get(snippet, "likeCount")),
        permalink=WATCH_URL + urlencode({"v": video_id, "lc": external_id}) if video_id else None)


def _text(snippet: object) -> object:
    # textOriginal is the raw text but is only guaranteed to the comment's author; textDisplay is
    # always there (HTML-formatted unless the export asked for textFormat=plainText).
    original = get(snippet, "textOriginal")
    return original if isinstance(original, str) and original.strip() else get(snippet, "textDisplay")


def _author(snippet: object) -> Author | None:
    display_name = as_str(get(snippet, "authorDisplayName"))
    handle = display_name[1:] if display_name and display_name.startswith("@") else None
    return known_author(Author(
        external_id=as_id(get(snippet, "authorChannelId", "value")),
        username=handle or None, display_name=display_name))
