"""Graph ids read back from a Facebook comment's `permalink_url`.

Some responses leave a comment's `id` out although it was asked for (seen with `filter=stream`),
yet its link still names the post and the comment, and Graph ids are made of those numbers:
`https://www.facebook.com/{page}/posts/{post}/?comment_id={c}` is comment `{post}_{c}` on post
`{page}_{post}`; a reply adds `&reply_comment_id={r}`: it is `{post}_{r}`, answering `{post}_{c}`.
A photo's or video's link names the object itself: `/{page}/photos/a.{album}/{photo}/?comment_id={c}`
is comment `{photo}_{c}` on `{photo}`.
"""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

MAX_NUMBER_DIGITS = 40


@dataclass(frozen=True)
class LinkedIds:
    comment: str
    parent: str | None  # the comment a reply answers
    post: str | None  # None when the link names the page by its vanity name, not its number


def ids_from_permalink(url: object) -> LinkedIds | None:
    """The Graph ids a comment's permalink spells out, or None for a link of any other form."""
    if not isinstance(url, str) or len(url) > 2048:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return None
    if host != "facebook.com" and not host.endswith(".facebook.com"):
        return None
    query = parse_qs(parts.query)
    comment, reply = _number(query, "comment_id"), _number(query, "reply_comment_id")
    found = _object_of([step for step in parts.path.split("/") if step], query)
    if comment is None or found is None:
        return None
    prefix, post = found
    if reply is not None:
        return LinkedIds(f"{prefix}_{reply}", f"{prefix}_{comment}", post)
    return LinkedIds(f"{prefix}_{comment}", None, post)


def _object_of(steps: list[str], query: dict[str, list[str]]) -> tuple[str, str | None] | None:
    """The number that prefixes the comments' ids, and the post's Graph id when the link gives it."""
    if len(steps) == 3 and steps[1] == "posts" and _is_number(steps[2]):
        page, post = steps[0], steps[2]
        return post, f"{page}_{post}" if _is_number(page) else None
    if len(steps) >= 3 and steps[1] in ("photos", "videos") and _is_number(steps[-1]):
        return steps[-1], steps[-1]
    if steps == ["permalink.php"] and (story := _number(query, "story_fbid")):
        page = _number(query, "id")
        return story, f"{page}_{story}" if page else None
    if steps == ["photo.php"] and (photo := _number(query, "fbid")):
        return photo, photo
    return None


def _number(query: dict[str, list[str]], key: str) -> str | None:
    values = query.get(key, [])
    return values[0] if len(values) == 1 and _is_number(values[0]) else None


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdecimal() and len(text) <= MAX_NUMBER_DIGITS
