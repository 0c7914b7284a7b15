"""Which parser reads a file: the platform's API parser for `.json`, the `triage score` format for
`.csv` and `.jsonl` whatever the platform."""

from collections.abc import Callable, Iterator
from pathlib import Path

from triage.errors import InputFileError
from triage.importers import csv_format, facebook, instagram, x, youtube
from triage.importers.base import BadRecord, ImportedComment

PLATFORMS = ("instagram", "x", "facebook", "youtube", "tiktok")
API_PARSERS: dict[str, Callable[[Path], Iterator[ImportedComment | BadRecord]]] = {
    "instagram": instagram.parse, "x": x.parse, "facebook": facebook.parse, "youtube": youtube.parse}
TABLE_SUFFIXES = (".csv", *csv_format.JSONL_SUFFIXES)


def parse_file(path: Path, platform: str) -> Iterator[ImportedComment | BadRecord]:
    """The comments and bad records of `path`; raises InputFileError at once for a platform or file
    type we cannot read."""
    platform = _known_platform(platform)
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return csv_format.parse(path, platform)
    if suffix == ".json":
        return _api_parser(platform)(path)
    raise InputFileError(f"{path}: cannot import '{suffix or 'no extension'}' files; "
                         "use .json (the platform's API response), .csv or .jsonl")


def _known_platform(platform: str) -> str:
    name = platform.strip().lower()
    if name not in PLATFORMS:
        raise InputFileError(f"unknown platform '{platform}'; choose one of {', '.join(PLATFORMS)}")
    return name


def _api_parser(platform: str) -> Callable[[Path], Iterator[ImportedComment | BadRecord]]:
    if platform not in API_PARSERS:
        raise InputFileError(f"{platform} has no API export we can read; "
                             "save its comments as CSV (columns id,text) and import that")
    return API_PARSERS[platform]
