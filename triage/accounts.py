"""The fake-account side: features of an author's profile, the account model, and behaviour
signals over lists of comments.

Missing is unknown, not zero: a platform that shows only a username gives a row of NaN
elsewhere, and the model (gradient-boosted trees with native missing-value handling, trained
on copies of every account with fields masked) scores it from what it has.
"""

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

from triage.text import normalise_all

FEATURES = [
    "log_followers", "log_following", "log_posts", "following_per_follower", "has_profile_picture",
    "is_private", "bio_length", "username_length", "username_digit_share", "display_name_words",
]
_DIGIT = re.compile(r"\d")
UNKNOWN = float("nan")


def _log(value) -> float:
    return math.log1p(value) if value is not None else UNKNOWN


def _flag(value) -> float:
    return float(bool(value)) if value is not None else UNKNOWN


def features(author: Mapping) -> list[float]:
    """The model's inputs from an author dict with PRODUCT.md field names (None = unknown)."""
    followers, following = author.get("followers"), author.get("following")
    username, bio, name = author.get("username"), author.get("bio"), author.get("display_name")
    ratio = (math.log1p(following) - math.log1p(followers)
             if followers is not None and following is not None else UNKNOWN)
    return [
        _log(followers), _log(following), _log(author.get("posts")), ratio,
        _flag(author.get("has_profile_picture")), _flag(author.get("is_private")),
        float(len(bio)) if bio is not None else UNKNOWN,
        float(len(username)) if username else UNKNOWN,
        len(_DIGIT.findall(username)) / len(username) if username else UNKNOWN,
        float(len(name.split())) if name is not None else UNKNOWN,
    ]


def has_account_fields(author: Mapping | None) -> bool:
    return bool(author) and any(author.get(name) is not None for name in
                                ("username", "followers", "following", "posts", "has_profile_picture",
                                 "is_private", "bio", "display_name"))


# Which fields each masked copy keeps: what a platform may expose, down to a bare username.
FIELD_GROUPS = {
    "username_only": ["username_length", "username_digit_share"],
    "counts_only": ["log_followers", "log_following", "log_posts", "following_per_follower"],
    "no_counts": ["has_profile_picture", "is_private", "bio_length", "username_length",
                  "username_digit_share", "display_name_words"],
}


def masked_copies(matrix: np.ndarray) -> np.ndarray:
    """Every row again once per field group, with the other fields unknown (NaN)."""
    copies = [matrix]
    for kept in FIELD_GROUPS.values():
        copy = np.full_like(matrix, np.nan)
        columns = [FEATURES.index(name) for name in kept]
        copy[:, columns] = matrix[:, columns]
        copies.append(copy)
    return np.vstack(copies)


def build_model() -> HistGradientBoostingClassifier:
    # Small trees and few rounds for 1,900 accounts (fixed up front, not tuned; only the
    # threshold is chosen, on the validation split).
    return HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                          l2_regularization=1.0, random_state=0)


_COUNTS = [FEATURES.index(name) for name in ("log_followers", "log_following", "log_posts")]


@dataclass(frozen=True)
class AccountScore:
    probability: float  # that the account is fake / spam, from its profile alone
    threshold: float
    known_fields: int  # how many of FEATURES the platform gave
    has_counts: bool = False  # followers, following or posts known

    @property
    def suspicious(self) -> bool:
        """Past the threshold, on evidence that can carry it. The threshold was chosen on
        validation accounts with counts; from a username alone (test F1 0.73 on sets that are
        a third fake, far more than a desk's comments) the score is shown, never decisive."""
        return self.has_counts and self.probability >= self.threshold


class AccountModel:
    """The fitted account classifier and its decision threshold (from the validation split)."""

    def __init__(self, model: HistGradientBoostingClassifier, threshold: float, card: dict | None = None):
        self.model = model
        self.threshold = threshold
        self.card = card or {}

    def score(self, authors: Sequence[Mapping]) -> list[AccountScore]:
        if not authors:
            return []
        matrix = np.array([features(author) for author in authors], dtype=np.float64)
        probability = self.model.predict_proba(matrix)[:, 1]
        known = ~np.isnan(matrix)
        counts = known[:, _COUNTS].any(axis=1)
        return [AccountScore(round(float(p), 4), self.threshold, int(k), bool(c))
                for p, k, c in zip(probability, known.sum(axis=1), counts, strict=True)]


def account_reasons(author: Mapping, score: AccountScore) -> list[str]:
    """Plain words for the profile facts that usually mark fake accounts."""
    reasons = []
    followers, following = author.get("followers"), author.get("following")
    if followers is not None and following is not None and following > 10 * max(followers, 1):
        reasons.append(f"the account follows {following:,} but has {followers:,} followers")
    if author.get("posts") == 0:
        reasons.append("the account has no posts")
    if author.get("has_profile_picture") is False:
        reasons.append("the account has no profile picture")
    username = author.get("username") or ""
    if username and len(_DIGIT.findall(username)) / len(username) >= 0.3:
        reasons.append("the username is mostly digits")
    lead = f"account score {score.probability:.2f} (threshold {score.threshold:.2f})"
    return [lead + (": " + "; ".join(reasons) if reasons else "")]


# Behaviour seen in the store: pure functions over lists of comments, for the store to call.

@dataclass(frozen=True)
class SeenComment:
    account: str  # the platform's account id or "@username"
    text: str
    created_at: datetime | None = None
    account_created_at: datetime | None = None


def near_duplicate_keys(texts: Sequence[str], forms: Sequence[str] | None = None) -> list[str]:
    """Each message with numbers, links, mentions, order and repeats ignored (normalised as
    one batch: several times faster than text by text). `forms`: the texts already normalised
    with elongation squeezed (`text.phrase_forms`), when the caller has them from the model."""
    forms = normalise_all(texts) if forms is None else forms
    return [" ".join(sorted({word for word in form.split() if word.isalpha()})) for form in forms]


def near_duplicate_key(text: str) -> str:
    return near_duplicate_keys([text])[0]


def duplicate_accounts(comments: Sequence[SeenComment], forms: Sequence[str] | None = None) -> list[int]:
    """For each comment, how many distinct accounts posted the same or a near-same text."""
    keys = near_duplicate_keys([c.text for c in comments], forms)
    accounts = defaultdict(set)
    for key, comment in zip(keys, comments, strict=True):
        if key:
            accounts[key].add(comment.account)
    return [len(accounts[key]) if key else 1 for key in keys]


def bursts(comments: Sequence[SeenComment], window: timedelta = timedelta(minutes=10)) -> list[int]:
    """For each comment, how many comments its account posted within `window` up to it."""
    times = defaultdict(list)
    for comment in comments:
        if comment.created_at:
            times[comment.account].append(comment.created_at)
    for stamps in times.values():
        stamps.sort()
    result = []
    for comment in comments:
        if not comment.created_at:
            result.append(1)
            continue
        stamps = times[comment.account]
        result.append(bisect_right(stamps, comment.created_at)
                      - bisect_left(stamps, comment.created_at - window))
    return result


def is_new(created_at: datetime | None, days: int = 30, now: datetime | None = None) -> bool | None:
    """Whether an account is younger than `days` (None: its age is unknown)."""
    if created_at is None:
        return None
    if created_at.tzinfo is None:  # platforms write UTC; a bare time is taken as such
        created_at = created_at.replace(tzinfo=UTC)
    return (now or datetime.now(UTC)) - created_at < timedelta(days=days)


def new_accounts(comments: Sequence[SeenComment], days: int = 30,
                 now: datetime | None = None) -> list[bool | None]:
    """For each comment, whether its account is younger than `days` (None: age unknown)."""
    return [is_new(c.account_created_at, days, now) for c in comments]


@dataclass(frozen=True)
class Behaviour:
    duplicate_accounts: int = 1
    burst: int = 1
    new_account: bool | None = None


def behaviour(comments: Sequence[SeenComment], now: datetime | None = None,
              forms: Sequence[str] | None = None) -> list[Behaviour]:
    """All behaviour signals of each comment in one list (the store's entry point). `forms` as
    in `near_duplicate_keys`."""
    return [Behaviour(d, b, n) for d, b, n in zip(duplicate_accounts(comments, forms), bursts(comments),
                                                  new_accounts(comments, now=now), strict=True)]


def frame_features(rows: pd.DataFrame) -> np.ndarray:
    """Feature matrix of a frame whose columns are author fields (NaN or None = unknown)."""
    authors = rows.astype(object).where(rows.notna(), None).to_dict("records")
    return np.array([features(author) for author in authors], dtype=np.float64)
