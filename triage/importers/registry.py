"""Which parser reads a file: the platform's API parser for `.json`, the `triage score` format for
`.csv` and `.jsonl` whatever the platform. `parse_document` reads an already decoded API response
or webhook body the same way a `.json` file is read."""

from collections.abc import Callable, Iterator
from pathlib import Path

from triage.errors import InputFileError
from triage.importers import csv_format, facebook, instagram, x, youtube
from triage.importers.base import BadRecord, ImportedComment

PLATFORMS = ("instagram", "x", "facebook", "youtube", "tiktok")
Results = Iterator[ImportedComment | BadRecord]
API_PARSERS: dict[str, Callable[[Path], Results]] = {
    "instagram": instagram.parse, "x": x.parse, "facebook": facebook.parse, "youtube": youtube.parse}
DOCUMENT_PARSERS: dict[str, Callable[[object, str], Results]] = {
    "instagram": instagram.parse_document, "x": x.parse_document, "facebook": facebook.parse_document,
    "youtube": youtube.parse_document}
TABLE_SUFFIXES = (".csv", *csv_format.JSONL_SUFFIXES)


def parse_document(document: object, platform: str, origin: str) -> Results:
    """The comments and bad records of a decoded JSON value (a webhook body, a connector's
    response); `origin` names it in messages. Raises InputFileError at once for a platform we
    cannot read or a document of no shape we know."""
    return _api_parser(_known_platform(platform), DOCUMENT_PARSERS)(document, origin)


def parse_file(path: Path, platform: str) -> Results:
    """The comments and bad records of `path`; raises InputFileError at once for a platform or file
    type we cannot read."""
    platform = _known_platform(platform)
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return csv_format.parse(path, platform)
    if suffix == ".json":
        return _api_parser(platform, API_PARSERS)(path)
    raise InputFileError(f"{path}: cannot import '{suffix or 'no extension'}' files; "
                         "use .json (the platform's API response), .csv or .jsonl")


def _known_platform(platform: str) -> str:
    name = platform.strip().lower()
    if name not in PLATFORMS:
        raise InputFileError(f"unknown platform '{platform}'; choose one of {', '.join(PLATFORMS)}")
    return name


def _api_parser(platform: str, parsers: dict[str, Callable[..., Results]]) -> Callable[..., Results]:
    if platform not in parsers:
        raise InputFileError(f"{platform} has no API export we can read; "
                             "save its comments as CSV (columns id,text) and import that")
    return parsers[platform]
