"""Readers for the public corpora in `../shared/corpora/`, one function per source.

Each reader returns a DataFrame with columns `text`, `source`, `source_label` and `group`
(the unit that must not be split across train/validation/test, e.g. a YouTube video).
Mapping source labels to ours is data: `data/label_mapping.csv`, applied in `dataset.py`.
"""

import ast
import hashlib
import re
from pathlib import Path

import pandas as pd

from triage.errors import DataFileError

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


def _ibrohim2019_rows(root: Path) -> pd.DataFrame:
    return pd.read_csv(root / "id-multilabel-hate-abusive/re_dataset.csv", encoding="latin-1")


def read_ibrohim2019(root: Path) -> pd.DataFrame:
    rows = _ibrohim2019_rows(root)
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


def _smsa_rows(root: Path) -> pd.DataFrame:
    names = ["train_preprocess.tsv", "valid_preprocess.tsv", "test_preprocess.tsv"]
    parts = [
        pd.read_csv(root / "indonlu-smsa" / name, sep="\t", header=None, names=["text", "label"],
                    quoting=3)
        for name in names
    ]
    return pd.concat(parts, ignore_index=True)


def read_smsa(root: Path) -> pd.DataFrame:
    rows = _smsa_rows(root)
    return _frame(rows["text"], "smsa", rows["label"], None)


def read_nusax_english(root: Path) -> pd.DataFrame:
    names = ["train.csv", "valid.csv", "test.csv"]
    rows = pd.concat([pd.read_csv(root / "nusax-senti/english" / n) for n in names], ignore_index=True)
    return _frame(rows["text"], "nusax_en", rows["label"], None)


def _judol_rows(root: Path) -> pd.DataFrame:
    folder = root / "judol-youtube-comments"
    return pd.concat([pd.read_csv(folder / n) for n in ("dataset.csv", "normal.csv")], ignore_index=True)


def read_judol(root: Path) -> pd.DataFrame:
    rows = _judol_rows(root)
    label = rows["label"].map({1: "promo", 0: "normal"})
    return _frame(rows["comment"], "judol", label, "video:" + rows["id"].astype(str))


def read_seed(seed_file: Path) -> pd.DataFrame:
    rows = pd.read_csv(seed_file, keep_default_na=False)
    frame = pd.DataFrame({"text": rows["text"], "source": "seed", "source_label": rows["label"]})
    frame["group"] = frame["text"]
    return frame[COLUMNS]


# The sources added for judgement that transfers: questions to public services, real
# complaints and reactions to government programmes. Most carry no licence file: their rows
# are trained on but never written into the shipped data (see dataset.py, `restricted`).

# Place names that make a templated chatbot set recognisable ("... Tegal buka jam berapa").
_TEGAL_PLACES = re.compile(r"\b(?:kabupaten|kab\.?|kota)?\s*(?:tegal|slawi)\b|\bdatya dahayu\b",
                           re.IGNORECASE)
# Offices the Tegal set swaps into the same ~60 question templates; masked only in the key
# that groups a template's copies (so one template is one group), not in the text.
_TEGAL_OFFICES = re.compile(
    r"\b(?:bappenda|pdam|bpjs(?: ketenagakerjaan| kesehatan)?|taspen|kemenag|disdukcapil|dukcapil|dinsos|"
    r"dinas (?:sosial|koperasi ukm|lingkungan hidup|pendidikan)|koperasi(?: ukm)?|dlh|pengadilan negeri|"
    r"kejaksaan(?: negeri)?|polres|samsat|(?:kantor )?imigrasi|(?:kantor )?pos|pupr|dpmptsp|perintransnaker|"
    r"mpp|mal pelayanan publik|bank (?:jateng|tegal)|kpp(?: pratama)?|pratama|kantor)\b", re.IGNORECASE)


def _template_key(text: str, names: re.Pattern) -> str:
    return re.sub(r"\W+", " ", names.sub("x", text.lower())).strip()


def read_tegal(root: Path) -> pd.DataFrame:
    rows = pd.read_csv(root / "tegal-gov-chatbot-intents/dataset_training.csv", dtype=str)
    rows = rows[rows["intent"] != "intent"]  # a repeated header row
    text = rows["pattern"].str.strip().map(lambda t: re.sub(r"\s+", " ", _TEGAL_PLACES.sub(" ", t)).strip())
    group = text.map(lambda t: "template:" + _template_key(t, _TEGAL_OFFICES))
    return _frame(text.to_numpy(), "tegal", "question", group.to_numpy())


def _python_literal(path: Path, name: str):
    """A value assigned in a Python file, read with `ast.literal_eval`: never imported."""
    source = path.read_text(encoding="utf-8")
    start = source.index(f"{name} = ") + len(f"{name} = ")
    end = source.index("\n]", start) + 2
    return ast.literal_eval(source[start:end])


def read_banknagari(root: Path) -> pd.DataFrame:
    items = _python_literal(root / "banknagari-chatbot-intents/dataset.py", "training_data")
    texts, labels, groups = [], [], []
    for item in items:
        entities = item.get("entities") or item.get("entites") or {}  # the file spells it both ways
        values = entities.values() if isinstance(entities, dict) else entities
        names = [str(v).replace("_", " ") for v in values if isinstance(v, str)]
        pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE) if names else None
        texts.append(item["text"])
        labels.append(item["intent"])
        key = _template_key(item["text"], pattern) if pattern else item["text"].lower()
        groups.append("template:" + key)
    return _frame(texts, "banknagari", labels, groups)


def _detokenise(tokens: str) -> str:
    text = " ".join(ast.literal_eval(tokens))
    return re.sub(r"\s+([?,.!:;)])", r"\1", re.sub(r"([(])\s+", r"\1", text))


def read_facqa(root: Path) -> pd.DataFrame:
    names = ["train_preprocess.csv", "valid_preprocess.csv", "test_preprocess.csv"]
    rows = pd.concat([pd.read_csv(root / "indonlu-facqa" / n) for n in names], ignore_index=True)
    return _frame(rows["question"].map(_detokenise), "facqa", "question", None)


def read_xsid(root: Path) -> pd.DataFrame:
    texts, intents = [], []
    for name in ("id.valid.conll", "id.test.conll"):
        text = intent = None
        for line in (root / "xsid-id-intents" / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("# text = "):
                text = line[len("# text = "):]
            elif line.startswith("# intent = "):
                intent = line[len("# intent = "):]
            elif not line.strip() and text is not None:
                texts.append(text)
                intents.append(intent)
                text = intent = None
        if text is not None:
            texts.append(text)
            intents.append(intent)
    return _frame(texts, "xsid", intents, None)


def surabaya_texts(root: Path) -> pd.Series:
    return pd.read_excel(root / "surabaya-mediacenter-complaints/Dataset_Anotasi.xlsx")["keluhan"]


def read_surabaya(root: Path) -> pd.DataFrame:
    return _frame(surabaya_texts(root).astype(str).to_numpy(), "surabaya", "complaint_channel", None)


def vaccines_texts(root: Path) -> pd.DataFrame:
    return pd.read_csv(root / "id-vaccines-tweets/id_vaccines_tweets.csv")


def read_vaccines(root: Path) -> pd.DataFrame:
    rows = vaccines_texts(root).dropna(subset=["norm"])
    names = rows["posneg"].map({-1.0: "negative", 0.0: "neutral", 1.0: "positive"})
    return _frame(rows["norm"].to_numpy(), "vaccines", names.to_numpy(), None)


def _kemensos_rows(root: Path) -> pd.DataFrame:
    return pd.read_csv(root / "kemensos-cekbansos-reviews/dataset.csv")


def read_kemensos(root: Path) -> pd.DataFrame:
    rows = _kemensos_rows(root).dropna(subset=["content"])
    return _frame(rows["content"].to_numpy(), "kemensos", rows["label"].str.lower().to_numpy(), None)


# Labels assigned here (data/labelled_here/, GUIDELINE.md) name their text by a key: the
# first 16 hex digits of the SHA-256 of the corpus cell as read below, stripped. The texts
# are joined back here, so that no unlicensed text is copied into the repository.
def _raw_percuma(root: Path) -> pd.Series:
    return pd.read_csv(root / "percumalaporpolisi-tweets/Analisis_sentimen.csv")["word"]


# corpus folder -> (source name of the rows labelled here, how its text cells are read, how a
# cell is turned into a training text)
LABELLED_HERE = {
    "percumalaporpolisi-tweets": ("percuma_here", _raw_percuma, None),
    "surabaya-mediacenter-complaints": ("surabaya_here", surabaya_texts, None),
    "kemensos-cekbansos-reviews": ("kemensos_here", lambda root: _kemensos_rows(root)["content"], None),
    "id-vaccines-tweets": ("vaccines_here", lambda root: vaccines_texts(root)["norm"], None),
    "indonlu-smsa": ("smsa_here", lambda root: _smsa_rows(root)["text"], None),
    "id-multilabel-hate-abusive": ("ibrohim2019_here", lambda root: _ibrohim2019_rows(root)["Tweet"],
                                   _repair_mojibake),
    "judol-youtube-comments": ("judol_here", lambda root: _judol_rows(root)["comment"], None),
}
# The hashtag every #PercumaLaporPolisi tweet carries: masked, or the model keys on it.
_CAMPAIGN_TAG = re.compile(r"#?percumalaporpolisi", re.IGNORECASE)


def text_key(cell: str) -> str:
    return hashlib.sha256(str(cell).strip().encode("utf-8")).hexdigest()[:16]


def read_labelled_here(root: Path, folder: Path) -> pd.DataFrame:
    """Rows labelled here, their texts joined back from the corpora by key."""
    frames = []
    for corpus, (source, raw_texts, repair) in LABELLED_HERE.items():
        path = folder / f"{corpus}.csv"
        if not path.exists():
            continue
        labels = pd.read_csv(path, keep_default_na=False, dtype=str)
        cells = raw_texts(root).dropna().astype(str).str.strip()
        by_key = dict(zip(cells.map(text_key), cells, strict=True))
        missing = sorted(set(labels["key"]) - set(by_key))
        if missing:
            raise DataFileError(f"{path}: {len(missing)} keys match no text of {corpus} "
                                f"(first: {missing[0]})")
        texts = [by_key[key] for key in labels["key"]]
        if repair:
            texts = [repair(text) for text in texts]
        texts = [_CAMPAIGN_TAG.sub(" ", text) for text in texts]
        frames.append(_frame(texts, source, labels["label"].to_numpy(), None))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)


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
    "tegal": read_tegal,
    "banknagari": read_banknagari,
    "facqa": read_facqa,
    "xsid": read_xsid,
    "surabaya": read_surabaya,
    "vaccines": read_vaccines,
    "kemensos": read_kemensos,
}
