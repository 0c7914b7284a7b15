"""`triage train`: fit the classifier on the built splits and write a versioned artifact."""

import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from triage import artifact, classifier, evaluation
from triage.classifier import TextClassifier
from triage.dataset import data_hash
from triage.settings import PROJECT_ROOT

SPLIT_FILES = ("train.csv", "valid.csv", "test.csv")
# Written agency examples are few but closest to the desk's comments; weight 4 was chosen on
# the validation split (seed macro-F1 0.63 -> 0.73, overall unchanged; 10 gave no more).
SEED_WEIGHT = 4.0
SOURCES_FILE = PROJECT_ROOT / "data" / "sources.csv"


def read_split(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, dtype=str)


def next_version(model_dir: Path, today: date) -> str:
    """Date versions: 2026.11.27, then 2026.11.27.2 for a second model the same day."""
    base = today.strftime("%Y.%m.%d")
    taken = {p.name for p in model_dir.glob(f"{base}*")} if model_dir.exists() else set()
    if base not in taken:
        return base
    return next(f"{base}.{n}" for n in range(2, 1000) if f"{base}.{n}" not in taken)


def _fit(rows: pd.DataFrame, params: dict) -> TextClassifier:
    weight = np.where(rows["source"] == "seed", SEED_WEIGHT, 1.0)
    return TextClassifier(classifier.fit(rows.text.tolist(), rows.label.tolist(), weight, **params))


def _scores(model: TextClassifier, split: pd.DataFrame) -> dict:
    predicted = [p.label for p in model.predict(split["text"].tolist())]
    truth = split["label"].tolist()
    return {**evaluation.metrics(truth, predicted),
            "per_source": evaluation.per_source(truth, predicted, split["source"].tolist())}


def train(data_dir: Path, model_dir: Path, version: str | None = None, **params) -> dict:
    """Fit on train and score validation; refit on train+validation and score the held-out
    test split; save the refit model with its card. Returns the card."""
    train_rows, valid_rows, test_rows = (read_split(data_dir / name) for name in SPLIT_FILES)
    params = {**classifier.DEFAULT_PARAMS, **params}
    started = time.perf_counter()
    first = _fit(train_rows, params)
    validation = _scores(first, valid_rows)
    both = pd.concat([train_rows, valid_rows], ignore_index=True)
    final = _fit(both, params)
    seconds = round(time.perf_counter() - started, 1)
    version = version or next_version(model_dir, date.today())
    card = {
        "name": model_dir.name,
        "version": version,
        "kind": "text classifier: TF-IDF word 1-2 and char 2-5 n-grams, LinearSVC, sigmoid calibration",
        "git_commit": artifact.git_commit(data_dir),
        "labels": list(final.pipeline.classes_),
        "params": {**params, "seed_weight": SEED_WEIGHT},
        "training_seconds": seconds,
        "data": _data_section(data_dir, train_rows, valid_rows, test_rows),
        "metrics": {"validation_fit_on_train": validation, "test": _scores(final, test_rows)},
        "thresholds": {},
    }
    return artifact.save(final, model_dir / version, card)


def _data_section(data_dir: Path, *splits: pd.DataFrame) -> dict:
    sources = pd.read_csv(SOURCES_FILE, keep_default_na=False)
    used = set().union(*(set(s["source"]) for s in splits))
    return {
        "files": [str(Path(data_dir.name) / n) for n in SPLIT_FILES],
        "sha256": data_hash([data_dir / name for name in SPLIT_FILES]),
        "rows": dict(zip(("train", "valid", "test"), (len(s) for s in splits), strict=True)),
        "licences": {row.source: row.licence for row in sources.itertuples() if row.source in used},
        "note": "Share-alike and non-commercial terms of CC BY-NC-SA sources apply to this model.",
    }
