"""Readers for the account-metadata corpora in `../shared/corpora/` (the fake-account model's
data), each turned into the account model's features (`triage.model.fake_accounts.FEATURES`).

A field a set does not have stays NaN: unknown, as on a platform that does not show it. What
a set only shows as a number (instafake's username length and digit count, the Kaggle set's
digit share) fills just the features that number gives.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from triage.model.fake_accounts import FEATURES, feature_values


def read_instafake(root: Path) -> pd.DataFrame:
    """Account metadata (not text): used by the account model, not the text classifier."""
    folder = root / "instafake"
    fake = json.loads((folder / "fakeAccountData.json").read_text())
    real = json.loads((folder / "realAccountData.json").read_text())
    return pd.DataFrame(fake + real)


def _counts(followers: pd.Series, following: pd.Series, posts: pd.Series) -> dict[str, pd.Series]:
    return {"log_followers": np.log1p(followers), "log_following": np.log1p(following),
            "log_posts": np.log1p(posts),
            "following_per_follower": np.log1p(following) - np.log1p(followers),
            "posts_per_follower": np.log1p(posts) - np.log1p(followers)}


def _frame(columns: dict, fake: pd.Series, source: str) -> pd.DataFrame:
    """FEATURES (what a set lacks as NaN) + fake + source."""
    frame = pd.DataFrame(columns, index=fake.index).reindex(columns=FEATURES).astype(float)
    return frame.assign(fake=fake.astype(int).to_numpy(), source=source)


def instafake_features(rows: pd.DataFrame) -> pd.DataFrame:
    length = rows["usernameLength"].where(rows["usernameLength"] > 0)
    return _frame({
        **_counts(rows["userFollowerCount"], rows["userFollowingCount"], rows["userMediaCount"]),
        "has_profile_picture": rows["userHasProfilPic"],
        "is_private": rows["userIsPrivate"],
        "has_bio": (rows["userBiographyLength"] > 0).astype(float),
        "username_length": length,
        "username_digit_share": rows["usernameDigitCount"] / length,
    }, rows["isFake"], "instafake")


def read_kaggle_accounts(root: Path) -> pd.DataFrame:
    """The Kaggle set: its train file (576 rows) and its test file (120, one column fewer)."""
    folder = root / "ig-fake-spammer-kaggle"
    train = pd.read_csv(folder / "train.csv").assign(part="train")
    test = pd.read_csv(folder / "test_without_name_eq_username.csv").assign(part="test")
    return pd.concat([train, test], ignore_index=True)


def kaggle_features(rows: pd.DataFrame) -> pd.DataFrame:
    return _frame({
        **_counts(rows["#followers"], rows["#follows"], rows["#posts"]),
        "has_profile_picture": rows["profile pic"],
        "is_private": rows["private"],
        "has_bio": (rows["description length"] > 0).astype(float),
        "username_digit_share": rows["nums/length username"],
    }, rows["fake"], "kaggle")


CRESCI = "cresci2015-twitter-fake-followers"


def read_cresci(root: Path) -> pd.DataFrame:
    """cresci-2015: hand-checked humans (`users.csv`) and bought fake followers (`fusers.csv`),
    Twitter v1.1 user objects. Only the columns that mean the same on any platform are kept:
    never `lang`, `time_zone`, `location` or the bio's words (the humans are mostly Italian,
    the fakes English)."""
    folder = root / CRESCI
    columns = ["id", "screen_name", "name", "followers_count", "friends_count", "statuses_count",
               "default_profile_image", "protected", "description"]
    frames = [pd.read_csv(folder / file, usecols=columns, dtype={"screen_name": str, "name": str,
                                                                  "description": str}).assign(fake=fake)
              for file, fake in (("users.csv", 0), ("fusers.csv", 1))]
    return pd.concat(frames, ignore_index=True)


def cresci_authors(rows: pd.DataFrame) -> list[dict]:
    """Author dicts with PRODUCT.md field names. The dump writes a false boolean as an empty
    cell (1 or empty throughout), so empty `default_profile_image` / `protected` is false."""
    return [{
        "username": row.screen_name, "display_name": row.name if isinstance(row.name, str) else "",
        "followers": int(row.followers_count), "following": int(row.friends_count),
        "posts": int(row.statuses_count),
        "has_profile_picture": row.default_profile_image != 1, "is_private": row.protected == 1,
        "bio": row.description if isinstance(row.description, str) else "",
    } for row in rows.itertuples(index=False)]


def cresci_features(rows: pd.DataFrame) -> pd.DataFrame:
    """The features the desk computes from a live author, from the same author fields."""
    values = pd.DataFrame([feature_values(author) for author in cresci_authors(rows)], index=rows.index)
    return _frame(values.to_dict("series"), rows["fake"], "cresci")
