"""The personal-data guard: find national ids (NIK), phone numbers, e-mail addresses, prisoner
register numbers and home addresses in comments and replies.

Used two ways: a member of the public who posts such data is moved to DM (and the comment
suggested for hiding), and a public reply that contains any of it is refused.
"""

import re
from dataclasses import dataclass

# NIK: 16 digits = province (11-94) + regency + district + birth date (day + 40 for women)
# + month + year + serial. The date check keeps order numbers and long counts out.
# Written with or without separators ("3578 0101 9000 0003").
_NIK = re.compile(r"(?<!\d)\d(?:[ .-]?\d){15}(?!\d)")
_NIK_PARTS = re.compile(r"(\d{2})(\d{4})(\d{2})(\d{2})(\d{2})(\d{4})")
# Indonesian phone numbers: +62 / 62 / 0 then 8xx (mobile) or an area code, 9-13 digits in
# all, with optional spaces, dots or dashes between groups.
_PHONE = re.compile(r"(?<![\w+])(?:\+62|62|0)[\s.-]?8\d{1,3}(?:[\s.-]?\d{2,4}){2,3}(?!\d)"
                    r"|(?<![\w+])\(?0(?:2\d|[3-7]\d{1,2})\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?!\d)")
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


# An "@" with a dotted domain after it: mentions ("@USER") are far commoner than e-mail
# addresses, and this starts with a literal, so the engine jumps from "@" to "@".
_EMAIL_HINT = re.compile(r"@[\w-]+\.[\w-]")
_ADDRESS_WORDS = ("jl", "jalan", "gg", "gang", "komplek", "perum", "blok", "rt")


def _patterns_worth_running(text: str, digits: int) -> list[tuple[str, re.Pattern[str]]]:
    """The kinds `text` could hold, from cheap substring counts. Half of all comments hold a
    digit, and running every pattern on each of them cost more than the model (measured)."""
    worth = []
    if "@" in text and _EMAIL_HINT.search(text):
        worth.append(("email", _EMAIL))
    if digits >= 5 and "/" in text:  # a number, then "/" and a year
        worth.append(("register", _REGISTER))
    if digits >= 7:  # the shortest phone number
        worth.append(("phone", _PHONE))
    if digits:  # a house number or RT/RW, after a street word
        lowered = text.lower()
        if any(word in lowered for word in _ADDRESS_WORDS):
            worth.append(("address", _ADDRESS))
    return worth


def find(text: str) -> list[Finding]:
    """Every piece of personal data in `text`, in order; overlapping finds keep the first kind."""
    digits = sum(map(text.count, "0123456789"))
    found = ([Finding("nik", m.start(), m.end()) for m in _NIK.finditer(text) if _is_nik(m)]
             if digits >= 16 else [])
    for kind, pattern in _patterns_worth_running(text, digits):
        for match in pattern.finditer(text):
            if not any(f.start < match.end() and match.start() < f.end for f in found):
                found.append(Finding(kind, match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def kinds(text: str) -> list[str]:
    """The names of the kinds of personal data in `text`, each once, for reasons and warnings."""
    return list(dict.fromkeys(f.name for f in find(text)))


def redact(text: str) -> str:
    """`text` with every piece of personal data replaced by [kind]."""
    for finding in reversed(find(text)):
        text = f"{text[:finding.start]}[{finding.name}]{text[finding.end:]}"
    return text
