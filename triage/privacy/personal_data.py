"""The personal-data guard: find identity numbers (NIK, family card, NIP, NPWP, BPJS, passport),
bank account numbers, phone numbers, e-mail addresses, prisoner register numbers and home
addresses in comments and replies.

Used two ways: a member of the public who posts such data is moved to DM (and the comment
suggested for hiding), and a public reply that contains any of it is refused. Recall comes
first: a number that the text calls a NIK is one whatever its digits; a number that nothing
names is held to its own shape (a NIK's birth date, a phone number's prefix and length), so that
order numbers, prices, dates and counts stay out. Named numbers are found in
`triage.privacy.named_numbers`; the shapes of phones, e-mails, register numbers and addresses
here. The labelled cases are in data/eval/personal_data_cases.csv; `bench/personal_data_eval.py`
scores them and times the guard.
"""

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

from triage.privacy.named_numbers import named_numbers

KIND_NAMES = {"nik": "national id (NIK)", "kk": "family card number (KK)",
              "nip": "civil servant or officer id (NIP, NRP)",
              "other_id": "identity document number (NPWP, BPJS, passport)",
              "account": "bank account number", "phone": "phone number", "email": "e-mail address",
              "register": "prisoner register number", "address": "home address"}


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KIND_NAMES
    start: int
    end: int

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]


# Each pattern begins with a literal or a character set, which `re` skips ahead to in C; a
# look-behind that must hold before a match comes after the first character, as `_BEFORE`
# (no letter, digit or "+" before the match, nor a digit and a dot or comma: "1.059.000.000" is
# a price). A look-behind first made `re` try every position of a long text (20 ns a character,
# measured).
_BEFORE = r"(?<![\w+].)(?<!\d[.,].)"
_NON_DIGIT = re.compile(r"\D")


# --- Phone numbers by their shape: +62 / 62 / 0 then a mobile number (8xx, 9-13 digits without
# the 0) or an area code and 6-8 digits, in groups with spaces, dots or dashes (" - " too),
# "(0812)", "+62 (812)", "+62 (0)812"; a letter O for a zero in mobile numbers ("O812-3456-789O");
# or a mobile number's digits one by one ("0 8 1 2 ...").
_SEP = r"(?:\s?[.-]\s?|\s)?"
_MOBILE = rf"\(?8\d{{1,3}}\)?(?:{_SEP}[\dOo]{{2,4}}){{2,3}}(?![\dOo])"
_LANDLINE = r"(?:[2-79]\d{1,2})\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?!\d)"
_PHONE = re.compile("|".join((
    rf"\+{_BEFORE}62\)?{_SEP}(?:\(0\)|[0Oo])?{_SEP}{_MOBILE}", rf"6{_BEFORE}2\)?{_SEP}{_MOBILE}",
    rf"0{_BEFORE}{_SEP}{_MOBILE}", rf"0{_BEFORE} 8(?: \d){{7,11}}(?! ?\d)",
    rf"\+{_BEFORE}62\)?{_SEP}\(?{_LANDLINE}", rf"\({_BEFORE}0{_LANDLINE}", rf"0{_BEFORE}{_LANDLINE}")))
# Begun with a letter O: looked for only in texts that hold "o8" (an "o" is common, a "0" is not).
_PHONE_O = re.compile(rf"[Oo]{_BEFORE}{_SEP}{_MOBILE}")
_ZERO_OR_O = str.maketrans("Oo", "00")


def _is_phone(number: str) -> bool:
    """A mobile number has 9-13 digits after its 0 or 62 ("0812 2025" is a date)."""
    digits = _NON_DIGIT.sub("", number.translate(_ZERO_OR_O))
    national = digits[2:] if digits.startswith("62") else digits
    national = national.removeprefix("0")
    return not national.startswith("8") or 9 <= len(national) <= 13


def _phones(text: str, lowered: str, digits: int) -> Iterator[re.Match[str]]:
    if digits >= 7:  # the shortest phone number
        yield from (match for match in _PHONE.finditer(text) if _is_phone(match.group()))
        if "o8" in lowered:
            yield from (match for match in _PHONE_O.finditer(text) if _is_phone(match.group()))


# --- E-mail addresses, also written "budi [at] gmail [dot] com", "rina(at)yahoo.com".
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_EMAIL_SPELLED = re.compile(r"[\w.+-]+ ?(?:\(at\)|\[at\]) ?[\w-]+(?: ?(?:\.|\(dot\)|\[dot\]) ?[\w-]+)+",
                            re.IGNORECASE)
_EMAIL_HINT = re.compile(r"@[\w-]+\.[\w-]")  # mentions ("@USER") are far commoner


def _emails(text: str, lowered: str, digits: int) -> Iterator[re.Match[str]]:
    if "@" in text and _EMAIL_HINT.search(text):
        yield from _EMAIL.finditer(text)
    if "(at)" in lowered or "[at]" in lowered:
        yield from _EMAIL_SPELLED.finditer(lowered)  # same offsets as `text`


# --- Register numbers of inmates and detainees: register A (detainees, A.I-A.V) and B
# (sentenced), e.g. "B.I 1234/2023", "BIIa-56/2024", "A.II.77/2025", optionally after the word
# "register"; after it ("no reg 1234/2023") the class may be left out. A month in Roman numerals
# may stand before the year ("B.I 12/VI/2024").
_CLASS = r"[AB][ .-]?(?:I{1,3}|IV|V|II[ab])[ .-]?"
_REGISTER = re.compile(
    rf"(?<!\w)(?:(?:no(?:mor)?\.?\s*)?reg(?:ister)?\.?(?:\s*(?:napi|tahanan|wbp))?\s*[:.]?\s*(?:{_CLASS})?"
    rf"|{_CLASS})\d{{1,6}}\s?/\s?(?:[IVX]{{1,4}}\s?/\s?)?(?:19|20)\d{{2}}(?!\d)", re.IGNORECASE)
_YEAR_HINT = re.compile(r"/\s?(?:19|20)\d\d")  # how every register number ends
_REGISTER_REACH = 60  # characters a register number can start before its "/"


def _registers(text: str, lowered: str, digits: int) -> Iterator[re.Match[str]]:
    """Searched for only just before each "/ year", the only part all of them share."""
    if digits < 5:
        return
    end = 0
    for year in _YEAR_HINT.finditer(text):
        # The search stops one character past the year, so that "(?!\d)" still sees it.
        match = _REGISTER.search(text, max(end, year.start() - _REGISTER_REACH), year.end() + 1)
        if match:
            end = match.end()
            yield match


# --- Home addresses: a street, alley or block with a house number, or an RT/RW pair
# ("RT 03/RW 05", "rt 002 rw 005", "RT/RW 03/05").
_ADDRESS = re.compile(
    r"(?<!\w)(?:jl\.?|jln\.?|jalan|gg\.?|gang|komplek|kompleks|perum(?:ahan)?|blok)\s+[\w .'-]{2,40}?"
    r"\s(?:no\.?|nomor|nomer|nmr)\s?:?\s?\d+[a-z]?(?!\w)"
    r"|(?<!\w)rt\.?\s?:?\s?\d{1,3}\s?[/,]?\s?rw\.?\s?:?\s?\d{1,3}(?!\d)"
    r"|(?<!\w)rt\s?/\s?rw\.?\s?:?\s?\d{1,3}\s?/\s?\d{1,3}(?!\d)",
    re.IGNORECASE)
# Where an address can begin: a street word or "rt" at the start of a word (lower-cased text).
_ADDRESS_HINT = re.compile("|".join(f"{word[0]}(?<!\\w.){word[1:]}" for word in
                                    ("jl", "jalan", "gg", "gang", "komplek", "perum", "blok", "rt")))


def _addresses(text: str, lowered: str, digits: int) -> Iterator[re.Match[str]]:
    """Tried only where a street word or "rt" begins (a house number or RT/RW needs a digit)."""
    if not digits:
        return
    end = 0
    for hint in _ADDRESS_HINT.finditer(lowered):
        if hint.start() >= end and (match := _ADDRESS.match(text, hint.start())):
            end = match.end()
            yield match


_FINDERS = (("email", _emails), ("register", _registers), ("phone", _phones), ("address", _addresses))


def find(text: str) -> list[Finding]:
    """Every piece of personal data in `text`, in order; overlapping finds keep the first kind."""
    return _find(text, sum(map(text.count, "0123456789")))


def _find(text: str, digits: int) -> list[Finding]:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters lower-case to two ("İ"): keep those as they are
        lowered = "".join(letter if len(small := letter.lower()) != 1 else small for letter in text)
    # A number that the text names is taken for what it is named before any shape is tried.
    found = [Finding(kind, start, end) for kind, start, end in named_numbers(text, lowered, digits)]
    for kind, matches in _FINDERS:
        for match in matches(text, lowered, digits):
            if not any(f.start < match.end() and match.start() < f.end for f in found):
                found.append(Finding(kind, match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def kinds(text: str) -> list[str]:
    """The names of the kinds of personal data in `text`, each once, for reasons and warnings."""
    return _names(find(text))


def _names(found: list[Finding]) -> list[str]:
    return list(dict.fromkeys(f.name for f in found))


def kinds_all(texts: list[str]) -> list[list[str]]:
    """`kinds` of each text of a batch. Scans of the joined batch pick the texts that could hold
    any kind (a digit, an e-mail's "@" or a spelled-out "(at)"/"[at]"), about a third; the
    others cost nothing more."""
    found: list[list[str]] = [[] for _ in texts]
    joined = "\n".join(texts)  # offsets, not separators, say where a text ends
    starts = list(accumulate((len(text) + 1 for text in texts), initial=0))
    digits = _digit_counts(joined, starts)
    rows = set(np.flatnonzero(digits).tolist())
    for hint in _HINTS:
        rows |= _rows_with(hint, joined, starts)
    for i in sorted(rows):
        found[i] = _names(_find(texts[i], int(digits[i])))
    return found


# Scans for a literal first character are the fast ones (a set of first characters, or a
# case-insensitive letter, took up to 5 µs a comment: measured); a spelled-out e-mail is found
# by the bracket that closes its "(at)" or "[at]".
_HINTS = (_EMAIL_HINT, re.compile(r"\)(?<=[aA][tT]\))"), re.compile(r"\](?<=[aA][tT]\])"))


_COUNTED_AT_ONCE = 1 << 20  # characters: 4 MB of code points, whatever the batch's size


def _digit_counts(joined: str, starts: list[int]) -> np.ndarray:
    """How many of the digits 0-9 each text holds, counted in numpy over the code points of the
    joined batch (a regex scan for the texts with a digit, then counting in each, took 1.4 µs a
    comment; this takes a fifth of that: measured)."""
    counts = np.zeros(len(starts) - 1, dtype=np.int64)
    for offset in range(0, len(joined), _COUNTED_AT_ONCE):
        part = joined[offset:offset + _COUNTED_AT_ONCE].encode("utf-32-le", "surrogatepass")
        digits = np.flatnonzero((np.frombuffer(part, dtype=np.uint32) - 48) < 10) + offset
        counts += np.bincount(np.searchsorted(starts, digits, side="right") - 1, minlength=len(counts))
    return counts


def _rows_with(pattern: re.Pattern[str], joined: str, starts: list[int]) -> set[int]:
    rows, position = set(), 0
    while match := pattern.search(joined, position):
        row = bisect_right(starts, match.start()) - 1
        rows.add(row)
        position = starts[row + 1]
    return rows


def redact(text: str) -> str:
    """`text` with every piece of personal data replaced by [kind]."""
    for finding in reversed(find(text)):
        text = f"{text[:finding.start]}[{finding.name}]{text[finding.end:]}"
    return text
