import json
import shutil

import pytest

from triage.errors import InputFileError
from triage.importers.registry import PLATFORMS, parse_document, parse_file

API_FIXTURES = {
    "instagram": "instagram_comments.json", "x": "x_replies.json",
    "facebook": "facebook_comments.json", "youtube": "youtube_comment_threads.json",
}


def platforms_of(results) -> set[str]:
    return {result.platform for result in results if hasattr(result, "platform")}


@pytest.mark.parametrize("platform", sorted(API_FIXTURES))
def test_json_goes_to_the_platform_api_parser(fixtures_dir, platform):
    assert platforms_of(parse_file(fixtures_dir / API_FIXTURES[platform], platform)) == {platform}


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("name", ["comments.csv", "comments.jsonl"])
def test_csv_and_jsonl_are_read_for_any_platform(fixtures_dir, platform, name):
    assert platform in platforms_of(parse_file(fixtures_dir / name, platform))  # rows without their own


def test_platform_and_extension_ignore_case(fixtures_dir, tmp_path):
    path = shutil.copy(fixtures_dir / "x_replies.json", tmp_path / "REPLIES.JSON")
    assert platforms_of(parse_file(path, " X ")) == {"x"}


def test_tiktok_json_is_refused_with_a_pointer_to_csv(fixtures_dir):
    with pytest.raises(InputFileError, match="CSV"):
        parse_file(fixtures_dir / "instagram_comments.json", "tiktok")


def test_an_unknown_platform_is_refused_at_once(fixtures_dir):
    with pytest.raises(InputFileError, match="unknown platform 'threads'"):
        parse_file(fixtures_dir / "comments.csv", "threads")


@pytest.mark.parametrize("name", ["comments.xlsx", "comments"])
def test_an_unknown_extension_is_refused_at_once(tmp_path, name):
    with pytest.raises(InputFileError, match="cannot import"):
        parse_file(tmp_path / name, "instagram")


SAMPLE_BODIES = {
    "instagram": {"object": "instagram", "entry": [{"id": "1", "time": 1795251600, "changes": [
        {"field": "comments", "value": {"id": "17951", "text": "halo min", "media": {"id": "1803"}}}]}]},
    "facebook": {"data": [{"id": "5_6", "message": "halo min"}]},
    "youtube": {"kind": "youtube#comment", "id": "Ugx1", "snippet": {"textOriginal": "halo min"}},
    "x": {"data": [{"id": "1845", "text": "halo min"}]},
}


@pytest.mark.parametrize("platform", sorted(SAMPLE_BODIES))
def test_a_decoded_document_is_read_like_its_file(platform, tmp_path):
    path = tmp_path / "body.json"
    path.write_text(json.dumps(SAMPLE_BODIES[platform]))
    from_document = list(parse_document(SAMPLE_BODIES[platform], platform.upper(), "webhook"))
    assert [comment.text for comment in from_document] == ["halo min"]
    assert from_document == list(parse_file(path, platform))


@pytest.mark.parametrize("platform", sorted(SAMPLE_BODIES))
def test_a_document_of_no_known_shape_is_refused_at_once_naming_its_origin(platform):
    with pytest.raises(InputFileError, match="^webhook is not"):
        parse_document({"hello": "world"}, platform, "webhook")


def test_a_saved_error_is_refused_with_the_apis_message():
    with pytest.raises(InputFileError, match="webhook holds an error response from the API.*expired"):
        parse_document({"error": {"message": "Session has expired", "code": 190}}, "facebook", "webhook")


def test_documents_for_tiktok_or_an_unknown_platform_are_refused():
    with pytest.raises(InputFileError, match="CSV"):
        parse_document({"data": []}, "tiktok", "webhook")
    with pytest.raises(InputFileError, match="unknown platform"):
        parse_document({"data": []}, "threads", "webhook")
