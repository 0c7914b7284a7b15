import json
from datetime import UTC, datetime

import pytest

from triage.errors import InputFileError
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


def test_a_webhook_yields_comments_replies_and_live_comments(imported):
    result = imported(instagram.parse, "instagram_webhook_comments.json")
    top, reply = result.comments["17951234567890101"], result.comments["17951234567890102"]
    assert top.author == Author(external_id="17841400000000201", username="maya.puspita")
    assert (top.parent_external_id, top.post_external_id) == (None, "18034567890123457")
    assert top.created_at == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)  # the entry's time: the value has none
    assert (reply.parent_external_id, reply.post_external_id) == ("17951234567890101", "18034567890123457")
    assert result.comments["17951234567890103"].text == "suaranya putus putus min"  # a live comment


def test_webhook_changes_that_are_no_comment_are_reported(imported):
    assert imported(instagram.parse, "instagram_webhook_comments.json").bad == [
        BadRecord("entry[0].changes[3]", "webhook change is not a new comment (field=mentions)"),
        BadRecord("entry[0].changes[4].value", "text is empty", "17951234567890105"),
        BadRecord("entry[1]", "webhook entry has no 'changes' list (not a comment event)"),
    ]


def test_a_single_comment_object_with_its_media_link():
    link = "https://www.instagram.com/p/C1a/"
    document = {"id": "1795", "text": "mantap", "media": {"id": "1803", "permalink": link},
                "replies": {"data": [{"id": "1796", "text": "@a setuju"}]}}
    top, reply = instagram.parse_document(document, "test")
    assert (top.external_id, top.post_external_id, top.post_permalink) == ("1795", "1803", link)
    assert top.permalink == link  # Instagram has no link to a comment itself
    assert (reply.parent_external_id, reply.post_external_id, reply.post_permalink) == ("1795", "1803", link)


def test_an_ids_map_reports_a_value_that_is_no_comment():
    document = {"1795": {"id": "1795", "text": "satu"}, "1796": {"id": "1796"}}
    comment, bad = instagram.parse_document(document, "test")
    assert comment.text == "satu"
    assert bad == BadRecord('["1796"]', "text is empty", "1796")


@pytest.mark.parametrize("document", [
    {}, {"id": "1795"}, {"1795": {"id": "1796", "text": "x"}}, {"object": "page", "entry": []}, "teks"])
def test_an_object_of_no_known_shape_is_refused_naming_its_origin(document):
    with pytest.raises(InputFileError, match="webhook is not an Instagram comments export"):
        instagram.parse_document(document, "webhook")
