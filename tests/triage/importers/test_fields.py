from datetime import UTC, datetime

import pytest

from triage.importers.base import Author, BadRecord
from triage.importers.fields import (
    as_count,
    as_flag,
    as_id,
    as_unix_utc,
    as_url,
    as_utc,
    get,
    known_author,
    rejected,
    text_of,
)
from triage.importers.threads import nearest, threaded

MOMENT = datetime(2026, 11, 20, 8, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize("value", [
    "2026-11-20T08:15:30+0000",  # Instagram, Facebook
    "2026-11-20T08:15:30.000Z",  # X
    "2026-11-20T08:15:30Z",  # YouTube
    "2026-11-20T15:15:30+07:00",  # WIB
    "2026-11-20 08:15:30",  # no offset: taken as UTC
])
def test_times_become_aware_utc(value):
    moment = as_utc(value)
    assert moment == MOMENT and moment.tzinfo is UTC


@pytest.mark.parametrize("value", [
    None, "", "kemarin", "2026-02-30T10:00:00Z", 1763626530, "0001-01-01T00:00+01:00"])
def test_unreadable_times_are_unknown(value):
    assert as_utc(value) is None


@pytest.mark.parametrize(("value", "expected"), [
    (12, 12), ("12", 12), (" 7 ", 7), (3.0, 3), (0, 0),
    (None, None), ("", None), ("banyak", None), (-1, None), (True, None), (2.5, None),
    ("1,200", None), ("²", None),
])
def test_counts(value, expected):
    assert as_count(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), ("true", True), ("FALSE", False), (" True ", True),
    (None, None), ("", None), ("ya", None), (1, None), ("0", None),
])
def test_flags(value, expected):
    assert as_flag(value) is expected


@pytest.mark.parametrize(("value", "expected"), [
    ("17951234567890001", "17951234567890001"), (9001, "9001"), (" tt-1 ", "tt-1"),
    ("", None), ("  ", None), (None, None), (1.7e18, None), (True, None), ({"id": 1}, None),
])
def test_ids_are_strings(value, expected):
    assert as_id(value) == expected


def test_get_walks_objects_and_stops_at_anything_else():
    record = {"from": {"id": "1"}, "media": "teks"}
    assert get(record, "from", "id") == "1"
    assert get(record, "media", "id") is None and get(record, "nope", "id") is None and get([], "id") is None


def test_an_author_with_nothing_known_is_none():
    assert known_author(Author()) is None
    assert known_author(Author(verified=False)) == Author(verified=False)


@pytest.mark.parametrize(("record", "external_id", "text", "reason"), [
    ({}, None, "halo", "comment has no id"),
    ({}, "1", None, "text is empty"),
    ({}, "1", " \n ", "text is empty"),
    ({}, "1", 42, "text is a number, not a string"),
    ({}, "1", {"body": "x"}, "text is an object, not a string"),
    ({}, "1", "a" * 10_001, "text is 10,001 characters, over the limit of 10,000"),
])
def test_rejected_says_why(record, external_id, text, reason):
    assert rejected("data[0]", record, external_id, text) == BadRecord("data[0]", reason, external_id)


def test_a_text_at_the_limit_is_accepted():
    assert rejected("data[0]", {}, "1", "a" * 10_000) is None


def test_deeply_nested_replies_flatten_without_recursion():
    depth = 5_000
    root = thread = {"id": "0"}
    for level in range(1, depth):
        reply = {"id": str(level)}
        thread["replies"] = {"data": [reply]}
        thread = reply
    nodes = list(threaded([root], "data", ("replies", "data")))
    assert [node.record["id"] for node in nodes] == [str(level) for level in range(depth)]
    assert nearest(nodes[-1], lambda record: record.get("media")) is None


def test_unix_seconds_become_aware_utc():
    moment = as_unix_utc(1795251600)
    assert moment == datetime(2026, 11, 21, 9, 0, tzinfo=UTC) and moment.tzinfo is UTC


@pytest.mark.parametrize("value", [None, True, "1795251600", 1795251600.5, -1, 0, 1795251600000])
def test_what_is_not_unix_seconds_is_unknown(value):
    assert as_unix_utc(value) is None  # milliseconds would land in the year 58857


@pytest.mark.parametrize("value", [
    "https://www.facebook.com/1/posts/2/?comment_id=3", "http://x.com/i/web/status/1"])
def test_http_links_are_kept(value):
    assert as_url(value) == value


@pytest.mark.parametrize("value", [
    None, 5, "", "javascript:alert(1)", "JaVaScRiPt://x.com/%0aalert(1)", "data:text/html,<b>", "//x.com/a",
    "https://x.com/a b", "https://x.com/\nSet-Cookie: a", "https:///nohost", "https://x.com/" + "a" * 3000,
    "https://[::1/",
])
def test_other_links_are_dropped(value):
    assert as_url(value) is None


def test_an_attachment_stands_in_for_missing_text_only():
    assert rejected("data[0]", {}, "1", None, "sticker") is None
    assert rejected("data[0]", {}, "1", "  ", "photo") is None
    assert rejected("data[0]", {}, "1", 7, "photo").reason == "text is a number, not a string"
    assert rejected("data[0]", {}, "1", None) == BadRecord("data[0]", "text is empty", "1")
    assert (text_of(None), text_of("  "), text_of("halo")) == ("", "", "halo")
