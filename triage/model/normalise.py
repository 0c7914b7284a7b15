"""Normalising informal Indonesian social-media text before featurisation.

Speed matters: normalisation runs on every comment the desk scores. A batch is joined into
one string (texts apart by a NUL separator) so that each step is one C-level `re`/`str`
pass over the whole batch, never a Python loop per character. Steps that touch few texts
(links, mentions, spaced-out letters) first look for a cheap literal hint and run their
full pattern only on the texts that have one.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

URL_TOKEN = "<url>"
USER_TOKEN = "<user>"
NUMBER_TOKEN = "<num>"
_SEPARATOR = "\x00"
_JOINER = f" {_SEPARATOR} "

# Look-alike letters that NFKC leaves alone; gambling promos hide behind them ("АЕRО88").
_LOOKALIKES = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ɡ": "g", "ο": "o", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p",
    "С": "c", "Т": "t", "У": "y", "Х": "x", "І": "i", "Ј": "j", "Ѕ": "s",
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m",
    "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
}  # fmt: skip
# A regex over the few look-alikes, not str.translate: translate with a dict walks every
# character in Python-level lookups and was the slowest step.
_LOOKALIKE = re.compile("[" + "".join(_LOOKALIKES) + "]")
# Invisible characters: variation selectors, zero-width joiners/spaces, skin-tone modifiers.
_INVISIBLE = re.compile("[\ufe0e\ufe0f\u200b-\u200f\u2060\ufeff\U0001f3fb-\U0001f3ff]")
# Line breaks and tabs become spaces (str.replace: far cheaper than a regex over the batch).
_OTHER_SPACES = "\n\r\t\x0b\x0c\u2028\u2029"
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|id|net|org|co|ly|me|xyz|io)(?:/\S*)?\b")
_URL_HINT = re.compile(r"://|www\.|\.(?:com|id|net|org|co|ly|me|xyz|io)\b")
_MENTION = re.compile(r"@[\w.]+")
# Three or more of the same character: "bangeeet" -> "banget", "!!!" -> "!", "😂😂😂" -> "😂".
_ELONGATION = re.compile(r"(.)\1\1+")
# Letters spaced out to dodge filters: "p u l a u w i n" -> "pulauwin".
_SPACED_LETTERS = re.compile(r"(?<!\w)(?:[^\W\d_] ){3,}[^\W\d_](?!\w)")
_SPACED_HINT = re.compile(r" [^\W\d_] [^\W\d_] ")
# A number on its own, not part of a word ("10rb", "slot88" stay). The look-behind comes after
# the first digit so that `re` can skip ahead to digits instead of trying every position.
_NUMBER = re.compile(r"\d(?<![\w<]\d)\d*(?:[.,]\d+)*(?![\w>])")
# ASCII punctuation carries no meaning here except "?" and "!" (kept as tokens below).
_PUNCTUATION = re.compile(r"[\"#$%&'()*+,\-./:;=\[\\\]^_`{|}~]")
# Everything else that is not a word character (emoji, "?", "!", symbols) becomes its own token:
# the few ASCII ones by str.replace, the rest by a regex that only non-ASCII characters can match.
_ASCII_SYMBOLS = "?!@"
_SYMBOL = re.compile(r"[^\x00-\x7f\w\s]")


# Leetspeak inside words: "g4c0r" -> "gacor", "s1tus" -> "situs"; digits at a word's edge
# stay ("slot88"). The look-behind follows the first digit so `re` can skip ahead to digits.
_LEET = re.compile(r"[013457](?<=[^\W\d_][013457])[013457]*(?=[^\W\d_])")
_LEET_LETTERS = str.maketrans("013457", "oieast")
# The possessive/definite suffix "-nya" split from its stem: "anaknya" -> "anak nya".
_SUFFIX = re.compile(r"\b([^\W\d_]{4,}?)(nya)\b")

# The optional steps. BASE_STEPS is what `dedup_key` uses, so that the data splits do not
# move when the model's normalisation is tuned; each model records its own steps.
STEPS = ("nfkc", "lookalikes", "links", "mentions", "elongation", "spaced", "leetspeak", "numbers",
         "affixes")
BASE_STEPS = ("nfkc", "lookalikes", "links", "mentions", "elongation", "spaced", "numbers")
# The steps of the shipped models, each kept for a gain on the validation split (or, for links
# and mentions, because the corpora's placeholders make them unmeasurable there): the table is
# in data/README.md. The playbook reads its phrases in this form too (`phrase_forms`), so that
# a batch the model has read need not be normalised a second time.
MODEL_STEPS = ("nfkc", "lookalikes", "links", "mentions", "spaced", "leetspeak")


def _join_spaced(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", "")


def _lookalike(match: re.Match[str]) -> str:
    return _LOOKALIKES[match.group(0)]


def _in_hinted_texts(joined: str, hint: re.Pattern, change: Callable[[str], str]) -> str:
    """Apply `change` to each text of the joined batch in which `hint` occurs."""
    pieces, done = [], 0
    for match in hint.finditer(joined):
        if match.start() < done:
            continue
        start = joined.rfind(_SEPARATOR, 0, match.start()) + 1
        end = joined.find(_SEPARATOR, match.end())
        end = len(joined) if end < 0 else end
        pieces += [joined[done:start], change(joined[start:end])]
        done = end
    return "".join(pieces) + joined[done:] if pieces else joined


def _links_and_mentions(text: str) -> str:
    return _URL.sub(f" {URL_TOKEN} ", text)


def _compatibility_forms(texts: list[str]) -> list[str]:
    """NFKC per text, and only where needed: one text with a math-bold letter would otherwise
    send the whole joined batch through the slow path (several times slower, measured)."""
    is_normalized, normalize = unicodedata.is_normalized, unicodedata.normalize
    return [text if is_normalized("NFKC", text) else normalize("NFKC", text) for text in texts]


def _canonical(joined: str, steps: frozenset[str]) -> str:
    """Invisible characters, look-alikes, case, white space."""
    joined = _INVISIBLE.sub("", joined)
    if "lookalikes" in steps:
        joined = _LOOKALIKE.sub(_lookalike, joined)
    joined = joined.lower()
    for space in _OTHER_SPACES:
        if space in joined:
            joined = joined.replace(space, " ")
    return joined


def _tokens_of(joined: str, steps: frozenset[str]) -> str:
    if "links" in steps:
        joined = _in_hinted_texts(joined, _URL_HINT, _links_and_mentions)
    if "mentions" in steps and "@" in joined:
        joined = _MENTION.sub(f" {USER_TOKEN} ", joined)
    if "elongation" in steps:
        joined = _ELONGATION.sub(r"\1", joined)
    if "spaced" in steps:
        joined = _in_hinted_texts(joined, _SPACED_HINT, lambda t: _SPACED_LETTERS.sub(_join_spaced, t))
    if "leetspeak" in steps:
        joined = _LEET.sub(_unleet, joined)
    if "numbers" in steps:
        joined = _NUMBER.sub(f" {NUMBER_TOKEN} ", joined)
    joined = _PUNCTUATION.sub(" ", joined)
    for symbol in _ASCII_SYMBOLS:
        joined = joined.replace(symbol, f" {symbol} ")
    joined = _SYMBOL.sub(r" \g<0> ", joined)
    if "affixes" in steps:
        joined = _SUFFIX.sub(r"\1 \2", joined)
    return joined


def _unleet(match: re.Match[str]) -> str:
    return match.group(0).translate(_LEET_LETTERS)


def _join(texts: list[str]) -> str:
    joined = _JOINER.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:  # a text carried the separator itself
        joined = _JOINER.join(text.replace(_SEPARATOR, " ") for text in texts)
    return joined


def normalise_all(texts: Iterable[str], lexicon: Mapping[str, str] | None = None,
                  steps: Iterable[str] = BASE_STEPS) -> list[str]:
    """Each text as space-separated tokens in a canonical form. `steps` names the optional
    steps to run (see STEPS); `lexicon` maps slang tokens to standard words ("gk" -> "tidak")
    after the other steps."""
    texts = list(texts)
    if not texts:
        return []
    steps = frozenset(steps)
    if "nfkc" in steps:
        texts = _compatibility_forms(texts)
    words = _tokens_of(_canonical(_join(texts), steps), steps).split()
    if lexicon:
        get = lexicon.get
        words = [get(word, word) for word in words]
    return [piece.strip() for piece in " ".join(words).split(_SEPARATOR)]


def normalise(text: str) -> str:
    """Return `text` as space-separated tokens in a canonical form."""
    return normalise_all([text])[0]


def phrase_forms(texts: list[str], normalised: list[str] | None = None) -> list[str]:
    """Texts as the playbook's phrase search reads them: normalised with MODEL_STEPS, then
    elongation squeezed ("pungliii" -> "pungli"). `normalised` is the texts already normalised
    with MODEL_STEPS (and no lexicon), when the caller has them from the model."""
    if normalised is None:
        normalised = normalise_all(texts, steps=MODEL_STEPS)
    if not normalised:
        return []
    return _ELONGATION.sub(r"\1", "\n".join(normalised)).split("\n")


def tokens(text: str) -> list[str]:
    """Split normalised text into tokens (normalisation already put spaces between them)."""
    return text.split()


def dedup_key(text: str) -> str:
    """A key under which two comments count as the same text (for deduplication)."""
    return re.sub(r"[^\w]+", "", normalise(text).replace(URL_TOKEN, "").replace(USER_TOKEN, ""))
