"""Reading one platform value into an importer field: the one place for ids, times, counts and flags.

A value that is missing or cannot be read becomes None, which means unknown (never zero or
False). A timestamp that cannot be read also becomes None and the comment is kept: never losing
a comment matters more than knowing when it was written. Only a record with no id or with an
unusable text becomes a `BadRecord`; a comment with no text but an attachment (a sticker, a
photo) is kept with the text "".
"""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from triage.files.encodings import broken_text
from triage.importers.base import Author, BadRecord
from triage.scoring import text_problem

MAX_ID_CHARS = 255  # the store's column size
MAX_URL_CHARS = 2048  # longer is no link a platform writes; it would only bloat pages
# Unix seconds outside these years are no comment's time (a millisecond value is 1000 times too big).
EARLIEST_UNIX, LATEST_UNIX = 946_684_800, 4_102_444_800  # 2000-01-01, 2100-01-01
JSON_TYPE_NAMES = {type(None): "null", bool: "a boolean", int: "a number", float: "a number", str: "a string",
                   list: "an array", dict: "an object"}


def get(record: object, *keys: str) -> object:
    """The value at `record[key][key]...`, or None when a step is missing or not a JSON object."""
    for key in keys:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def as_id(value: object) -> str | None:
    # Floats are refused: a large numeric id written as a JSON float has already lost digits.
    # An id with broken characters is refused too: an id must match exactly or not at all.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip() and not broken_text(value):
        return value.strip()
    return None


def as_str(value: object) -> str | None:
    """A string kept verbatim (an empty bio is a fact about the account, not unknown), else None.
    Broken characters (bytes not valid in the file's encoding) become U+FFFD, so one bad byte
    in a name never costs the comment."""
    if not isinstance(value, str):
        return None
    if broken_text(value):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return value


def as_count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdecimal():  # isdigit() would let "²" reach int()
        value = int(value.strip())
    return value if isinstance(value, int) and value >= 0 else None


def as_flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    return None


def as_utc(value: object) -> datetime | None:
    """An ISO 8601 time as an aware UTC datetime. A time without an offset is taken as UTC,
    as every platform API writes UTC; a CSV written in local time would be off by its offset."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def as_unix_utc(value: object) -> datetime | None:
    """Unix seconds (Meta's webhooks write times so) as an aware UTC datetime."""
    if isinstance(value, bool) or not isinstance(value, int) or not EARLIEST_UNIX <= value < LATEST_UNIX:
        return None
    return datetime.fromtimestamp(value, UTC)


def as_url(value: object) -> str | None:
    """An absolute http(s) URL, else None: a link is shown to staff, so `javascript:` and the like
    never pass, nor a URL with spaces or control characters."""
    if not isinstance(value, str) or len(value) > MAX_URL_CHARS or broken_text(value):
        return None
    if any(char.isspace() or ord(char) < 32 for char in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def known_author(author: Author) -> Author | None:
    """None instead of an author the platform told us nothing about."""
    return author if any(value is not None for value in vars(author).values()) else None


def rejected(position: str, record: object, external_id: str | None, text: object,
             attachment: str | None = None) -> BadRecord | None:
    """Why this record cannot become a comment, or None when it can (then its text is `text_of`)."""
    if not isinstance(record, dict):
        return BadRecord(position, f"record is {JSON_TYPE_NAMES[type(record)]}, not a comment object")
    if external_id is None:
        return BadRecord(position, "comment has no id")
    if len(external_id) > MAX_ID_CHARS:
        return BadRecord(position, f"comment id is longer than {MAX_ID_CHARS} characters")
    if text is not None and not isinstance(text, str):
        return BadRecord(position, f"text is {JSON_TYPE_NAMES[type(text)]}, not a string", external_id)
    if attachment is not None and not (text or "").strip():
        return None  # a sticker or a photo alone still says something, and may need an answer
    problem = text_problem(text)
    return BadRecord(position, problem, external_id) if problem else None


def text_of(text: object) -> str:
    """The text of a record `rejected` let through: "" for an attachment without words."""
    return text if isinstance(text, str) and text.strip() else ""


def author_from(values: object) -> Author | None:
    """An `author` object (JSON names of PRODUCT.md) as an Author; None if it says nothing."""
    if not isinstance(values, dict):
        return None
    return known_author(Author(
        username=as_str(values.get("username")), display_name=as_str(values.get("display_name")),
        followers=as_count(values.get("followers")), following=as_count(values.get("following")),
        posts=as_count(values.get("posts")), has_profile_picture=as_flag(values.get("has_profile_picture")),
        is_private=as_flag(values.get("is_private")), bio=as_str(values.get("bio")),
        created_at=as_utc(values.get("created_at")), verified=as_flag(values.get("verified"))))
