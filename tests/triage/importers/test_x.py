import json
from datetime import UTC, datetime

import pytest

from triage.errors import InputFileError
from triage.importers import x
from triage.importers.base import Author

ROOT = "1859000000000000000"


def post_id(number: int) -> str:
    return f"18591000000000000{number:02d}"


def test_keeps_good_posts_and_reports_bad_records(imported):
    result = imported(x.parse, "x_replies.json")
    assert list(result.comments) == [post_id(n) for n in (1, 2, 3, 4, 7)]
    assert [(b.position, b.external_id) for b in result.bad] == [
        ("data[4]", post_id(5)), ("data[5]", post_id(6))]
    assert result.bad[0].reason == "text is a number, not a string"
    assert result.bad[1].reason == "text is 10,400 characters, over the limit of 10,000"


def test_joins_the_author_from_includes(imported):
    comment = imported(x.parse, "x_replies.json").comments[post_id(1)]
    assert comment.platform == "x"
    assert comment.created_at == datetime(2026, 11, 20, 8, 15, 30, tzinfo=UTC)
    assert (comment.parent_external_id, comment.post_external_id, comment.like_count) == (ROOT, ROOT, 4)
    assert comment.hidden is None
    assert comment.author == Author(
        external_id="1500000000000000011", username="budi_santoso_", display_name="Budi Santoso",
        followers=312, following=420, posts=5120, has_profile_picture=True, is_private=False,
        bio="pecinta kopi | tinggal di bekasi", created_at=datetime(2019, 3, 2, 10, tzinfo=UTC),
        verified=False)


def test_a_reply_to_a_reply_points_at_that_reply(imported):
    comment = imported(x.parse, "x_replies.json").comments[post_id(2)]
    assert (comment.parent_external_id, comment.post_external_id) == (post_id(1), ROOT)


def test_default_picture_and_protected_account(imported):
    author = imported(x.parse, "x_replies.json").comments[post_id(3)].author
    assert author.has_profile_picture is False and author.is_private is True
    assert author.bio == ""  # an empty bio is known to be empty


def test_a_picture_url_the_export_did_not_ask_for_is_unknown(imported):
    author = imported(x.parse, "x_replies.json").comments[post_id(2)].author
    assert author.username == "nadiakhrn"
    assert author.has_profile_picture is None and author.bio is None


def test_an_author_missing_from_includes_is_known_by_id_only(imported):
    comment = imported(x.parse, "x_replies.json").comments[post_id(4)]
    assert comment.author == Author(external_id="1500000000000000099")
    assert comment.like_count is None


def test_a_long_post_is_read_whole_from_note_tweet(imported):
    text = imported(x.parse, "x_replies.json").comments[post_id(7)].text
    assert len(text) > 280 and text.endswith("mohon dibantu 🙏") and "t.co" not in text


def test_a_search_that_found_nothing_has_no_data_key(imported, tmp_path):
    path = tmp_path / "empty.json"
    path.write_text(json.dumps({"meta": {"result_count": 0}}))
    assert imported(x.parse, path).comments == {}


def test_a_saved_error_response_is_refused_with_its_message(tmp_path):
    path = tmp_path / "error.json"
    path.write_text(json.dumps({"title": "Unauthorized", "type": "about:blank", "status": 401,
                                "errors": [{"detail": "Unauthorized"}]}))
    with pytest.raises(InputFileError, match="error response.*Unauthorized"):
        list(x.parse(path))


def test_every_post_links_to_itself_on_x():
    [post] = x.parse_document({"data": [{"id": "1863000000000000001", "text": "min?"}]}, "connector")
    assert post.permalink == "https://x.com/i/web/status/1863000000000000001"
    assert post.post_permalink is None
