import json
from datetime import UTC, datetime

import pytest

from triage.errors import InputFileError
from triage.importers import youtube
from triage.importers.base import Author, BadRecord

VIDEO = "Xk3pLm9QaZ0"
THREAD = "UgxAbCdEf1234567890AaBbCc4AaABAg"


def test_keeps_good_comments_and_reports_bad_records(imported):
    result = imported(youtube.parse, "youtube_comment_threads.json")
    assert len(result.comments) == 5
    assert result.bad == [
        BadRecord("items[2].replies.comments[0]", "comment has no id"),
        BadRecord("items[3].snippet.topLevelComment", "text is empty", "UgwNoTextAtAll000000000004AaABAg"),
        BadRecord("items[4].snippet", "thread has no topLevelComment", "UgxNoTopLevel0000000000004AaABAg"),
    ]


def test_maps_a_top_level_comment_and_its_handle(imported):
    comment = imported(youtube.parse, "youtube_comment_threads.json").comments[THREAD]
    assert comment.platform == "youtube"
    assert comment.text == "min, syarat pembebasan bersyarat apa aja ya? makasih 🙏"
    assert comment.created_at == datetime(2026, 11, 20, 8, 15, 30, tzinfo=UTC)
    assert comment.author == Author(external_id="UCa1b2c3d4e5f6g7h8i9j0k1", username="sahabatwbp77",
                                    display_name="@sahabatwbp77")
    assert (comment.parent_external_id, comment.post_external_id, comment.like_count) == (None, VIDEO, 7)


def test_replies_follow_their_thread(imported):
    comments = imported(youtube.parse, "youtube_comment_threads.json").comments
    replies = [f"{THREAD}.9ZyXwVuTsRq", f"{THREAD}.9ZyXwVuTsRr"]
    assert list(comments)[:3] == [THREAD, *replies]
    for reply in replies:
        assert (comments[reply].parent_external_id, comments[reply].post_external_id) == (THREAD, VIDEO)


def test_a_reply_without_text_original_uses_text_display(imported):
    comment = imported(youtube.parse, "youtube_comment_threads.json").comments[f"{THREAD}.9ZyXwVuTsRr"]
    assert comment.text == "setau saya harus udah jalanin 2/3 masa pidana kak"
    assert comment.author == Author(external_id="UCrudihartono0000000000", display_name="Rudi Hartono")


def test_injection_payloads_are_kept_verbatim(imported):
    comments = imported(youtube.parse, "youtube_injection.json").comments
    top = comments["UgxInjection00000000000004AaABAg"]
    reply = comments["UgxInjection00000000000004AaABAg.Xss2"]
    assert top.text == "<img src=x onerror=alert(1)>"  # textOriginal, not the escaped textDisplay
    assert top.author.display_name == '<script>alert("nama")</script>'
    assert reply.text == '"><svg onload=alert(document.cookie)> {{ 7*7 }}'
    assert reply.author.username == "<img src=x onerror=alert(2)>"


def test_another_youtube_listing_is_refused(tmp_path):
    path = tmp_path / "comments.json"
    path.write_text(json.dumps({"kind": "youtube#videoListResponse", "items": []}))
    with pytest.raises(InputFileError, match="'youtube#videoListResponse' response, not comments"):
        list(youtube.parse(path))


def reply(comment_id: str, **snippet) -> dict:
    return {"kind": "youtube#comment", "id": comment_id,
            "snippet": {"textOriginal": "setuju min", "publishedAt": "2026-11-21T09:00:00Z", **snippet}}


def test_comments_list_replies_name_their_parent_and_video_when_given():
    document = {"kind": "youtube#commentListResponse", "items": [
        reply("Ugx1.a", parentId="Ugx1", videoId="Xk3pLm9QaZ0"), reply("Ugx1.b", parentId="Ugx1"), None]}
    with_video, without, bad = youtube.parse_document(document, "test")
    assert (with_video.parent_external_id, with_video.post_external_id) == ("Ugx1", "Xk3pLm9QaZ0")
    assert with_video.permalink == "https://www.youtube.com/watch?v=Xk3pLm9QaZ0&lc=Ugx1.a"
    assert (without.parent_external_id, without.post_external_id, without.permalink) == ("Ugx1", None, None)
    assert bad == BadRecord("items[2]", "record is null, not a comment object")


def test_a_single_comment_and_a_single_thread_are_read():
    [comment] = youtube.parse_document(reply("Ugx1.a", parentId="Ugx1"), "test")
    assert (comment.external_id, comment.parent_external_id) == ("Ugx1.a", "Ugx1")
    thread = {"kind": "youtube#commentThread", "id": "Ugx2", "snippet": {
        "videoId": VIDEO, "topLevelComment": reply("Ugx2")}, "replies": {"comments": [reply("Ugx2.a")]}}
    top, answer = youtube.parse_document(thread, "test")
    assert (top.external_id, top.post_external_id, top.parent_external_id) == ("Ugx2", VIDEO, None)
    assert (answer.post_external_id, answer.parent_external_id) == (VIDEO, "Ugx2")
    assert answer.permalink == f"https://www.youtube.com/watch?v={VIDEO}&lc=Ugx2.a"


def test_an_odd_video_id_cannot_reshape_the_link():
    [comment] = youtube.parse_document(reply("Ugx1", videoId="a&lc=evil#x"), "test")
    assert comment.permalink == "https://www.youtube.com/watch?v=a%26lc%3Devil%23x&lc=Ugx1"


def test_without_a_list_kind_each_item_says_whether_it_is_a_comment_or_a_thread():
    thread = {"kind": "youtube#commentThread",
              "snippet": {"videoId": VIDEO, "topLevelComment": reply("Ugx3")}}
    comment, top = youtube.parse_document({"items": [reply("Ugx1.a", parentId="Ugx1"), thread]}, "test")
    assert (comment.external_id, comment.parent_external_id) == ("Ugx1.a", "Ugx1")
    assert (top.external_id, top.post_external_id) == ("Ugx3", VIDEO)
