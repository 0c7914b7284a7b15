import shutil

import pytest

from triage.errors import InputFileError
from triage.importers.registry import PLATFORMS, parse_file

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
