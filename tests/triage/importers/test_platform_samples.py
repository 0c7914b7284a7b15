"""Every real recorded API response in tests/fixtures/platform-samples imports, with its threads.

The expected counts were taken by reading each file (its comments and nested replies), not from
what the parsers print; the README there names each file's source.
"""

from pathlib import Path

import pytest

from tests.triage.importers.conftest import sort_out
from triage.importers.registry import parse_file

SAMPLES = Path(__file__).parents[2] / "fixtures" / "platform-samples"

# file: (comments, bad records)
EXPECTED = {
    "instagram/restfb__restfb__ig_webhook_comments_2021.json": (1, 0),
    "instagram/sns-sdks__python-facebook__ig_comment_replies.json": (1, 0),
    "instagram/sns-sdks__python-facebook__ig_comments_by_ids_fields.json": (2, 0),
    "instagram/sns-sdks__python-facebook__ig_media_comments_p1.json": (2, 0),
    "instagram/sns-sdks__python-facebook__ig_owner_media_comment_info.json": (4, 0),  # 1 + 3 replies
    "instagram/sns-sdks__python-facebook__ig_owner_media_comments.json": (6, 0),  # 3 + 3 replies
    "instagram/sns-sdks__python-facebook__ig_owner_media_comments_2.json": (4, 0),  # 2 + 2 replies
    "x/sns-sdks__python-twitter__search_tweets_query.json": (4, 0),
    "x/sns-sdks__python-twitter__tweets_by_ids_with_users.json": (2, 0),
    "x/tweepy__tweepy__get_tweets_by_ids.json": (2, 0),
    "x/tweepy__tweepy__get_users_mentions.json": (10, 0),
    "x/tweepy__tweepy__search_recent_tweets.json": (10, 0),
    "facebook/sns-sdks__python-facebook__fb_comment_object_full.json": (1, 0),
    "facebook/sns-sdks__python-facebook__fb_comments_by_parent_p1.json": (5, 0),
    "facebook/sns-sdks__python-facebook__fb_comments_by_parent_p2.json": (2, 0),
    "facebook/sns-sdks__python-facebook__fb_photo_comments_2019.json": (5, 0),
    "facebook/sns-sdks__python-facebook__fb_photo_comments_2019_next.json": (5, 0),
    "facebook/sns-sdks__python-facebook__fb_post_comments_p1.json": (10, 0),  # 4 of them replies
    "facebook/sns-sdks__python-facebook__fb_post_comments_p2.json": (5, 0),  # 1 of them a reply
    "youtube/sns-sdks__python-youtube__comment_threads_all_to_channel_with_replies.json": (21, 0),  # 20 + 1
    "youtube/sns-sdks__python-youtube__comment_threads_all_to_me.json": (4, 0),
    "youtube/sns-sdks__python-youtube__comment_threads_by_video_paged_1.json": (5, 0),
    "youtube/sns-sdks__python-youtube__comment_threads_by_video_with_replies.json": (6, 0),  # 5 + 1
    "youtube/sns-sdks__python-youtube__comments_by_parent_paged_1.json": (2, 0),
    "youtube/sns-sdks__python-youtube__comments_multi.json": (2, 0),
}


def sample(name: str):
    return sort_out(parse_file(SAMPLES / name, name.split("/")[0]))


def test_every_sample_is_listed():
    assert sorted(str(path.relative_to(SAMPLES)) for path in SAMPLES.glob("*/*.json")) == sorted(EXPECTED)


def test_the_samples_are_the_shared_ones_unchanged():
    # The README names each file's source; a re-saved or re-indented copy would no longer be that file.
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in EXPECTED)
    shared = Path(__file__).parents[4] / "shared" / "platform-samples"
    if not shared.is_dir():
        pytest.skip("the shared platform-samples folder is not beside this checkout")
    assert [name for name in EXPECTED if (SAMPLES / name).read_bytes() != (shared / name).read_bytes()] == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_sample_imports_with_the_counts_read_from_it(name):
    result = sample(name)  # a whole-file error would raise here
    assert (len(result.comments), len(result.bad)) == EXPECTED[name]
    assert all(comment.platform == name.split("/")[0] for comment in result.comments.values())
    assert all(comment.text.strip() for comment in result.comments.values())  # no sample is text-less


def test_instagram_page_with_nested_replies():
    comments = sample("instagram/sns-sdks__python-facebook__ig_owner_media_comments.json").comments
    assert list(comments)[2:6] == ["17984127178281340", "18107567341036926", "17846106427692294",
                                   "18025866040229880"]  # each comment followed by its replies
    reply = comments["18107567341036926"]
    assert reply.parent_external_id == "17984127178281340"
    assert reply.post_external_id == comments["17984127178281340"].post_external_id == "17955956875141196"
    assert comments["18078575905189841"].parent_external_id is None


def test_instagram_single_comment_with_its_replies():
    comments = sample("instagram/sns-sdks__python-facebook__ig_owner_media_comment_info.json").comments
    top = comments["17984127178281340"]
    assert (top.parent_external_id, top.post_external_id, top.author.username) == (
        None, "17955956875141196", "yjmjump")
    for reply in ("18107567341036926", "17846106427692294", "18025866040229880"):
        assert comments[reply].parent_external_id == top.external_id
        assert comments[reply].post_external_id == "17955956875141196"
    assert comments["18107567341036926"].author.external_id == "17841406338772941"  # from `user`


def test_instagram_ids_map():
    comments = sample("instagram/sns-sdks__python-facebook__ig_comments_by_ids_fields.json").comments
    assert list(comments) == ["17892250648466172", "17858154961981086"]
    assert comments["17892250648466172"].text == "@ikroskun  Hey, guys"  # the double space kept
    assert comments["17858154961981086"].author.username == "lixiangguodu123"


def test_instagram_webhook():
    comment = sample("instagram/restfb__restfb__ig_webhook_comments_2021.json").comments["123456789"]
    assert (comment.text, comment.parent_external_id, comment.post_external_id) == (
        "This is an example.", "987654321", "76543987")
    assert (comment.author.external_id, comment.author.username) == ("1234536447", "testuser")
    assert comment.created_at.isoformat() == "2018-02-23T15:21:47+00:00"  # the entry's time, 1519399307


def test_x_replies_name_the_post_they_answer():
    comments = sample("x/sns-sdks__python-twitter__search_tweets_query.json").comments
    assert comments["1276035977375477760"].parent_external_id == "1275653067283759104"
    assert comments["1275653067283759104"].parent_external_id == "1274086728471461889"
    assert comments["1276035977375477760"].permalink == "https://x.com/i/web/status/1276035977375477760"


def test_facebook_single_comment_with_a_photo():
    comment = sample("facebook/sns-sdks__python-facebook__fb_comment_object_full.json").comments[
        "2954961744718970_2966313500250461"]
    assert (comment.text, comment.attachment, comment.parent_external_id) == ("My Nice Car ", "photo", None)
    assert comment.post_external_id == "2121008874780932_2954961744718970"  # read from its permalink
    assert comment.permalink == ("https://www.facebook.com/2121008874780932/posts/2954961744718970/"
                                 "?comment_id=2966313500250461")
    assert (comment.author.display_name, comment.hidden) == ("Kun Liu", False)


def test_facebook_comments_without_id_get_their_graph_ids_from_the_permalink():
    comments = sample("facebook/sns-sdks__python-facebook__fb_post_comments_p1.json").comments
    post = "19292868552_10158407654328553"
    top = comments["10158407654328553_10158407903973553"]
    assert (top.parent_external_id, top.post_external_id) == (None, post)
    assert top.text.startswith("Can someone from Instagram")
    replies = [c for c in comments.values() if c.parent_external_id]
    assert [(r.external_id, r.parent_external_id) for r in replies] == [
        ("10158407654328553_10158409983033553", "10158407654328553_10158407903973553"),
        ("10158407654328553_10158409984053553", "10158407654328553_10158407903973553"),
        ("10158407654328553_10158409984103553", "10158407654328553_10158407835073553"),
        ("10158407654328553_10158411321043553", "10158407654328553_10158410332078553"),
    ]
    assert {c.post_external_id for c in comments.values()} == {post}
    assert all(r.parent_external_id in comments for r in replies)  # the parents are on this page


def test_facebook_photo_comments_hang_under_the_photo():
    comments = sample("facebook/sns-sdks__python-facebook__fb_photo_comments_2019.json").comments
    assert {c.post_external_id for c in comments.values()} == {"10158658755326729"}
    assert all(c.author is None for c in comments.values())  # `from` withheld by Facebook


def test_youtube_thread_replies():
    comments = sample("youtube/sns-sdks__python-youtube__comment_threads_by_video_with_replies.json").comments
    reply = comments["UgydxWWoeA7F1OdqypJ4AaABAg.8wWQ3tdHcFx8xcDheui-qb"]
    assert (reply.parent_external_id, reply.post_external_id) == ("UgydxWWoeA7F1OdqypJ4AaABAg", "D-lhorsDlUQ")
    assert reply.permalink == ("https://www.youtube.com/watch?v=D-lhorsDlUQ"
                               "&lc=UgydxWWoeA7F1OdqypJ4AaABAg.8wWQ3tdHcFx8xcDheui-qb")


def test_youtube_comments_list_of_replies_by_parent():
    comments = sample("youtube/sns-sdks__python-youtube__comments_by_parent_paged_1.json").comments
    assert list(comments) == ["Ugw5zYU6n9pmIgAZWvN4AaABAg.91zT3cYb5B291za6voUoRh",
                              "Ugw5zYU6n9pmIgAZWvN4AaABAg.91zT3cYb5B291za5eJxzs1"]
    for reply in comments.values():
        assert reply.parent_external_id == "Ugw5zYU6n9pmIgAZWvN4AaABAg"
        assert (reply.post_external_id, reply.permalink) == (None, None)  # comments.list gives no videoId
    assert comments["Ugw5zYU6n9pmIgAZWvN4AaABAg.91zT3cYb5B291za6voUoRh"].text == "this is the third reply!"


def test_youtube_comments_list_by_id():
    comments = sample("youtube/sns-sdks__python-youtube__comments_multi.json").comments
    assert [(c.external_id, c.text, c.parent_external_id) for c in comments.values()] == [
        ("UgyUBI0HsgL9emxcZpR4AaABAg", "Hello", None),
        ("Ugzi3lkqDPfIOirGFLh4AaABAg", "exceptional content!", None)]
    assert comments["UgyUBI0HsgL9emxcZpR4AaABAg"].author.external_id == "UCTWlvHQQXUs-4IVfdnGOUbw"
