from datetime import UTC, datetime

from triage.importers import facebook
from triage.importers.base import Author, BadRecord

POST = "104500000000001_870000000000001"
FIRST = "870000000000001_1200000000000001"


def test_keeps_good_comments_and_reports_bad_records(imported):
    result = imported(facebook.parse, "facebook_comments.json")
    assert len(result.comments) == 7
    assert result.bad == [BadRecord("data[4]", "comment has no id")]


def test_a_sticker_without_a_message_is_kept_as_a_sticker(imported):
    sticker = imported(facebook.parse, "facebook_comments.json").comments["870000000000001_1200000000000004"]
    assert (sticker.text, sticker.attachment) == ("", "sticker")


def test_maps_a_comment_with_a_name_but_no_username(imported):
    comment = imported(facebook.parse, "facebook_comments.json").comments[FIRST]
    assert comment.platform == "facebook"
    assert comment.text.startswith("Min, anak saya baru dipindah")
    assert comment.created_at == datetime(2026, 11, 20, 8, 15, 30, tzinfo=UTC)
    assert comment.author == Author(external_id="7100000000000001", display_name="Siti Rahmawati")
    assert (comment.like_count, comment.hidden, comment.post_external_id) == (2, False, POST)


def test_nested_replies_are_flattened_under_their_parent(imported):
    comments = imported(facebook.parse, "facebook_comments.json").comments
    replies = ["870000000000001_1200000000000011", "870000000000001_1200000000000012"]
    assert list(comments)[:3] == [FIRST, *replies]
    for reply in replies:
        assert comments[reply].parent_external_id == FIRST
        assert comments[reply].post_external_id == POST


def test_a_comment_without_from_has_no_author(imported):
    assert imported(facebook.parse, "facebook_comments.json").comments[
        "870000000000001_1200000000000012"].author is None


def test_is_hidden_becomes_hidden(imported):
    assert imported(facebook.parse, "facebook_comments.json").comments[
        "870000000000001_1200000000000003"].hidden is True


def test_an_impossible_date_keeps_the_comment_without_a_time(imported):
    comment = imported(facebook.parse, "facebook_comments.json").comments["870000000000001_1200000000000005"]
    assert comment.created_at is None and comment.text == "Dewi Lestari liat nih dew"
