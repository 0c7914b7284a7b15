"""What every API parser does with a file it cannot read as a whole, and with records of odd shape."""

import json

import pytest

from triage.errors import InputFileError
from triage.importers import facebook, instagram, x, youtube
from triage.importers.base import BadRecord, ImportedComment

PARSERS = {
    "instagram_comments.json": instagram.parse, "x_replies.json": x.parse,
    "facebook_comments.json": facebook.parse, "youtube_comment_threads.json": youtube.parse,
}
by_fixture = pytest.mark.parametrize("name", sorted(PARSERS))


@by_fixture
def test_truncated_json_is_refused(fixtures_dir, tmp_path, name):
    path = tmp_path / name
    text = (fixtures_dir / name).read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(InputFileError, match="not valid JSON"):
        list(PARSERS[name](path))


@by_fixture
@pytest.mark.parametrize("document", ['"komentar"', '{"comments": []}', '{"data": {"id": "1"}}', "null"])
def test_the_wrong_top_level_shape_is_refused(tmp_path, name, document):
    path = tmp_path / name
    path.write_text(document, encoding="utf-8")
    with pytest.raises(InputFileError, match="expected a JSON object"):
        list(PARSERS[name](path))


@by_fixture
def test_latin1_json_is_read_not_refused(tmp_path, name):
    path = tmp_path / name
    path.write_bytes('{"data": [], "items": [], "note": "café"}'.encode("latin-1"))
    assert list(PARSERS[name](path)) == []


@by_fixture
def test_a_missing_file_is_refused(tmp_path, name):
    with pytest.raises(InputFileError, match="does not exist"):
        list(PARSERS[name](tmp_path / name))


@by_fixture
def test_a_byte_order_mark_is_accepted(fixtures_dir, tmp_path, name):
    path = tmp_path / name
    path.write_text((fixtures_dir / name).read_text(encoding="utf-8"), encoding="utf-8-sig")
    assert any(isinstance(result, ImportedComment) for result in PARSERS[name](path))


@pytest.mark.parametrize("name", ["instagram_comments.json", "facebook_comments.json", "youtube.json"])
def test_a_saved_graph_or_youtube_error_is_refused_with_its_message(tmp_path, name):
    path = tmp_path / name
    path.write_text(json.dumps({"error": {"message": "Invalid OAuth access token.", "code": 190}}))
    parse = PARSERS.get(name, youtube.parse)
    with pytest.raises(InputFileError, match="Invalid OAuth access token"):
        list(parse(path))


ODD_VALUES = [None, "teks", 7, 1.5, True, [], [1, "a"], {}, {"x": {"y": []}}]


def odd_records() -> list:
    """Records where every field any parser reads holds a value of the wrong kind."""
    keys = ["id", "text", "message", "timestamp", "created_time", "created_at", "username", "from", "media",
            "parent", "parent_id", "like_count", "hidden", "is_hidden", "replies", "comments", "object",
            "author_id", "conversation_id", "public_metrics", "referenced_tweets", "note_tweet", "snippet"]
    return [{key: value for key in keys} for value in ODD_VALUES] + ODD_VALUES


@by_fixture
def test_records_of_any_shape_become_bad_records_not_exceptions(tmp_path, name):
    path = tmp_path / name
    records = odd_records()
    path.write_text(json.dumps({"data": records, "items": records,
                                "includes": {"users": records + [{"id": "7", "public_metrics": []}]}}))
    results = list(PARSERS[name](path))
    assert results and all(isinstance(result, BadRecord | ImportedComment) for result in results)
    assert all(isinstance(result.reason, str) for result in results if isinstance(result, BadRecord))


@by_fixture
def test_a_record_that_is_not_an_object_says_so(tmp_path, name):
    path = tmp_path / name
    path.write_text(json.dumps({"data": [None, "hadir"], "items": [None, "hadir"]}))
    assert [result.reason for result in PARSERS[name](path)] == [
        "record is null, not a comment object", "record is a string, not a comment object"]


@by_fixture
def test_absurd_nesting_is_refused_not_a_crash(tmp_path, name):
    path = tmp_path / name
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputFileError, match="nested too deeply"):
        list(PARSERS[name](path))
