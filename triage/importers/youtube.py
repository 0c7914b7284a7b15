"""YouTube Data API `commentThreads.list` responses: each thread's top-level comment, then its replies.

`replies.comments` holds only the replies the API chose to include (at most five); the rest need
`comments.list` and are not in this file.
"""

from collections.abc import Iterator
from pathlib import Path

from triage.errors import InputFileError
from triage.importers.base import Author, BadRecord, ImportedComment
from triage.importers.fields import as_count, as_id, as_str, as_utc, get, known_author, rejected
from triage.importers.files import load_json, records_at

PLATFORM = "youtube"
THREAD_LIST_KIND = "youtube#commentThreadListResponse"


def parse(path: Path) -> Iterator[ImportedComment | BadRecord]:
    for index, thread in enumerate(_threads(load_json(path), path)):
        yield from _thread(f"items[{index}]", thread)


def _threads(document: object, path: Path) -> list:
    kind = get(document, "kind")
    if kind is not None and kind != THREAD_LIST_KIND:
        raise InputFileError(f"{path} is a '{kind}' response, not comment threads from commentThreads.list")
    return records_at(document, "items", path, "a YouTube commentThreads.list response")


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
    return ImportedComment(
        platform=PLATFORM, external_id=external_id, text=text,
        created_at=as_utc(get(snippet, "publishedAt")),
        parent_external_id=as_id(get(snippet, "parentId")) or top_id,
        post_external_id=as_id(get(snippet, "videoId")) or video_id,
        author=_author(snippet), like_count=as_count(get(snippet, "likeCount")))


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
