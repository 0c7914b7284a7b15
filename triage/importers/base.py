"""What every importer yields: platform-neutral comments, or a bad record with its reason.

An importer never raises on one bad record: it yields `BadRecord` and goes on. It raises
`InputFileError` only when the file (or webhook body) as a whole cannot be read (not JSON, a
top-level shape it does not know).
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Author:
    """The comment's author as the platform describes them; None means the platform did not say."""

    external_id: str | None = None
    username: str | None = None
    display_name: str | None = None
    followers: int | None = None
    following: int | None = None
    posts: int | None = None
    has_profile_picture: bool | None = None
    is_private: bool | None = None
    bio: str | None = None
    created_at: datetime | None = None
    verified: bool | None = None


@dataclass(frozen=True)
class ImportedComment:
    platform: str  # instagram, x, facebook, youtube, tiktok
    external_id: str  # the platform's id of the comment; (platform, external_id) is unique
    text: str
    created_at: datetime | None = None  # timezone-aware (UTC) when the platform gives a time
    parent_external_id: str | None = None  # the comment this one replies to
    post_external_id: str | None = None  # the post / media / video / tweet thread it is under
    author: Author | None = None
    like_count: int | None = None
    hidden: bool | None = None
    attachment: str | None = None  # non-text content: "sticker", "photo", "video", "gif", "link", ...
    permalink: str | None = None  # an http(s) URL that opens the comment on the platform
    post_permalink: str | None = None  # the post's / media's URL, when the record gives it


@dataclass(frozen=True)
class BadRecord:
    position: str  # where in the file, e.g. "record 3", "line 7", "data[12]"
    reason: str
    external_id: str | None = None
