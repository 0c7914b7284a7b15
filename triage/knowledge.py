"""The knowledge base for information requests (`responses/knowledge.toml`) and the matcher that
picks the entry a question is about: TF-IDF over each entry's example questions, cosine
similarity, and a floor below which no entry is claimed (better no answer than a wrong one)."""

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer

from triage.text import normalise

KNOWLEDGE_FILE = Path(__file__).resolve().parent.parent / "responses" / "knowledge.toml"
MIN_SIMILARITY = 0.2


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    questions: tuple[str, ...]
    answer: str
    short: str
    source: str
    varies_by_facility: bool = False


class KnowledgeBase:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        documents = [" ".join((e.title, *e.questions)) for e in entries]
        self._vectorizer = TfidfVectorizer(preprocessor=normalise, analyzer="char_wb", ngram_range=(2, 5),
                                           sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform(documents)

    def match(self, question: str) -> Entry | None:
        """The entry `question` is about, or None when nothing is close enough."""
        return self.match_all([question])[0]

    def match_all(self, questions: list[str]) -> list[Entry | None]:
        """`match` for many questions in one pass (one call costs milliseconds of overhead)."""
        if not questions:
            return []
        similarity = (self._vectorizer.transform(questions) @ self._matrix.T).toarray()
        best = similarity.argmax(axis=1)
        return [self.entries[b] if similarity[row, b] >= MIN_SIMILARITY else None
                for row, b in enumerate(best.tolist())]


def read_entries(path: Path) -> list[Entry]:
    raw = tomllib.loads(path.read_text(encoding="utf-8")).get("entry", [])
    entries, seen = [], set()
    for number, item in enumerate(raw, start=1):
        try:
            entry = Entry(**{**item, "questions": tuple(item["questions"])})
        except (KeyError, TypeError) as error:
            raise ValueError(f"{path}: entry {number} is malformed ({error})") from None
        if entry.id in seen or not entry.questions or not entry.source:
            raise ValueError(f"{path}: entry {entry.id!r} is a duplicate or lacks questions/source")
        seen.add(entry.id)
        entries.append(entry)
    return entries


@lru_cache
def knowledge_base(path: Path = KNOWLEDGE_FILE) -> KnowledgeBase:
    return KnowledgeBase(read_entries(path))
