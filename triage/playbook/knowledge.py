"""The knowledge base for information requests (`responses/knowledge.toml`) and the matcher that
picks the entry a question is about, or none: a wrong official answer in public is worse than
no answer (the playbook then drafts a plain invitation to DM), so the matcher answers only when
it is sure.

How a question is matched:
- its words, normalised as the model reads them, without function words ("min", "gimana",
  "bisa", "berapa"): they say nothing about the topic, and with a dozen entries a word that
  happens to be in one entry's examples would count as strong evidence for it;
- each word is looked up among the words of the entries' titles and example questions: as it
  is, without Indonesian affixes ("menitipkan" -> "titip", "pelapor" -> "lapor"), or as the
  known word most like it in letter n-grams, with the same first letter, when it is misspelt
  ("remsi" -> "remisi");
- each entry is scored by BM25 over those words, its title and examples being its document;
- the best entry answers when its score, less a penalty for each word of the question that no
  entry knows, clears a floor. A question about batik orders, a passport or a named prisoner
  has words the knowledge base has never seen, and those speak against any answer.
`bench/knowledge_eval.py` measures it on the labelled questions in data/eval.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from sklearn.feature_extraction.text import TfidfVectorizer

from triage.model.normalise import normalise_all
from triage.playbook.data_files import problem, read_data_file
from triage.settings import RESPONSES_DIR

KNOWLEDGE_FILE = RESPONSES_DIR / "knowledge.toml"
# Chosen on the tune half of data/eval/knowledge_questions.csv (`bench/knowledge_eval.py --sweep`):
# the most in-scope questions answered rightly while at least 95% of the answers are right. An
# answer needs about two words found only in that entry's examples, or one that is its very
# topic ("remisi", "cuti", "asimilasi"); one word no entry knows cancels about one such word
# ("tilang" in "bayar tilang online").
MIN_SCORE = 3.5
UNKNOWN_PENALTY = 2.0
MIN_SPELLING_SIMILARITY = 0.6  # letter n-gram cosine from which a word counts as a misspelling

_K1, _B = 1.2, 0.75  # BM25's usual term saturation and length normalisation
_STEPS = ("nfkc", "lookalikes", "links", "mentions", "elongation", "spaced", "leetspeak")
_DOUBLED = re.compile(r"\b([^\W\d_]+)2\b")  # "hak2" is "hak-hak", the plural: the word itself
_SHORTEST_STEM = 4
_PREFIXES = ("meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "per", "pe", "ber", "be",
             "ter", "di", "ke", "se", "ng", "ny")
_SUFFIXES = ("nya", "lah", "kah", "kan", "an", "i")
# A nasal prefix before a vowel stands for the first consonant it replaced: "menitip" <- "titip".
_NASAL = {"meng": "k", "peng": "k", "ng": "k", "meny": "s", "peny": "s", "ny": "s", "mem": "p",
          "pem": "p", "men": "t", "pen": "t"}
_UNKNOWN = (-1, 1.0)  # a word no entry knows: it speaks against any answer
_NEUTRAL = (-1, 0.0)  # a number or a word of one or two letters: it says nothing either way
_CACHED_WORDS = 200_000

# Words that say nothing about what a question is about: Indonesian function and question words
# in their standard and informal spellings, greetings and courtesies, and English ones.
_STOPWORDS = frozenset("""
ada adakah adalah adanya agak agar akan akankah aku akulah amat anda andalah antara apa apaan apabila
apakah apalagi atau ataukah ataupun bagai bagaimana bagaimanakah bagi bahkan bahwa baik bakal banget
banyak barangkali bawah beberapa begini begitu belum benar berapa berapakah berikut besar betul biar bila
bilang bisa bisakah boleh bolehkah bukan bukankah cuma dahulu dalam dan dapat dari daripada dekat demi
dengan di dia dialah dini diri dulu engkau hal hampir hanya harus hendak hingga ia ialah ini inikah inilah
itu itukah itulah jadi jangan jika juga justru kalau kami kamilah kamu kan kapan kapankah karena kata ke
kecuali kemana kemudian kenapa kepada kesana ketika kini kita lagi lah lain lalu lama lebih macam maka
makin malah mana manakah masih masing mau maupun melainkan memang mengapa mereka meski misalnya mungkin
nanti nah namun nya oleh pada padahal paling para per perlu pernah pula pun punya saat saja sama sambil
sampai sana sangat saya se sebab sebagai sebelum sebelumnya sebenarnya secara sedang sedangkan sedikit
segala sehingga sejak sekali sekarang selagi selain selalu selama semua sendiri seorang seperti sering
serta sesuatu setelah setiap sewaktu siapa siapakah sini situ suatu sudah supaya tadi tahu tapi tentang
tentu terhadap terlebih tersebut tetapi tiap tidak toh untuk walau yaitu yakni yang
ingin menanyakan bertanya tanya nanya mohon tolong minta izin permisi maaf terima kasih makasih trims
salam halo hai selamat pagi siang sore malam assalamualaikum admin min mimin kak kakak bang bro sis gan
pak bu ibu bapak om tante mas mbak dong deh sih kok nih tuh ya yaa iya yah ok oke gimana gmn gmna gimna
bgmn bagaimna gmana knp napa kpn brp dmn dimana kmn mn sy aq gue gw gua ane lu lo kalo klo kl ga gak
nggak ngga engga enggak gk g ngak tdk tak blm udah udh sdh dah aja ajah doang bs bsa gitu gt gini jg yg
utk buat bwt sm dgn dg dr krn karna kayak kyk kaya trus terus lg mo pengen pingin atw ato info
informasinya infonya tu ni dapet dpt ngapain dijelaskan penjelasan jelaskan mengenai seputar terkait
perihal soal ketentuan tata maksud dimaksud lewat via butuh dlm pake pakai
the a an is are was were be been being do does did can could will would should may might must shall i
you he she we they my your his her our their me him us them it its this that these those there here to
of in on at for from with by about as into than then so if or and but not no yes how what when where
which who whom why any some all get got have has had please hi hello thank thanks also just only still
ever much many more most other such very too again out up over under before after during between while
because until each every both either own need want know like
""".split())


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    questions: tuple[str, ...]
    answer: str
    short: str
    source: str
    varies_by_facility: bool = False


@dataclass(frozen=True)
class Evidence:
    """What the matcher found in a batch of questions."""

    scores: np.ndarray  # BM25 score of each entry for each question (questions x entries)
    unknown: np.ndarray  # per question, how many of its content words no entry knows

    def decide(self, min_score: float = MIN_SCORE,
               unknown_penalty: float = UNKNOWN_PENALTY) -> tuple[np.ndarray, np.ndarray]:
        """The best entry for each question, and whether the matcher is sure of it."""
        best = self.scores.argmax(axis=1)
        top = np.take_along_axis(self.scores, best[:, None], axis=1).ravel()
        return best, top - unknown_penalty * self.unknown >= min_score


class KnowledgeBase:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        owners = [row for row, entry in enumerate(entries) for _ in (entry.title, *entry.questions)]
        texts = content_words([text for entry in entries for text in (entry.title, *entry.questions)])
        words = sorted(set().union(*texts))
        self._column = {word: column for column, word in enumerate(words)}
        self._weights = _bm25(texts, owners, len(entries), self._column)
        self._stems = _stem_index(words)
        self._letters = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3))
        self._letter_matrix = self._letters.fit_transform(words).T.tocsr()
        self._initials = np.array([word[0] for word in words])
        self._known: dict[str, tuple[int, float]] = {}  # word -> (column, how surely) or _UNKNOWN/_NEUTRAL

    def match(self, question: str) -> Entry | None:
        """The entry `question` is about, or None when the matcher is not sure of one."""
        return self.match_all([question])[0]

    def match_all(self, questions: list[str]) -> list[Entry | None]:
        """`match` for many questions in one pass: the batch is normalised at once, each distinct
        word is looked up once, and all entries are scored by one numpy accumulation."""
        if not questions:
            return []
        best, sure = self.evidence(questions).decide()
        return [self.entries[b] if s else None for b, s in zip(best.tolist(), sure.tolist(), strict=True)]

    def evidence(self, questions: list[str]) -> Evidence:
        asked = content_words(questions)
        known = self._look_up({word for words in asked for word in words})
        rows, columns, weights = [], [], []
        unknown = np.zeros(len(questions))
        for row, words in enumerate(asked):
            found: dict[int, float] = {}  # a word asked twice counts once, as surely as it is best known
            for word in words:
                column, weight = known[word]
                if column < 0:
                    unknown[row] += weight
                elif weight > found.get(column, 0.0):
                    found[column] = weight
            rows += [row] * len(found)
            columns += found.keys()
            weights += found.values()
        scores = np.zeros((len(questions), len(self.entries)))
        np.add.at(scores, np.array(rows, dtype=np.intp),
                  self._weights[np.array(columns, dtype=np.intp)] * np.array(weights)[:, None])
        return Evidence(scores, unknown)

    def _look_up(self, words: set[str]) -> dict[str, tuple[int, float]]:
        """How each word is known: as it is, without affixes, or as a misspelling of a known word.
        Remembered across calls; the answer is a dict of its own, so that another thread
        emptying the memory meanwhile changes nothing."""
        if len(self._known) > _CACHED_WORDS:
            self._known = {}
        memory = self._known
        found = {word: memory[word] for word in words if word in memory}
        misspelt = []
        for word in words - found.keys():
            stem = next((self._stems[s] for s in (word, *_stems(word)) if s in self._stems), None)
            if stem is not None:
                found[word] = (self._column[stem], 1.0)
            elif word.isalpha() and len(word) >= 3:
                found[word] = _UNKNOWN
                if len(word) >= _SHORTEST_STEM:
                    misspelt.append(word)
            else:
                found[word] = _NEUTRAL
        if misspelt:
            found.update(self._spelling(misspelt))
        memory.update((word, found[word]) for word in words if word not in memory)
        return found

    def _spelling(self, words: list[str]) -> dict[str, tuple[int, float]]:
        """The known word each of `words` misspells, if any: the most alike in letter n-grams
        among those with the same first letter (typos seldom touch it, and "bapas" is not "lapas")."""
        similarity = (self._letters.transform(words) @ self._letter_matrix).toarray()
        similarity *= np.array([word[0] for word in words])[:, None] == self._initials
        closest, value = similarity.argmax(axis=1).tolist(), similarity.max(axis=1).tolist()
        return {word: (column, sure) for word, column, sure in zip(words, closest, value, strict=True)
                if sure >= MIN_SPELLING_SIMILARITY}


def content_words(texts: list[str]) -> list[list[str]]:
    """The words of each text that can say what it is about, normalised."""
    if not texts:
        return []
    joined = _DOUBLED.sub(r"\1", "\n".join(normalise_all(texts, steps=_STEPS)))
    return [[word for word in text.split() if word not in _STOPWORDS and word.isalnum()]
            for text in joined.split("\n")]


def _stems(word: str) -> list[str]:
    """`word` without a suffix or two, a prefix, or both (a nasal prefix also with the consonant
    it replaced put back), none shorter than _SHORTEST_STEM letters; light stripping first."""
    bases = [word] + [word[:-len(s)] for s in _SUFFIXES if word.endswith(s)]
    bases += [base[:-len(s)] for base in bases[1:] for s in _SUFFIXES if base.endswith(s)]
    stems = list(bases[1:])
    for base in bases:
        for prefix in _PREFIXES:
            if base.startswith(prefix):
                rest = base[len(prefix):]
                stems.append(rest)
                if prefix in _NASAL and rest[:1] in "aeiou":
                    stems.append(_NASAL[prefix] + rest)
    return [stem for stem in dict.fromkeys(stems) if len(stem) >= _SHORTEST_STEM]


def _stem_index(words: list[str]) -> dict[str, str]:
    """Each known word to itself, and each of its stems to the shortest known word with it."""
    index: dict[str, str] = {}
    for word in sorted(words, key=len):
        for stem in _stems(word):
            index.setdefault(stem, word)
    return index | {word: word for word in words}


def _bm25(texts: list[list[str]], owners: list[int], n_entries: int, column: dict[str, int]) -> np.ndarray:
    """BM25 weight of each word in each entry (words x entries), an entry's document being the
    words of its title and examples (`texts`, each belonging to the entry `owners` names)."""
    counts = np.zeros((n_entries, len(column)))
    np.add.at(counts, ([owner for owner, words in zip(owners, texts, strict=True) for _ in words],
                       [column[word] for words in texts for word in words]), 1)
    frequency = (counts > 0).sum(axis=0)
    idf = np.log((n_entries - frequency + 0.5) / (frequency + 0.5) + 1)
    length = counts.sum(axis=1, keepdims=True)
    saturation = counts * (_K1 + 1) / (counts + _K1 * (1 - _B + _B * length / length.mean()))
    return (idf * saturation).T


class EntryTable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    title: str
    questions: list[str] = Field(min_length=1)
    answer: str
    short: str
    source: str = Field(min_length=1)
    varies_by_facility: bool = False


class KnowledgeFile(BaseModel):
    """responses/knowledge.toml: the entries, each with the questions it answers and its source."""

    model_config = ConfigDict(extra="forbid")
    entry: list[EntryTable] = Field(default_factory=list)


def read_entries(path: Path) -> list[Entry]:
    entries, seen = [], set()
    for item in read_data_file(path, KnowledgeFile).entry:
        if item.id in seen:
            raise problem(path, f"entry {item.id!r}", "a second entry with this id")
        seen.add(item.id)
        entries.append(Entry(**{**item.model_dump(), "questions": tuple(item.questions)}))
    return entries


@lru_cache
def knowledge_base(path: Path = KNOWLEDGE_FILE) -> KnowledgeBase:
    return KnowledgeBase(read_entries(path))
