"""X API v2 replies (a search or conversation lookup with `expansions=author_id`): posts in `data`,
their authors in `includes.users`, joined by id."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from triage.importers.base import Author, BadRecord, ImportedComment
from triage.importers.fields import as_count, as_flag, as_id, as_str, as_utc, get, known_author, rejected
from triage.importers.files import load_json, records_at

PLATFORM = "x"
DEFAULT_PICTURE_MARK = "default_profile_images"
PERMALINK = "https://x.com/i/web/status/{}"  # opens a post by id alone, whoever wrote it


def parse(path: Path) -> Iterator[ImportedComment | BadRecord]:
    yield from parse_document(load_json(path), str(path))


def parse_document(document: object, origin: str) -> Iterator[ImportedComment | BadRecord]:
    """The posts of a decoded X API v2 response; raises InputFileError at once if it is none."""
    posts, users = _posts(document, origin), _users_by_id(get(document, "includes", "users"))
    return (_comment(f"data[{index}]", post, users) for index, post in enumerate(posts))


def _posts(document: object, origin: str) -> list:
    # X leaves `data` out altogether when a search finds nothing.
    if get(document, "meta", "result_count") == 0 and get(document, "data") is None:
        return []
    return records_at(document, "data", origin, "an X API v2 response")


def _users_by_id(users: object) -> dict[str, dict]:
    if not isinstance(users, list):
        return {}
    return {as_id(user.get("id")): user for user in users if isinstance(user, dict) and as_id(user.get("id"))}


def _comment(position: str, post: object, users: dict[str, dict]) -> ImportedComment | BadRecord:
    external_id, text = as_id(get(post, "id")), _text(post)
    if bad := rejected(position, post, external_id, text):
        return bad
    return ImportedComment(
        platform=PLATFORM, external_id=external_id, text=text, created_at=as_utc(post.get("created_at")),
        parent_external_id=_replied_to(post.get("referenced_tweets")),
        post_external_id=as_id(post.get("conversation_id")),
        author=_author(as_id(post.get("author_id")), users),
        like_count=as_count(get(post, "public_metrics", "like_count")),
        permalink=PERMALINK.format(quote(external_id, safe="")))


def _text(post: object) -> object:
    # A post over 280 characters comes cut short in `text`; the whole of it is in `note_tweet`.
    long_text = get(post, "note_tweet", "text")
    return long_text if isinstance(long_text, str) else get(post, "text")


def _replied_to(references: object) -> str | None:
    for reference in references if isinstance(references, list) else []:
        if get(reference, "type") == "replied_to":
            return as_id(get(reference, "id"))
    return None


def _author(author_id: str | None, users: dict[str, dict]) -> Author | None:
    user = users.get(author_id, {})
    return known_author(Author(
        external_id=author_id, username=as_str(user.get("username")), display_name=as_str(user.get("name")),
        followers=as_count(get(user, "public_metrics", "followers_count")),
        following=as_count(get(user, "public_metrics", "following_count")),
        posts=as_count(get(user, "public_metrics", "tweet_count")),
        has_profile_picture=_has_own_picture(user.get("profile_image_url")),
        is_private=as_flag(user.get("protected")), bio=as_str(user.get("description")),
        created_at=as_utc(user.get("created_at")), verified=as_flag(user.get("verified"))))


def _has_own_picture(url: object) -> bool | None:
    # Every X user has a profile_image_url (the egg/silhouette for those who set none); a missing
    # one means the export did not ask for it, which is unknown, not "no picture".
    if not isinstance(url, str):
        return None
    return DEFAULT_PICTURE_MARK not in url
