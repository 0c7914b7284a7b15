from datetime import UTC, datetime

import pytest

from tests.triage.importers.conftest import FIXTURES
from triage.importers import facebook
from triage.importers.base import Author, BadRecord, ImportedComment
from triage.importers.facebook_links import LinkedIds, ids_from_permalink

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


def test_a_sticker_or_photo_without_text_is_kept_with_its_kind(imported):
    comments = imported(facebook.parse, "facebook_attachments.json").comments
    sticker = comments["870000000000002_1300000000000001"]
    photo = comments["870000000000002_1300000000000002"]
    assert (sticker.text, sticker.attachment, sticker.author.display_name) == ("", "sticker", "Yuni Kartika")
    assert sticker.post_external_id == "104500000000002_870000000000002"  # from its permalink
    assert (photo.text, photo.attachment, photo.like_count) == ("", "photo", 4)


def test_an_attachment_beside_text_is_named_in_the_desks_words(imported):
    gif = imported(facebook.parse, "facebook_attachments.json").comments["870000000000002_1300000000000003"]
    assert (gif.text, gif.attachment) == ("antrean kunjungan hari ini kayak gini min 😩", "gif")


def test_neither_text_nor_attachment_is_still_a_bad_record(imported):
    result = imported(facebook.parse, "facebook_attachments.json")
    assert result.bad == [BadRecord("data[3]", "text is empty", "870000000000002_1300000000000004")]


def test_an_attachment_without_a_readable_type_is_other(imported):
    comments = imported(facebook.parse, "facebook_attachments.json").comments
    assert comments["870000000000002_1300000000000005"].attachment == "attachment"  # no type at all
    assert comments["870000000000002_1300000000000006"].attachment == "attachment"  # markup, never shown


WEBHOOK_POST = "104500000000002_870000000000002"


def test_a_page_webhook_yields_its_new_comments():
    comments: dict[str, ImportedComment] = {}
    for result in facebook.parse(FIXTURES / "facebook_webhook_feed.json"):
        if isinstance(result, ImportedComment):
            comments.setdefault(result.external_id, result)  # the edit comes later in this delivery
    assert len(comments) == 3
    top = comments["870000000000002_1400000000000001"]
    assert top.text == "min, syarat kunjungan sekarang wajib daftar online ya?"
    assert (top.parent_external_id, top.post_external_id) == (None, WEBHOOK_POST)  # parent_id == post_id
    assert top.created_at == datetime(2026, 11, 21, 8, 59, 50, tzinfo=UTC)  # unix seconds 1795251590
    assert top.author == Author(external_id="7100000000000031", display_name="Sri Handayani")
    assert top.post_permalink == "https://www.facebook.com/104500000000002/posts/870000000000002"
    reply = comments["870000000000002_1400000000000002"]
    assert reply.parent_external_id == "870000000000002_1400000000000001"
    assert reply.post_external_id == WEBHOOK_POST
    photo = comments["870000000000002_1400000000000003"]
    assert (photo.text, photo.attachment) == ("", "photo")


def test_webhook_changes_that_are_no_new_comment_are_reported(imported):
    result = list(facebook.parse(FIXTURES / "facebook_webhook_feed.json"))
    assert [r for r in result if isinstance(r, BadRecord)] == [
        BadRecord("entry[0].changes[4]", "webhook change is not a new comment (item=reaction, verb=add)"),
        BadRecord("entry[0].changes[5]", "webhook change is not a new comment (item=comment, verb=remove)",
                  "870000000000002_1400000000000004"),
        BadRecord("entry[1].changes[0]", "webhook change is not a new comment (item=status, verb=add)"),
        BadRecord("entry[1].changes[1]", "webhook change is not a new comment (field=mention)"),
    ]
    edited = [r for r in result if isinstance(r, ImportedComment) and r.text.endswith("makasih")]
    assert [r.external_id for r in edited] == ["870000000000002_1400000000000001"]  # an edit is a comment


def test_a_webhook_body_is_read_as_decoded_json():
    value = {"item": "comment", "verb": "add", "comment_id": "5_6", "post_id": "1_5", "parent_id": "1_5",
             "message": "halo", "created_time": "2026-11-21T09:00:00+0000"}
    body = {"object": "page", "entry": [{"id": "1", "time": 1795251600,
                                         "changes": [{"field": "feed", "value": value}]}]}
    [comment] = facebook.parse_document(body, "webhook")
    assert (comment.external_id, comment.post_external_id, comment.text) == ("5_6", "1_5", "halo")
    assert comment.created_at == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)  # an ISO time is read too


def test_a_single_comment_object_and_an_ids_map():
    single = {"id": "5_6", "message": "siap", "permalink_url": "javascript:alert(1)"}
    [comment] = facebook.parse_document(single, "test")
    assert (comment.external_id, comment.permalink, comment.post_external_id) == ("5_6", None, None)
    ids_map = {"5_6": {"id": "5_6", "message": "satu"}, "5_7": {"id": "5_7", "message": "dua"}, "5_8": {}}
    first, second, bad = facebook.parse_document(ids_map, "test")
    assert [(first.external_id, first.text), (second.external_id, second.text)] == [
        ("5_6", "satu"), ("5_7", "dua")]
    assert bad == BadRecord('["5_8"]', "comment has no id")


def test_a_permalink_that_disagrees_with_the_id_is_not_trusted():
    record = {"id": "5_6", "message": "halo",
              "permalink_url": "https://www.facebook.com/1/posts/9/?comment_id=8&reply_comment_id=7"}
    [comment] = facebook.parse_document({"data": [record]}, "test")
    assert (comment.external_id, comment.parent_external_id, comment.post_external_id) == ("5_6", None, None)
    assert comment.permalink == record["permalink_url"]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.facebook.com/19292868552/posts/10158407654328553/?comment_id=10158407835073553",
     LinkedIds("10158407654328553_10158407835073553", None, "19292868552_10158407654328553")),
    ("https://www.facebook.com/1929/posts/1015/?comment_id=20&reply_comment_id=21",
     LinkedIds("1015_21", "1015_20", "1929_1015")),
    ("https://www.facebook.com/ditjenpas/posts/1015/?comment_id=20", LinkedIds("1015_20", None, None)),
    ("https://www.facebook.com/facebook/photos/a.101/1015/?type=3&comment_id=20",
     LinkedIds("1015_20", None, "1015")),
    ("https://m.facebook.com/permalink.php?story_fbid=1015&id=1929&comment_id=20",
     LinkedIds("1015_20", None, "1929_1015")),
    ("https://www.facebook.com/photo.php?fbid=1015&set=a.1&comment_id=20",
     LinkedIds("1015_20", None, "1015")),
])
def test_graph_ids_are_read_from_a_permalink(url, expected):
    assert ids_from_permalink(url) == expected


@pytest.mark.parametrize("url", [
    None, 7, "", "https://www.facebook.com/1929/posts/1015/",  # no comment_id
    "https://www.facebook.com/1929/posts/1015/?comment_id=abc",
    "https://evil.example/1929/posts/1015/?comment_id=20", "https://facebook.com.evil.example/1/posts/2/?comment_id=3",
    "https://www.facebook.com/1929/posts/1015/?comment_id=20&comment_id=21",
    "https://www.facebook.com/groups/1/?comment_id=20", "http://[::1/posts",
])
def test_other_links_give_no_ids(url):
    assert ids_from_permalink(url) is None
