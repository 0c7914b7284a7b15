"""Numbers in a comment that are personal data because the text names them ("NIK saya ...",
"wa: ...", "rek BCA ...") or because their shape alone says what they are (a NIK's or a NIP's
dates); `personal_data.find` takes these before it tries any other shape.
"""

import re
from collections.abc import Iterable, Iterator

# A number: a run of 7 to 19 digits with single spaces, dots or dashes between them, the longest
# that ends where its digits do.
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


def named_numbers(text: str, lowered: str, digits: int) -> Iterator[tuple[str, int, int]]:
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
