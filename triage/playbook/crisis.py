"""Crisis mode: spot a swarm of attacks on a post (far above its usual rate) and group the
swarm's comments by narrative, so the desk answers each story once instead of each comment.

Pure functions over plain data; `triage.store.swarms` feeds them from the store.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from triage.model.normalise import dedup_key, normalise
from triage.playbook.data_files import read_data_file
from triage.settings import RESPONSES_DIR

CRISIS_FILE = RESPONSES_DIR / "crisis.toml"
# Words too common in attacks to name a narrative.
_FILLER = {"<user>", "<url>", "<num>", "yang", "dan", "di", "ini", "itu", "aja", "ga", "gak", "nya", "ke",
           "dari", "min", "kok", "sih", "ya", "yg", "udah", "juga", "ada", "the", "is", "and", "?", "!"}


class CrisisSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    window_minutes: int = Field(ge=5, le=24 * 60)
    baseline_hours: int = Field(ge=1, le=24 * 30)
    min_attacks: int = Field(ge=2)
    rate_ratio: float = Field(gt=1)
    baseline_floor_per_hour: float = Field(gt=0)
    narrative_distance: float = Field(gt=0, lt=1)
    new_account_days: int = Field(ge=1)


def new_account_days() -> int:
    """How young an account counts as new: crisis.toml's `new_account_days`, read by crisis mode
    (a new author is suspicious) and by the account reasons the queue shows."""
    return crisis_settings().new_account_days


def read_crisis_settings(path: Path) -> CrisisSettings:
    return read_data_file(path, CrisisSettings)


@lru_cache
def crisis_settings(path: Path = CRISIS_FILE) -> CrisisSettings:
    return read_crisis_settings(path)


@dataclass(frozen=True)
class Attack:
    """One attack comment on a post, as crisis mode sees it."""

    comment_id: int
    created_at: datetime
    text: str
    suspicious_author: bool = False  # new account, or flagged as fake


@dataclass(frozen=True)
class Burst:
    attacks: list[Attack]  # the attacks in the window
    expected: float  # how many the usual rate predicts for the window
    window_start: datetime
    window_end: datetime

    @property
    def suspicious_share(self) -> float:
        return sum(a.suspicious_author for a in self.attacks) / len(self.attacks)

    @property
    def duplicate_share(self) -> float:
        """Share of attacks whose text (normalised) another attack in the burst also posted."""
        keys = Counter(dedup_key(a.text) for a in self.attacks)
        return sum(n for n in keys.values() if n > 1) / len(self.attacks)


def find_burst(attacks: list[Attack], settings: CrisisSettings) -> Burst | None:
    """The swarm in a post's attacks, judged at the newest one; None when it is business as usual."""
    if not attacks:
        return None
    end = max(a.created_at for a in attacks)
    start = end - timedelta(minutes=settings.window_minutes)
    baseline_start = start - timedelta(hours=settings.baseline_hours)
    in_window = [a for a in attacks if start < a.created_at <= end]
    before = sum(1 for a in attacks if baseline_start < a.created_at <= start)
    rate_per_hour = max(before / settings.baseline_hours, settings.baseline_floor_per_hour)
    expected = rate_per_hour * settings.window_minutes / 60
    if len(in_window) < settings.min_attacks or len(in_window) < settings.rate_ratio * expected:
        return None
    return Burst(sorted(in_window, key=lambda a: a.created_at), expected, start, end)


@dataclass(frozen=True)
class Narrative:
    members: list[int]  # indices into the texts given to `narratives`
    summary: str  # the words that characterise the story
    representative: int  # the member closest to the story's centre


def narratives(texts: list[str], distance: float) -> list[Narrative]:
    """Group texts that tell the same story (average-linkage clustering on character n-grams,
    cosine distance), largest group first."""
    if len(texts) == 1:
        return [Narrative([0], _summary(texts, [0]), 0)]
    vectors = TfidfVectorizer(preprocessor=normalise, analyzer="char_wb", ngram_range=(3, 5),
                              sublinear_tf=True).fit_transform(texts)
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=distance).fit_predict(vectors.toarray())
    groups = [[int(i) for i in np.flatnonzero(labels == label)] for label in set(labels)]
    return [Narrative(members, _summary(texts, members), _central(vectors, members))
            for members in sorted(groups, key=len, reverse=True)]


def _central(vectors, members: list[int]) -> int:
    block = vectors[members]
    centre = np.asarray(block.mean(axis=0))
    return members[int(np.argmax(block @ centre.T))]


def _summary(texts: list[str], members: list[int], words: int = 4) -> str:
    """The words most shared by the group's texts (each text counted once per word)."""
    counts = Counter(word for i in members for word in set(normalise(texts[i]).split())
                     if word not in _FILLER and len(word) > 2)
    return ", ".join(word for word, _ in counts.most_common(words))
