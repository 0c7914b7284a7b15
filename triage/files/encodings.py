"""Opening text files that people export from many tools: UTF-8 with or without a BOM, UTF-16
and UTF-32 with a BOM (Excel's "Unicode text"), and, when the bytes are not UTF-8 at all, the
Windows-1252 code page (a superset of latin-1) that older tools still write.

Undecodable bytes never stop a run: they are kept as lone surrogates, so the one row that
holds them can be reported and skipped (see `broken_text`) while every good row is kept.
"""

import codecs
from pathlib import Path
from typing import TextIO

SNIFF_BYTES = 1 << 20
FALLBACK = "cp1252"
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def sniff_encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return FALLBACK
    return "utf-8"


def open_text(path: Path) -> tuple[TextIO, str]:
    """An open text handle (universal newlines: \\n, \\r\\n and \\r all end a line) and the
    encoding it reads."""
    encoding = sniff_encoding(path)
    return path.open(encoding=encoding, errors="surrogateescape", newline=""), encoding


def broken_text(value: object) -> bool:
    """True when a string holds bytes that were not valid in the file's encoding."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
