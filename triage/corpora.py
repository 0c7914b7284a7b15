"""Readers for the public corpora in `../shared/corpora/`, one function per source.

Each reader returns a DataFrame with columns `text`, `source`, `source_label` and `group`
(the unit that must not be split across train/validation/test, e.g. a YouTube video).
Mapping source labels to ours is data: `data/label_mapping.csv`, applied in `dataset.py`.
"""

import re
from pathlib import Path

import pandas as pd

COLUMNS = ["text", "source", "source_label", "group"]

# The Ibrohim sets store emoji as literal UTF-8 escapes ("\xf0\x9f\x98\x82") and newlines as
# "\n"; left alone, those strings would teach the model which corpus a text came from.
_BYTE_ESCAPES = re.compile(r"(?:\\x[0-9a-fA-F]{2})+")
# Placeholders the corpora put where usernames and links were; mapped to what real text has.
_PLACEHOLDERS = [
    (re.compile(r"\[USERNAME\]|\bUSER\b"), "@user"),
    (re.compile(r"\[URL\]|\bURL\b"), "http://url"),
    (re.compile(r"^RT\s+@user\s*:?\s*"), ""),
]
_QUOTE_BLOCK = re.compile(r"\[quote=[^\]]*\].*?\[/quote\]", re.IGNORECASE | re.DOTALL)


def _decode_escapes(match: re.Match[str]) -> str:
    raw = bytes(int(part, 16) for part in match.group(0).split("\\x")[1:])
    return raw.decode("utf-8", errors="ignore")


def clean(text: str) -> str:
    """Undo corpus-specific encoding artefacts so all sources look like live comments."""
    text = _BYTE_ESCAPES.sub(_decode_escapes, str(text))
    text = text.replace("\\n", "\n")
    text = _QUOTE_BLOCK.sub(" ", text)
    for pattern, replacement in _PLACEHOLDERS:
        text = pattern.sub(replacement, text)
    return text.strip().strip("'\"").strip()


def _frame(text, source: str, source_label, group) -> pd.DataFrame:
    frame = pd.DataFrame({"text": text, "source": source, "source_label": source_label})
    frame["text"] = frame["text"].map(clean)
    frame["group"] = group if group is not None else frame["text"]
    return frame[COLUMNS]


def read_ibrohim2019(root: Path) -> pd.DataFrame:
    rows = pd.read_csv(root / "id-multilabel-hate-abusive/re_dataset.csv", encoding="latin-1")
    # The file is UTF-8 bytes read as latin-1 in places; latin-1 decoding never fails.
    text = rows["Tweet"].map(_repair_mojibake)
    hostile = (rows["HS"] == 1) | (rows["Abusive"] == 1)
    return _frame(text, "ibrohim2019", hostile.map({True: "hate_or_abusive", False: "neither"}), None)


def _repair_mojibake(text: str) -> str:
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return text


def read_ibrohim2018(root: Path) -> pd.DataFrame:
    rows = pd.read_csv(root / "id-abusive-2018/re_dataset_three_labels.csv")
    names = {1: "not_abusive", 2: "abusive_not_offensive", 3: "offensive"}
    return _frame(rows["Tweet"], "ibrohim2018", rows["Label"].map(names), None)


def read_netifier(root: Path) -> pd.DataFrame:
    files = ["netifier-toxicity/raw_train.csv", "netifier-toxicity/raw_test.csv"]
    rows = pd.concat([pd.read_csv(root / name) for name in files], ignore_index=True)
    hostile = rows[["sara", "radikalisme", "pencemaran_nama_baik"]].sum(axis=1) > 0
    label = pd.Series("none", index=rows.index)
    label[rows["pornografi"] == 1] = "porn_only"
    label[hostile] = "insult_hate_radical"
    return _frame(rows["original_text"], "netifier", label, None)


def read_smsa(root: Path) -> pd.DataFrame:
    names = ["train_preprocess.tsv", "valid_preprocess.tsv", "test_preprocess.tsv"]
    parts = [
        pd.read_csv(root / "indonlu-smsa" / name, sep="\t", header=None, names=["text", "label"],
                    quoting=3)
        for name in names
    ]
    rows = pd.concat(parts, ignore_index=True)
    return _frame(rows["text"], "smsa", rows["label"], None)


def read_nusax_english(root: Path) -> pd.DataFrame:
    names = ["train.csv", "valid.csv", "test.csv"]
    rows = pd.concat([pd.read_csv(root / "nusax-senti/english" / n) for n in names], ignore_index=True)
    return _frame(rows["text"], "nusax_en", rows["label"], None)


def read_judol(root: Path) -> pd.DataFrame:
    folder = root / "judol-youtube-comments"
    promo = pd.read_csv(folder / "dataset.csv")
    normal = pd.read_csv(folder / "normal.csv")
    rows = pd.concat([promo, normal], ignore_index=True)
    label = rows["label"].map({1: "promo", 0: "normal"})
    return _frame(rows["comment"], "judol", label, "video:" + rows["id"].astype(str))


def read_seed(seed_file: Path) -> pd.DataFrame:
    rows = pd.read_csv(seed_file, keep_default_na=False)
    frame = pd.DataFrame({"text": rows["text"], "source": "seed", "source_label": rows["label"]})
    frame["group"] = frame["text"]
    return frame[COLUMNS]


def read_slang_lexicons(root: Path) -> pd.DataFrame:
    """Slang / "alay" spellings and their standard words (columns slang, standard, source):
    netifier's slangword.csv and the Ibrohim sets' kamusalay files, first source wins."""
    parts = [
        pd.read_csv(root / "netifier-toxicity/slangword.csv").set_axis(["slang", "standard"], axis=1)
        .assign(source="netifier slangword.csv"),
        pd.read_csv(root / "id-multilabel-hate-abusive/new_kamusalay.csv", header=None, encoding="latin-1",
                    names=["slang", "standard"]).assign(source="ibrohim2019 new_kamusalay.csv"),
        pd.read_csv(root / "id-abusive-2018/kamusalay.csv", header=None, encoding="latin-1",
                    names=["slang", "standard"]).assign(source="ibrohim2018 kamusalay.csv"),
    ]
    rows = pd.concat(parts, ignore_index=True).dropna()
    rows["slang"] = rows["slang"].str.strip().str.lower()
    rows["standard"] = rows["standard"].str.strip().str.lower()
    one_word = ~rows["slang"].str.contains(r"\s") & (rows["slang"] != rows["standard"])
    return rows[one_word & (rows["slang"] != "")].drop_duplicates("slang", keep="first")


TEXT_READERS = {
    "ibrohim2019": read_ibrohim2019,
    "ibrohim2018": read_ibrohim2018,
    "netifier": read_netifier,
    "smsa": read_smsa,
    "nusax_en": read_nusax_english,
    "judol": read_judol,
}
