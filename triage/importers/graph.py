"""What Meta's Graph API and webhooks wrap comments in, for the Instagram and Facebook importers.

A Graph response holds comments as a page (`{"data": [...], "paging": ...}`), a bare list (tools
that merge pages write one), one comment object (`GET /{comment-id}`) or an `?ids=` map (each
comment under its own id). A webhook payload holds them as `entry[].changes[].value`.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from triage.importers.base import BadRecord
from triage.importers.fields import as_id, as_unix_utc, get
from triage.importers.threads import Node

GRAPH_SHAPES = "a JSON object with a 'data' list, a single comment, an ?ids= map or a webhook payload"
PRINTABLE_KEY = re.compile(r"[\w.:-]{1,64}", re.ASCII)  # a key safe to quote in a message


@dataclass(frozen=True)
class Change:
    """One `entry[].changes[]` of a webhook payload."""

    position: str
    field: object  # as Meta wrote it: "comments", "feed", ...
    value: object
    time: datetime | None  # the entry's time: when it happened, the only time some changes carry


def is_webhook(document: object, object_name: str) -> bool:
    return get(document, "object") == object_name and isinstance(get(document, "entry"), list)


def webhook_changes(document: dict) -> Iterator[Change | BadRecord]:
    for index, entry in enumerate(document["entry"]):
        changes = get(entry, "changes")
        if not isinstance(changes, list):
            yield BadRecord(f"entry[{index}]", "webhook entry has no 'changes' list (not a comment event)")
            continue
        time = as_unix_utc(get(entry, "time"))
        for number, change in enumerate(changes):
            position = f"entry[{index}].changes[{number}]"
            yield Change(position, get(change, "field"), get(change, "value"), time)


def top_level(document: object, is_comment: Callable[[dict], bool]) -> list[Node] | None:
    """The comments a Graph response holds at its top, as nodes; None if it is no shape we know."""
    if isinstance(document, list):
        return _nodes(document, "data")
    if isinstance(get(document, "data"), list):
        return _nodes(document["data"], "data")
    if isinstance(document, dict) and is_comment(document):
        return [Node("comment", document)]
    if _is_ids_map(document):
        return [Node(_key_position(key, index), value) for index, (key, value) in enumerate(document.items())]
    return None


def shown(value: object) -> str:
    """A value from the payload, short and printable, to name it in a reason."""
    text = "missing" if value is None else str(value)
    return text if PRINTABLE_KEY.fullmatch(text) else "?"


def _nodes(records: list, position: str) -> list[Node]:
    return [Node(f"{position}[{index}]", record) for index, record in enumerate(records)]


def _is_ids_map(document: object) -> bool:
    # `GET /?ids=a,b` answers {"a": {"id": "a", ...}, "b": {...}}: every value an object, named by its id.
    if not isinstance(document, dict) or not document:
        return False
    values = document.values()
    return all(isinstance(value, dict) for value in values) and any(
        as_id(value.get("id")) == key for key, value in document.items())


def _key_position(key: str, index: int) -> str:
    return f'["{key}"]' if PRINTABLE_KEY.fullmatch(key) else f"[{index}]"
