"""Readers for the account-metadata corpora in `../shared/corpora/` (the fake-account model's
data), each turned into the account model's features (`triage.accounts.FEATURES`)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd


def read_instafake(root: Path) -> pd.DataFrame:
    """Account metadata (not text): used by the account model, not the text classifier."""
    folder = root / "instafake"
    fake = json.loads((folder / "fakeAccountData.json").read_text())
    real = json.loads((folder / "realAccountData.json").read_text())
    return pd.DataFrame(fake + real)


# The account model's inputs (triage.accounts.FEATURES) from each metadata set. A column a set
# does not have stays NaN: unknown, as on a platform that does not show it.
def instafake_features(rows: pd.DataFrame) -> pd.DataFrame:
    length = rows["usernameLength"].where(rows["usernameLength"] > 0)
    return pd.DataFrame({
        "log_followers": np.log1p(rows["userFollowerCount"]),
        "log_following": np.log1p(rows["userFollowingCount"]),
        "log_posts": np.log1p(rows["userMediaCount"]),
        "following_per_follower": np.log1p(rows["userFollowingCount"]) - np.log1p(rows["userFollowerCount"]),
        "has_profile_picture": rows["userHasProfilPic"].astype(float),
        "is_private": rows["userIsPrivate"].astype(float),
        "bio_length": rows["userBiographyLength"].astype(float),
        "username_length": length.astype(float),
        "username_digit_share": rows["usernameDigitCount"] / length,
        "display_name_words": np.nan,
        "fake": rows["isFake"].astype(int),
        "source": "instafake",
    })


def read_kaggle_accounts(root: Path) -> pd.DataFrame:
    """The Kaggle set: its train file (576 rows) and its test file (120, one column fewer)."""
    folder = root / "ig-fake-spammer-kaggle"
    train = pd.read_csv(folder / "train.csv").assign(part="train")
    test = pd.read_csv(folder / "test_without_name_eq_username.csv").assign(part="test")
    return pd.concat([train, test], ignore_index=True)


def kaggle_features(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "log_followers": np.log1p(rows["#followers"]),
        "log_following": np.log1p(rows["#follows"]),
        "log_posts": np.log1p(rows["#posts"]),
        "following_per_follower": np.log1p(rows["#follows"]) - np.log1p(rows["#followers"]),
        "has_profile_picture": rows["profile pic"].astype(float),
        "is_private": rows["private"].astype(float),
        "bio_length": rows["description length"].astype(float),
        "username_length": np.nan,
        "username_digit_share": rows["nums/length username"].astype(float),
        "display_name_words": rows["fullname words"].astype(float),
        "fake": rows["fake"].astype(int),
        "source": "kaggle",
    })
