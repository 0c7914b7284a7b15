"""The personal-data guard: find identity numbers (NIK, family card, NIP, NPWP, BPJS, passport),
bank account numbers, phone numbers, e-mail addresses, prisoner register numbers and home
addresses in comments and replies.

Used two ways: a member of the public who posts such data is moved to DM (and the comment
suggested for hiding), and a public reply that contains any of it is refused. Recall comes
first: a number that the text calls a NIK is one whatever its digits; a number that nothing
names is held to its own shape (a NIK's birth date, a phone number's prefix and length), so that
order numbers, prices, dates and counts stay out. The labelled cases are in
data/eval/personal_data_cases.csv; `bench/personal_data_eval.py` scores them and times the guard.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

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
# a price). A look-behind first made `re` try every position of a long text (bench/README.md,
# measured).
_BEFORE = r"(?<![\w+].)(?<!\d[.,].)"

# --- Numbers that the text names ("NIK saya ...", "wa: ...", "rek BCA ...") or whose shape
# alone says what they are (a NIK's or NIP's dates). A run of 7 to 19 digits with single spaces,
# dots or dashes between them, the longest that ends where its digits do.
_NUMBER = re.compile(r"[0-9](?<![0-9][0-9])(?:[ .-]?[0-9]){6,18}(?![0-9])")
_SEPARATOR = re.compile(r"[ .-]")
_NON_DIGIT = re.compile(r"\D")
# The words that name a number, by kind, in lower case ("no" glued on too: "noktp", "norek").
_NAMES = {
    "nip": ("nip", "nonip", "nrp", "nomor induk pegawai", "no induk pegawai", "no. induk pegawai",
            "induk pegawai"),
    "nik": ("nik", "nonik", "ktp", "noktp", "e-ktp", "ektp", "nomor induk kependudukan", "nomor induk",
            "no induk", "no. induk", "induk kependudukan", "kependudukan", "national id", "id card",
            "identity card", "identity number", "id number"),
    "kk": ("kk", "nokk", "kartu keluarga", "family card"),
    "other_id": ("npwp", "bpjs", "bpjs kesehatan", "bpjs ketenagakerjaan", "kis", "jkn", "paspor",
                 "passport"),
    "account": ("rek", "norek", "rekening", "account", "a/c", "bank", "bca", "bri", "bni", "mandiri", "bsi",
                "btn", "cimb", "cimb niaga", "danamon", "permata"),
    "phone": ("wa", "nowa", "w.a", "whatsapp", "whatsap", "watsap", "wasap", "hp", "nohp", "handphone",
              "ponsel", "telp", "telpon", "telepon", "tlp", "tlpn", "tel", "sms", "cp", "kontak", "contact",
              "phone", "mobile", "cell", "call", "hub", "hubungi"),
    "register": ("reg", "register"),
}
_KIND_NAMED = {name: kind for kind, names in _NAMES.items() for name in names}
# What may stand between a name and its number: a few small words ("NIK saya", "no hp istri",
# "my number is") with punctuation or spaces around them, then a passport's letter.
_FILLERS = ("saya", "sy", "aku", "ku", "gw", "gue", "kami", "nya", "no", "nomor", "nomer", "nmr", "number",
            "num", "nr", "ke", "di", "yg", "yang", "adalah", "ini", "itu", "is", "my", "me", "at", "on",
            "the", "of", "lama", "baru", "pribadi", "istri", "suami", "ayah", "ibu", "bapak", "bpk", "anak",
            "adik", "kakak", "ortu", "mama", "papa", "wbp", "napi")


def _words(words: Iterable[str], backwards: bool = False) -> str:
    """Whole words, longest first; each begins with a literal, so that `re` skips ahead in C."""
    spelled = sorted((word[::-1] if backwards else word for word in words), key=len, reverse=True)
    return "|".join(re.escape(word[0]) + r"(?<![a-z].)" + re.escape(word[1:]) + r"(?![a-z])"
                    for word in spelled)


# Read backwards from the number, so that one try at its start decides (a search of the text
# before it tried every position: bench/README.md, measured).
_GAP = r"[^a-z0-9\n]{0,4}"
_NAMED_BACKWARDS = re.compile(rf"(?:[a-z](?![a-z]))?{_GAP}(?:(?:{_words(_FILLERS, True)}){_GAP}){{0,3}}"
                              rf"(?P<name>{_words(_KIND_NAMED, True)})")
_NAMED_REACH = 48  # characters before a number that may name it
# An identity number's name may stand further off ("NIK ayah saya Budi 3174...") or after it.
_ID_NAMES = [name for kind in ("nip", "nik", "kk") for name in _NAMES[kind]]
_ID_NAME_BACKWARDS = re.compile(_words(_ID_NAMES, True))
_ID_NAME = re.compile(_words(_ID_NAMES))
_ID_AFTER = 24  # characters after a number that may name it
_DIGITS_BY_KIND = {"nik": (15, 17), "kk": (15, 17), "nip": (8, 19), "other_id": (7, 16),
                   "account": (8, 16), "phone": (7, 13), "register": (7, 19)}
# Money is no account or phone number: "hp 1.500.000", "rek 2.500.000", "wa 1500000 rb".
_PRICE = re.compile(r"[1-9]\d{0,2}(?:[.,]\d{3})+")
_MONEY_AFTER = re.compile(r"\s?(?:rb|ribu|jt|juta|k|rupiah|,-|,00)(?![a-z])")
_HOTLINES = ("1500", "1400", "0800", "0804", "0807")  # public service and toll-free lines
# Nor is a date, a time or a span of years: "hp 12-08-2025", "telp 08.00-12.00", "bpjs 2024-2025".
_DATE_OR_TIME = re.compile(r"\d{1,2}[.-]\d{1,2}[.-](?:19|20)?\d\d(?: \d{1,2}[.:]\d\d)?"
                           r"|(?:19|20)\d\d[.-]\d{1,2}[.-]\d{1,2}|\d{1,2}[.:]\d\d ?- ?\d{1,2}[.:]\d\d"
                           r"|(?:19|20)\d\d ?- ?(?:19|20)\d\d")


# The provinces' codes (Aceh 11 ... the Papua provinces 91-96): a NIK and a family card number
# begin with one.
_PROVINCES = frozenset(f"{code}" for code in (*range(11, 20), 21, *range(31, 37), *range(51, 54),
                                              *range(61, 66), *range(71, 77), 81, 82, *range(91, 97)))


def _is_nik(digits: str) -> bool:
    """16 digits = province + regency + district + birth date (day + 40 for women) + month
    + year + serial."""
    day, month = int(digits[6:8]) % 40, int(digits[8:10])
    return digits[:2] in _PROVINCES and 1 <= day <= 31 and 1 <= month <= 12


def _is_nip(digits: str) -> bool:
    """18 digits = birth date (yyyymmdd) + appointment (yyyymm) + sex (1, 2) + serial: an adult
    when appointed. Status and post ids, timestamps and long counts fail it."""
    born, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    hired, hired_month = int(digits[8:12]), int(digits[12:14])
    return (1940 <= born and 1 <= month <= 12 and 1 <= day <= 31 and 18 <= hired - born <= 45
            and 1 <= hired_month <= 12 and digits[14] in "12")


def _named(lowered: str, start: int, end: int) -> str | None:
    """The kind that the words just before the number at `start:end` name; for a number as long
    as an identity number, also a name of one further before it (the nearest) or just after it."""
    before = lowered[max(0, start - _NAMED_REACH):start][::-1]
    if match := _NAMED_BACKWARDS.match(before):
        return _KIND_NAMED[match["name"][::-1]]
    if end - start < 15:
        return None
    if match := _ID_NAME_BACKWARDS.search(before):
        return _KIND_NAMED[match.group()[::-1]]
    if match := _ID_NAME.search(lowered, end, end + _ID_AFTER):
        return _KIND_NAMED[match.group()]
    return None


def _kind_of(number: str, named: str | None, after: str) -> str | None:
    """What `number` is: what it is named, if its digits fit that; else a NIK or NIP by shape."""
    digits = _NON_DIGIT.sub("", number)
    low, high = _DIGITS_BY_KIND.get(named or "", (0, 0))
    if low <= len(digits) <= high and not _DATE_OR_TIME.fullmatch(number):
        money = named in ("account", "phone") and (_PRICE.fullmatch(number) or _MONEY_AFTER.match(after))
        if not money and not (named == "phone" and digits.startswith(_HOTLINES)):
            return named
    if len(digits) == 16 and _is_nik(digits):
        return "nik"
    if len(digits) == 18 and _is_nip(digits):
        return "nip"
    return None


def _numbers(text: str, lowered: str, digits: int) -> Iterator[tuple[str, int, int]]:
    """Named or self-evident numbers. A run too long for its kind is tried again without its last
    groups ("NIK 3174... 12"); one that nothing names, only where it has a NIK's or NIP's length."""
    if digits < 7:
        return
    for match in _NUMBER.finditer(text):
        start, run = match.start(), match.group()
        named = _named(lowered, start, match.end())
        separators = [sep.start() for sep in _SEPARATOR.finditer(run)]
        ends = [(len(run), len(run) - len(separators))]  # (end, digits before it)
        ends += [(cut, cut - i) for i, cut in reversed(list(enumerate(separators)))]
        for cut, count in ends:
            if count < 7 or (named is None and count < 16):
                break
            if (named or count in (16, 18)) and (
                    kind := _kind_of(run[:cut], named, lowered[start + cut:start + cut + 8])):
                yield kind, start - (text[start - 1:start] == "+"), start + cut
                break


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
    found = [Finding(kind, start, end) for kind, start, end in _numbers(text, lowered, digits)]
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
# case-insensitive letter, was slower: bench/README.md); a spelled-out e-mail is found
# by the bracket that closes its "(at)" or "[at]".
_HINTS = (_EMAIL_HINT, re.compile(r"\)(?<=[aA][tT]\))"), re.compile(r"\](?<=[aA][tT]\])"))


_COUNTED_AT_ONCE = 1 << 20  # characters: 4 MB of code points, whatever the batch's size


def _digit_counts(joined: str, starts: list[int]) -> np.ndarray:
    """How many of the digits 0-9 each text holds, counted in numpy over the code points of the
    joined batch (a regex scan for the texts with a digit, then counting in each, took five
    times as long: bench/README.md)."""
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
