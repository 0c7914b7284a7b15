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

from triage.model.normalise import normalise_all
from triage.playbook.crisis import new_account_days

UNKNOWN = float("nan")

# Counts and profile fields point the same way on Instagram (instafake, the Kaggle set) and
# Twitter (cresci-2015). The username's letters are seen only in cresci (the Instagram sets give
# just its length and digits) and enter only in forms that do not tell languages apart. What
# points opposite ways between sets is left out (the card's data note says which). Platform and
# language are never features.
COUNT_FEATURES = ["log_followers", "log_posts", "following_per_follower", "posts_per_follower"]
PROFILE_FEATURES = ["has_profile_picture", "is_private", "has_bio"]
USERNAME_FEATURES = ["username_length", "username_digit_share", "username_entropy", "username_consonant_run"]
FEATURES = COUNT_FEATURES + PROFILE_FEATURES + USERNAME_FEATURES

# Which way each feature may push the score (+1: higher is more fake, -1: less, 0: free). A
# gradient-boosted tree left free learns each set's quirks; held to the direction every set
# agrees on (for the username's letters, seen in cresci alone, the direction randomness
# implies), it carries over to a platform it never saw. The digit share is held to the
# Instagram sets' direction: on Twitter (cresci) and YouTube (judol) fakes have fewer digits,
# and a digit-free name must never look more fake for that.
MONOTONE = {"log_followers": -1, "log_posts": -1, "following_per_follower": 1, "posts_per_follower": -1,
            "has_profile_picture": -1, "is_private": -1, "has_bio": -1,
            "username_digit_share": 1, "username_entropy": 1, "username_consonant_run": 1}

# Consonants without y, which is a vowel in English names ("lynn") and a consonant in Indonesian
# ones ("yanti"). No vowel share: it tells languages apart (medians: cresci's Italian humans
# 0.43, judol's Indonesian handles 0.40, cresci's English-named fakes 0.33) and added nothing
# to the consonant run on cresci (test AUC 0.795 against 0.794) but raised "john_smith" from
# 0.41 to 0.66 on a username alone.
_CONSONANT_RUN = re.compile(r"[b-df-hj-np-tv-xz]+")
_DIGIT = re.compile(r"\d")
# A consonant run this long reads as random letters: 1.8% of cresci's humans and 4-5% of
# judol's handles have one, 36% of cresci's bought followers and 78% of random strings.
RANDOM_CONSONANT_RUN = 4


def _log(value) -> float:
    return math.log1p(value) if value is not None else UNKNOWN


def _flag(value) -> float:
    return float(bool(value)) if value is not None else UNKNOWN


def _log_ratio(numerator, denominator) -> float:
    if numerator is None or denominator is None:
        return UNKNOWN
    return math.log1p(numerator) - math.log1p(denominator)


def _counts(author: Mapping) -> dict[str, float]:
    followers, following, posts = author.get("followers"), author.get("following"), author.get("posts")
    return {"log_followers": _log(followers), "log_following": _log(following), "log_posts": _log(posts),
            "following_per_follower": _log_ratio(following, followers),
            "posts_per_follower": _log_ratio(posts, followers)}


def _profile(author: Mapping) -> dict[str, float]:
    bio, name = author.get("bio"), author.get("display_name")
    return {"has_profile_picture": _flag(author.get("has_profile_picture")),
            "is_private": _flag(author.get("is_private")),
            "has_bio": float(bool(bio.strip())) if bio is not None else UNKNOWN,
            # read by the 2026.11.27 models only: bio length carries the bio's language
            # (Italian bios run longer than English ones), display-name words flip between sets
            "bio_length": float(len(bio)) if bio is not None else UNKNOWN,
            "display_name_words": float(len(name.split())) if name is not None else UNKNOWN}


def username_shape(username: str | None) -> dict[str, float]:
    """Length, digits and randomness of a username; case and a leading @ ignored."""
    name = (username or "").strip().lstrip("@").lower()
    if not name:
        return dict.fromkeys(USERNAME_FEATURES, UNKNOWN)
    return {
        "username_length": float(len(name)),
        "username_digit_share": len(_DIGIT.findall(name)) / len(name),
        "username_entropy": _entropy(name),
        "username_consonant_run": float(max(map(len, _CONSONANT_RUN.findall(name)), default=0)),
    }


def _entropy(text: str) -> float:
    """Shannon entropy of the characters, in bits per character."""
    return math.log2(len(text)) - sum(n * math.log2(n) for n in map(text.count, set(text))) / len(text)


def feature_values(author: Mapping) -> dict[str, float]:
    """Every feature by name from an author dict with PRODUCT.md field names (None = unknown)."""
    return {**_counts(author), **_profile(author), **username_shape(author.get("username"))}


def features(author: Mapping) -> list[float]:
    """The model's inputs, in FEATURES order."""
    values = feature_values(author)
    return [values[name] for name in FEATURES]


def has_account_fields(author: Mapping | None) -> bool:
    return bool(author) and any(author.get(name) is not None for name in
                                ("username", "followers", "following", "posts", "has_profile_picture",
                                 "is_private", "bio", "display_name"))


# Which fields each masked copy keeps: what a platform may expose, down to a bare username.
FIELD_GROUPS = {
    "username_only": USERNAME_FEATURES,
    "counts_only": COUNT_FEATURES,
    "no_counts": PROFILE_FEATURES + USERNAME_FEATURES,
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
    # Few small trees with many accounts per leaf, held to MONOTONE: of three settings tried,
    # the one that ranked unseen sets best (leave-one-dataset-out); only the threshold is
    # chosen on the validation split. No early stopping: its random hold-out would split an
    # account's masked copies.
    return HistGradientBoostingClassifier(
        max_iter=100, learning_rate=0.05, max_leaf_nodes=7, min_samples_leaf=40, l2_regularization=1.0,
        monotonic_cst=[MONOTONE.get(name, 0) for name in FEATURES], early_stopping=False, random_state=0)


# Counts the models read; following alone says nothing without followers.
_COUNT_NAMES = frozenset(COUNT_FEATURES) | {"log_following"}


@dataclass(frozen=True)
class AccountScore:
    probability: float  # that the account is fake / spam, from its profile alone
    threshold: float
    known_fields: int  # how many of the model's features the platform gave
    has_counts: bool = False  # followers or posts known

    @property
    def suspicious(self) -> bool:
        """Past the threshold, on evidence that can carry it. The threshold was chosen on
        validation accounts with counts; from a username alone (see the card's username_only
        figures, on sets that are about half fake, far more than a desk's comments) the score
        is shown, never decisive."""
        return self.has_counts and self.probability >= self.threshold


class AccountModel:
    """The fitted account classifier and its decision threshold (from the validation split).
    It reads the features its card names, so an earlier version still scores."""

    def __init__(self, model: HistGradientBoostingClassifier, threshold: float, card: dict | None = None):
        self.model = model
        self.threshold = threshold
        self.card = card or {}
        self.features = list(self.card.get("features") or FEATURES)
        self._counts = [i for i, name in enumerate(self.features) if name in _COUNT_NAMES]

    @classmethod
    def from_card(cls, model: HistGradientBoostingClassifier, card: dict) -> "AccountModel":
        """The account model of a saved artifact, with the threshold its card holds."""
        return cls(model, card["thresholds"]["fake_at_or_above"], card)

    def _matrix(self, authors: Sequence[Mapping]) -> np.ndarray:
        rows = [feature_values(author) for author in authors]
        return np.array([[row[name] for name in self.features] for row in rows], dtype=np.float64)

    def predict_proba(self, authors: Sequence[Mapping]) -> np.ndarray:
        """Per author, the probability that the account is fake, from its profile alone."""
        return self.model.predict_proba(self._matrix(authors))[:, 1] if authors else np.empty(0)

    def explain(self, authors: Sequence[Mapping]) -> list[list[str]]:
        """Per author, the profile facts that usually mark fake accounts."""
        scores = self.score(authors)
        return [account_reasons(author, score) for author, score in zip(authors, scores, strict=True)]

    def score(self, authors: Sequence[Mapping]) -> list[AccountScore]:
        if not authors:
            return []
        matrix = self._matrix(authors)
        probability = self.model.predict_proba(matrix)[:, 1]
        known = ~np.isnan(matrix)
        counts = known[:, self._counts].any(axis=1)
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
    if author.get("bio") is not None and not author["bio"].strip():
        reasons.append("the account has no bio")
    shape = username_shape(author.get("username"))
    if shape["username_digit_share"] >= 0.3:
        reasons.append("the username is mostly digits")
    if shape["username_consonant_run"] >= RANDOM_CONSONANT_RUN:
        reasons.append("the username looks like random letters")
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


BURST_WINDOW = timedelta(minutes=10)  # one account's comments this close together are a burst


def bursts(comments: Sequence[SeenComment], window: timedelta = BURST_WINDOW) -> list[int]:
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


def is_new(created_at: datetime | None, days: int | None = None, now: datetime | None = None) -> bool | None:
    """Whether an account is younger than `days`, by default crisis.toml's `new_account_days`
    (None: its age is unknown)."""
    if created_at is None:
        return None
    days = new_account_days() if days is None else days
    if created_at.tzinfo is None:  # platforms write UTC; a bare time is taken as such
        created_at = created_at.replace(tzinfo=UTC)
    return (now or datetime.now(UTC)) - created_at < timedelta(days=days)


def new_accounts(comments: Sequence[SeenComment], days: int | None = None,
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
