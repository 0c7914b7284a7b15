"""Normalising informal Indonesian social-media text before featurisation.

Every step is a C-level `str` or `re` operation over the whole text (no per-token Python
loop), because normalisation runs on every comment the desk scores.
"""

import re
import unicodedata

URL_TOKEN = "<url>"
USER_TOKEN = "<user>"
NUMBER_TOKEN = "<num>"

# Look-alike letters that NFKC leaves alone; gambling promos hide behind them ("АЕRО88").
_LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
        "ԁ": "d", "ɡ": "g", "ο": "o", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
        "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p",
        "С": "c", "Т": "t", "У": "y", "Х": "x", "І": "i", "Ј": "j", "Ѕ": "s",
        "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m",
        "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
    }  # fmt: skip
)
# Invisible characters: variation selectors, zero-width joiners/spaces, skin-tone modifiers.
_INVISIBLE = re.compile("[\ufe0e\ufe0f\u200b-\u200f\u2060\ufeff\U0001f3fb-\U0001f3ff]")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|id|net|org|co|ly|me|xyz|io)(?:/\S*)?\b")
_MENTION = re.compile(r"@[\w.]+")
# Three or more of the same character: "bangeeet" -> "banget", "!!!" -> "!", "😂😂😂" -> "😂".
_ELONGATION = re.compile(r"(.)\1{2,}")
# Letters spaced out to dodge filters: "p u l a u w i n" -> "pulauwin".
_SPACED_LETTERS = re.compile(r"(?<!\w)(?:[^\W\d_] ){3,}[^\W\d_](?!\w)")
_NUMBER = re.compile(r"(?<![\w<])\d+(?:[.,]\d+)*(?![\w>])")
# ASCII punctuation carries no meaning here except "?" and "!" (kept as tokens below).
_PUNCTUATION = re.compile(r"[\"#$%&'()*+,\-./:;=\[\\\]^_`{|}~]")
# Everything else that is not a word character (emoji, "?", "!", symbols) becomes its own token.
_SYMBOL = re.compile(r"([^\w\s<>])")
_SPACE = re.compile(r"\s+")


def _join_spaced(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", "")


def normalise(text: str) -> str:
    """Return `text` as space-separated tokens in a canonical form."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text).translate(_LOOKALIKES).lower()
    text = _URL.sub(f" {URL_TOKEN} ", text)
    text = _MENTION.sub(f" {USER_TOKEN} ", text)
    text = _ELONGATION.sub(r"\1", text)
    text = _SPACED_LETTERS.sub(_join_spaced, text)
    text = _NUMBER.sub(f" {NUMBER_TOKEN} ", text)
    text = _PUNCTUATION.sub(" ", text)
    text = _SYMBOL.sub(r" \1 ", text)
    return _SPACE.sub(" ", text).strip()


def normalise_all(texts) -> list[str]:
    """Normalise a sequence of texts (the first step of the classifier Pipeline)."""
    return [normalise(text) for text in texts]


def tokens(text: str) -> list[str]:
    """Split normalised text into tokens (normalisation already put spaces between them)."""
    return text.split()


def dedup_key(text: str) -> str:
    """A key under which two comments count as the same text (for deduplication)."""
    return re.sub(r"[^\w]+", "", normalise(text).replace(URL_TOKEN, "").replace(USER_TOKEN, ""))
