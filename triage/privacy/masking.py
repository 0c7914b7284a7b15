"""Personal data outside the database (UU 27/2022 PDP): masking what the guard finds in text that
leaves the desk (exports, logs, training corrections, API answers), scrubbing a person's words
from free text and from the training corrections file.

The database side (retention, a person's holdings, erasure, the access log) is
`triage.store.privacy`."""

import csv
import logging
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from triage.privacy import personal_data

ERASED = "[dihapus]"  # what stands where erased text was
# A username is scrubbed from free text when written as a mention ("@budi"), or as a bare word
# when it is long enough not to be an ordinary word's part.
BARE_USERNAME_MIN = 5
logger = logging.getLogger("triage.privacy.masking")


def mask(text: str | None) -> str | None:
    """`text` with what the personal-data guard finds replaced by its kind ("[phone number]")."""
    return personal_data.redact(text) if text else text


def mask_cell(value: object) -> object:
    return mask(value) if isinstance(value, str) else value


def masked_result(result: dict) -> dict:
    """A scoring answer (reply draft and reasons, which may quote the comment) masked."""
    return {**result, "reply_draft": mask(result["reply_draft"]),
            "reasons": [mask(reason) for reason in result["reasons"]]}


def scrub(text: str | None, secrets: Iterable[str], usernames: Iterable[str] = (),
          bare_names: bool = True) -> str | None:
    """`text` with each of `secrets` (whole texts a person wrote) and `usernames` removed, then
    masked. None stays None. A username is removed as a mention ("@budi"), and where written
    without its "@" when long enough; with `bare_names` False, only when it also cannot be an
    ordinary word (it holds a digit, "_" or "."), as in others' comments."""
    if not text:
        return text
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = _without(text, secret)
    for name in {u for u in usernames if u}:
        if name.lower() in text.lower():
            text = _username_pattern(name, bare_names).sub(ERASED, text)
    return mask(text)


def _without(text: str, secret: str) -> str:
    """`text` with `secret` replaced in any case. A string search, not a regex: retention scrubs
    each reply of its own comment's text, and compiling one regex per comment was slow."""
    lowered, needle = text.lower(), secret.lower()
    if needle not in lowered:
        return text
    if len(lowered) != len(text):  # a letter that lower-cases to two: positions would not match
        return re.sub(re.escape(secret), ERASED, text, flags=re.IGNORECASE)
    parts, position = [], 0
    while (found := lowered.find(needle, position)) >= 0:
        parts += [text[position:found], ERASED]
        position = found + len(needle)
    return "".join(parts) + text[position:]


def looks_like_a_handle(name: str) -> bool:
    """A username no ordinary word could be ("warga_77", "budi.s"), safe to erase without its "@"."""
    return len(name) >= BARE_USERNAME_MIN and any(c.isdigit() or c in "._" for c in name)


@lru_cache(maxsize=4096)
def _username_pattern(name: str, bare: bool = True) -> re.Pattern[str]:
    mention = rf"@{re.escape(name)}(?![\w.])"
    if len(name) < BARE_USERNAME_MIN or not (bare or looks_like_a_handle(name)):
        return re.compile(mention, re.IGNORECASE)
    return re.compile(rf"{mention}|(?<![\w@.]){re.escape(name)}(?!\w)", re.IGNORECASE)


def holds(text: str | None, secrets: Iterable[str], usernames: Iterable[str] = ()) -> bool:
    return bool(text) and scrub(text, secrets, usernames) != mask(text)


class MaskingLogFilter(logging.Filter):
    """Masks personal data in log messages (a comment quoted in an error must not land in a log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def mask_logs(*names: str) -> None:
    """Add the masking filter to the handlers of the root logger and to the named loggers."""
    for name in ("", *names):
        target = logging.getLogger(name)
        if not any(isinstance(f, MaskingLogFilter) for f in target.filters):
            target.addFilter(MaskingLogFilter())
        for handler in target.handlers:
            if not any(isinstance(f, MaskingLogFilter) for f in handler.filters):
                handler.addFilter(MaskingLogFilter())


CORRECTIONS_FIELDS = ["text", "label", "source", "source_label"]


def scrub_corrections(path: Path, secrets: Iterable[str], usernames: Iterable[str] = ()) -> int:
    """Drop from the training corrections file at `path` the rows holding any of `secrets` or
    `usernames` (rewritten beside it, then renamed). The number of rows dropped."""
    if not path.is_file():
        return 0
    secrets, usernames = {m for s in secrets for m in (s, mask(s))}, list(usernames)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or CORRECTIONS_FIELDS
        rows = list(reader)
    kept = [row for row in rows if not any(holds(value, secrets, usernames) for value in row.values())]
    if len(kept) == len(rows):
        return 0
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(kept)
    os.replace(partial, path)
    return len(rows) - len(kept)
