"""The personal-data guard: find national ids (NIK), phone numbers, e-mail addresses, prisoner
register numbers and home addresses in comments and replies.

Used two ways: a member of the public who posts such data is moved to DM (and the comment
suggested for hiding), and a public reply that contains any of it is refused.
"""

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

# Each pattern begins with a literal or a character set, which `re` skips ahead to in C; a
# look-behind that must hold before a match comes after the first character, as `_BEFORE`
# (no letter, digit or "+" before the match). A look-behind first made `re` try every position
# of a long text (20 ns a character, measured).
_BEFORE = r"(?<![\w+].)"
# NIK: 16 digits = province (11-94) + regency + district + birth date (day + 40 for women)
# + month + year + serial. The date check keeps order numbers and long counts out.
# Written with or without separators ("3578 0101 9000 0003").
_NIK = re.compile(r"\d(?<!\d\d)(?:[ .-]?\d){15}(?!\d)")
_NIK_PARTS = re.compile(r"(\d{2})(\d{4})(\d{2})(\d{2})(\d{2})(\d{4})")
# Indonesian phone numbers: +62 / 62 / 0 then 8xx (mobile) or an area code, 9-13 digits in
# all, with optional spaces, dots or dashes between groups.
_MOBILE = r"[\s.-]?8\d{1,3}(?:[\s.-]?\d{2,4}){2,3}(?!\d)"
_LANDLINE = r"(?:2\d|[3-7]\d{1,2})\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?!\d)"
_PHONE = re.compile("|".join((rf"\+{_BEFORE}62{_MOBILE}", rf"6{_BEFORE}2{_MOBILE}", rf"0{_BEFORE}{_MOBILE}",
                              rf"\({_BEFORE}0{_LANDLINE}", rf"0{_BEFORE}{_LANDLINE}")))
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Register numbers of inmates and detainees: register A (detainees) and B (sentenced), e.g.
# "B.I 1234/2023", "BIIa-56/2024", "A.II.77/2025", optionally after the word "register".
_REGISTER = re.compile(r"(?<!\w)(?:reg(?:ister)?\.?\s*)?[AB][ .-]?(?:I{1,3}|IV|II[ab])[ .-]?\d{1,6}"
                       r"\s?/\s?(?:19|20)\d{2}(?!\d)", re.IGNORECASE)
# Home addresses: a street, alley or block with a house number, or an RT/RW pair.
_ADDRESS = re.compile(
    r"(?<!\w)(?:jl\.?|jln\.?|jalan|gg\.?|gang|komplek|kompleks|perum(?:ahan)?|blok)\s+[\w .'-]{2,40}?"
    r"\s(?:no\.?|nomor|nmr)\s?\d+[a-z]?(?!\w)"
    r"|(?<!\w)rt\.?\s?\d{1,3}\s?/\s?rw\.?\s?\d{1,3}(?!\d)",
    re.IGNORECASE)

KIND_NAMES = {"nik": "national id (NIK)", "phone": "phone number", "email": "e-mail address",
              "register": "prisoner register number", "address": "home address"}


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KIND_NAMES
    start: int
    end: int

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]


def _is_nik(match: re.Match[str]) -> bool:
    parts = _NIK_PARTS.fullmatch(re.sub(r"\D", "", match.group(0)))
    province, _, day, month, _, _ = (int(group) for group in parts.groups())
    day = day - 40 if day > 40 else day
    return 11 <= province <= 94 and 1 <= day <= 31 and 1 <= month <= 12


# Cheap hints, each beginning with a literal or a character set: a full pattern runs only on
# the texts, or at the places, that hold its hint. Half of all comments hold a digit, and
# running every pattern over each of them cost more than the model (measured).
_EMAIL_HINT = re.compile(r"@[\w-]+\.[\w-]")  # mentions ("@USER") are far commoner
_YEAR_HINT = re.compile(r"/\s?(?:19|20)\d\d")  # how every register number ends
_REGISTER_REACH = 60  # characters a register number can start before its "/"
# Where an address can begin: a street word or "rt" at the start of a word (lower-cased text).
_ADDRESS_HINT = re.compile("|".join(f"{word[0]}(?<!\\w.){word[1:]}" for word in
                                    ("jl", "jalan", "gg", "gang", "komplek", "perum", "blok", "rt")))


def _emails(text: str, digits: int) -> Iterator[re.Match[str]]:
    if "@" in text and _EMAIL_HINT.search(text):
        yield from _EMAIL.finditer(text)


def _registers(text: str, digits: int) -> Iterator[re.Match[str]]:
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


def _phones(text: str, digits: int) -> Iterator[re.Match[str]]:
    if digits >= 7:  # the shortest phone number
        yield from _PHONE.finditer(text)


def _addresses(text: str, digits: int) -> Iterator[re.Match[str]]:
    """Tried only where a street word or "rt" begins (a house number or RT/RW needs a digit)."""
    if not digits:
        return
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters lower-case to two: no shared offsets
        yield from _ADDRESS.finditer(text)
        return
    end = 0
    for hint in _ADDRESS_HINT.finditer(lowered):
        if hint.start() >= end and (match := _ADDRESS.match(text, hint.start())):
            end = match.end()
            yield match


_FINDERS = (("email", _emails), ("register", _registers), ("phone", _phones), ("address", _addresses))


def find(text: str) -> list[Finding]:
    """Every piece of personal data in `text`, in order; overlapping finds keep the first kind."""
    digits = sum(map(text.count, "0123456789"))
    found = ([Finding("nik", m.start(), m.end()) for m in _NIK.finditer(text) if _is_nik(m)]
             if digits >= 16 else [])
    for kind, matches in _FINDERS:
        for match in matches(text, digits):
            if not any(f.start < match.end() and match.start() < f.end for f in found):
                found.append(Finding(kind, match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def kinds(text: str) -> list[str]:
    """The names of the kinds of personal data in `text`, each once, for reasons and warnings."""
    return list(dict.fromkeys(f.name for f in find(text)))


_DIGIT = re.compile(r"\d")


def kinds_all(texts: list[str]) -> list[list[str]]:
    """`kinds` of each text of a batch. Scans of the joined batch pick the texts that could
    hold any kind (a digit, or an e-mail's "@"), about a third; the others cost nothing more."""
    found: list[list[str]] = [[] for _ in texts]
    joined = "\n".join(texts)  # offsets, not separators, say where a text ends
    starts = list(accumulate((len(text) + 1 for text in texts), initial=0))
    for i in sorted(_rows_with(_DIGIT, joined, starts) | _rows_with(_EMAIL_HINT, joined, starts)):
        found[i] = kinds(texts[i])
    return found


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
