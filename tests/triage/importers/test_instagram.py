import json
from datetime import UTC, datetime

from triage.importers import instagram
from triage.importers.base import Author, BadRecord

MEDIA = "18034567890123456"
FIRST = "17951234567890001"


def test_keeps_good_comments_and_reports_bad_records(imported):
    result = imported(instagram.parse, "instagram_comments.json")
    assert len(result.comments) == 7
    assert result.bad == [
        BadRecord("data[4]", "text is empty", "17951234567890005"),
        BadRecord("data[5]", "comment has no id"),
    ]


def test_maps_a_comment_to_platform_neutral_fields(imported):
    comment = imported(instagram.parse, "instagram_comments.json").comments[FIRST]
    assert comment.platform == "instagram"
    assert comment.text == "min jam besuk lapas cipinang hari sabtu buka ga ya? 🙏"
    assert comment.created_at == datetime(2026, 11, 20, 8, 15, 30, tzinfo=UTC)
    assert comment.author == Author(external_id="17841400000000101", username="rina.wulandari88")
    assert (comment.like_count, comment.hidden) == (3, False)
    assert (comment.parent_external_id, comment.post_external_id) == (None, MEDIA)


def test_replies_follow_their_parent_and_inherit_parent_and_media(imported):
    comments = imported(instagram.parse, "instagram_comments.json").comments
    assert list(comments)[:3] == [FIRST, "17951234567890011", "17951234567890012"]
    for reply in ("17951234567890011", "17951234567890012"):
        assert comments[reply].parent_external_id == FIRST
        assert comments[reply].post_external_id == MEDIA
    assert comments["17951234567890011"].author.username == "ditjenpas"


def test_missing_fields_stay_unknown(imported):
    comment = imported(instagram.parse, "instagram_comments.json").comments["17951234567890002"]
    assert comment.author == Author(username="andi.saputra_")
    assert comment.like_count is None and comment.hidden is None


def test_an_unreadable_timestamp_keeps_the_comment_without_a_time(imported):
    comments = imported(instagram.parse, "instagram_comments.json").comments
    assert comments["17951234567890006"].created_at is None
    assert comments["17951234567890006"].text == "@dimas_ardi liat nih"


def test_a_hidden_spam_comment_keeps_its_flag(imported):
    comment = imported(instagram.parse, "instagram_comments.json").comments["17951234567890004"]
    assert comment.hidden is True and comment.like_count == 0


def test_a_bare_list_of_comments_is_read_like_a_page(imported, tmp_path):
    path = tmp_path / "merged.json"
    path.write_text(json.dumps([{"id": 1, "text": "siap min", "timestamp": "2026-11-20T08:15:30+0700"}]))
    comment = imported(instagram.parse, path).comments["1"]
    assert comment.created_at == datetime(2026, 11, 20, 1, 15, 30, tzinfo=UTC)
    assert comment.author is None
