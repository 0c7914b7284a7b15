"""`triage train`: fit the classifier on the built splits and write a versioned artifact
whose card holds the evaluation report (per class, per source, confusion, calibration, the
desk's five tasks, leave-one-source-out)."""

import json
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from triage.labels import LABELS
from triage.model import artifact, classifier, evaluation, thresholds
from triage.model.classifier import TextClassifier
from triage.settings import PROJECT_ROOT
from triage.training import DATA_DIR, SOURCES_FILE, dataset
from triage.training.dataset import curated, data_hash

SPLIT_FILES = ("train.csv", "valid.csv", "test.csv")
# Rows labelled with all six labels in mind (written here, labelled here, the desk's own) are
# few but closest to the desk's comments. They alone teach the rule that joins the detectors;
# in the detectors they weigh CURATED_WEIGHT times a corpus row.
CURATED_WEIGHT = 2.0
LEXICON_FILE = DATA_DIR / "lexicon" / "slang.csv"
MIN_ROWS_TO_JUDGE = 30  # a source with fewer rows gives no figure worth quoting


def read_lexicon(path: Path = LEXICON_FILE) -> dict[str, str]:
    rows = pd.read_csv(path, keep_default_na=False, dtype=str)
    return dict(zip(rows["slang"], rows["standard"], strict=True))


def next_version(model_dir: Path, today: date) -> str:
    """Date versions: 2026.11.27, then 2026.11.27.2 for a second model the same day."""
    base = today.strftime("%Y.%m.%d")
    taken = {p.name for p in model_dir.glob(f"{base}*")} if model_dir.exists() else set()
    if base not in taken:
        return base
    return next(f"{base}.{n}" for n in range(2, 1000) if f"{base}.{n}" not in taken)


def _fit(rows: pd.DataFrame, params: dict) -> TextClassifier:
    chosen = curated(rows["source"])
    weight = np.where(chosen, CURATED_WEIGHT, 1.0)
    pipeline = classifier.fit(rows.text.tolist(), rows.label.tolist(), weight, rows["annotates"].tolist(),
                              rows["source"].tolist(), chosen, **params)
    return TextClassifier(pipeline)


def _predict(model: TextClassifier, texts: list[str]) -> tuple[list[str], np.ndarray]:
    proba = model.predict_proba(texts)
    return [LABELS[i] for i in proba.argmax(axis=1)], proba


def _annotates(split: pd.DataFrame) -> list[str] | None:
    return split["annotates"].tolist() if "annotates" in split.columns else None


def report(model: TextClassifier, split: pd.DataFrame) -> dict:
    """Everything `triage evaluate` and the card show for one labelled split. Rows of a source
    that annotates only some labels are judged on those (`evaluation.masked`)."""
    predicted, proba = _predict(model, split["text"].tolist())
    annotates = _annotates(split)
    judged = evaluation.masked(predicted, annotates)
    truth = split["label"].tolist()
    result = {**evaluation.metrics(truth, judged),
              "tasks": evaluation.tasks(truth, predicted, annotates),
              "confusion": evaluation.confusion(truth, judged),
              "calibration": evaluation.calibration(truth, judged, proba.max(axis=1))}
    if "source" in split.columns:
        sources = split["source"].tolist()
        result["per_source"] = evaluation.per_source(truth, judged, sources, annotates)
        chosen = curated(split["source"])
        if chosen.any() and not chosen.all():
            # The written and labelled-here rows: the only ones judged on all six labels.
            result["curated_sources_only"] = evaluation.metrics(
                [t for t, c in zip(truth, chosen, strict=True) if c],
                [p for p, c in zip(judged, chosen, strict=True) if c])
    return result


def corpus_of(sources: pd.Series) -> pd.Series:
    """The corpus each row comes from (sources.csv): leaving a corpus out leaves out both its
    rows mapped from the corpus's own labels and the rows of it labelled here."""
    table = pd.read_csv(SOURCES_FILE, keep_default_na=False, dtype=str).set_index("source")["corpus"]
    return sources.map(lambda source: table.get(source, source))


def leave_one_source_out(rows: pd.DataFrame, params: dict, corpora: list[str] | None = None) -> dict:
    """For each corpus: fit on every other (the written examples included, unless it is the one
    left out), score all rows of the left-out one, per source of it and per task. How the model
    does on a platform and topic it never saw: no figure here comes from a source it saw."""
    return _left_out_scores(left_out_predictions(rows, params, corpora))


def _left_out_scores(left_out) -> dict:
    result = {}
    for _, held_out, predicted, _ in left_out:
        annotates = held_out["annotates"].tolist()
        scores = evaluation.per_source(held_out["label"].tolist(), evaluation.masked(predicted, annotates),
                                       held_out["source"].tolist(), annotates)
        result.update(scores)
    return result


def left_out_predictions(rows: pd.DataFrame, params: dict, corpora: list[str] | None = None):
    """For each corpus: (its name, its rows from sources big enough to judge, the labels and
    probabilities a model fit on every other corpus gives them)."""
    corpus = corpus_of(rows["source"])
    for name in corpora or sorted(set(corpus)):
        held_out = rows[corpus == name]
        judged = [s for s, part in held_out.groupby("source") if len(part) >= MIN_ROWS_TO_JUDGE]
        if not judged:
            continue
        model = _fit(rows[corpus != name], params)
        held_out = held_out[held_out["source"].isin(judged)]
        predicted, proba = _predict(model, held_out["text"].tolist())
        yield name, held_out, predicted, proba


def train(data_dir: Path, model_dir: Path, version: str | None = None, leave_one_out: bool = True,
          use_lexicon: bool = False, desk_file: Path | None = None, restricted_dir: Path | None = None,
          auto_precision: float = 0.98, **params) -> dict:
    """Fit on train and score validation (where thresholds are chosen); refit on
    train+validation and score the held-out test split; save the refit model with its card.
    `restricted_dir`: the rows of sources we may train on but not ship (default: the
    `restricted` folder beside `data_dir`, when it exists). `desk_file`: the desk's own
    corrections, added to training only (never to the splits the model is judged on)."""
    restricted_dir = restricted_dir or dataset.restricted_dir_of(data_dir)
    splits = dataset.read_splits(data_dir, restricted_dir if restricted_dir.is_dir() else None)
    desk_rows = dataset.read_split(desk_file) if desk_file else None
    if desk_rows is not None:  # their source is "desk" (triage.store.corrections)
        splits["train"] = pd.concat([splits["train"], desk_rows[splits["train"].columns]], ignore_index=True)
    params = {**classifier.DEFAULT_PARAMS, **params,
              "lexicon": read_lexicon() if use_lexicon else None}
    fitted = _fit_and_judge(splits, params)
    data = {**_data_section(data_dir, restricted_dir, splits["train"], splits["valid"], splits["test"]),
            **(_desk_section(desk_file, desk_rows) if desk_rows is not None else {})}
    card = {"name": model_dir.name, "version": version or next_version(model_dir, date.today()),
            **_text_card(fitted, params, use_lexicon, artifact.git_commit(data_dir), data)}
    every_row = pd.concat([splits["train"], splits["valid"], splits["test"]], ignore_index=True)
    left_out = list(left_out_predictions(every_row, params)) if leave_one_out else None
    if left_out is not None:
        card["metrics"]["leave_one_source_out"] = _left_out_scores(left_out)
    section, figures = auto_resolution(fitted.first, fitted.final, splits["valid"], splits["test"],
                                       auto_precision, left_out)
    card["thresholds"].update(section)
    card["metrics"]["auto_resolve"] = figures
    return artifact.save(fitted.final, model_dir / card["version"], card)


@dataclass(frozen=True)
class _Fitted:
    first: TextClassifier  # fit on train: it chooses the thresholds on validation
    final: TextClassifier  # refit on train + validation: the one saved
    validation: dict  # `report` of `first` on validation
    test: dict  # `report` of `final` on test
    seconds: float


def _fit_and_judge(splits: dict[str, pd.DataFrame], params: dict) -> _Fitted:
    train_rows, valid_rows, test_rows = splits["train"], splits["valid"], splits["test"]
    started = time.perf_counter()
    first = _fit(train_rows, params)
    validation = report(first, valid_rows)
    predicted, proba = _predict(first, valid_rows["text"].tolist())
    review_below = evaluation.review_threshold(
        valid_rows["label"].tolist(), evaluation.masked(predicted, _annotates(valid_rows)), proba.max(axis=1))
    final = _fit(pd.concat([train_rows, valid_rows], ignore_index=True), params)
    final.review_below = review_below
    seconds = round(time.perf_counter() - started, 1)
    test = report(final, test_rows)
    test["needs_review_share"] = round(float((final.predict_proba(test_rows["text"].tolist()).max(axis=1)
                                              < review_below).mean()), 4)
    return _Fitted(first, final, validation, test, seconds)


def _text_card(fitted: _Fitted, params: dict, use_lexicon: bool, git_commit: str | None, data: dict) -> dict:
    """The card's sections on the model: what it is, how and on what it was fit, its figures."""
    return {
        "kind": "text classifier: hashed word 1-2 and char 2-4 n-grams (TF-IDF) and speech-act cues; "
                "five logistic-regression detectors, each fit on the sources that annotate its label, "
                "joined by a multinomial logistic regression fit on the rows labelled with all six labels",
        "git_commit": git_commit,
        "labels": list(fitted.final.pipeline.classes_),
        "params": {**{k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()},
                   "lexicon": str(LEXICON_FILE.relative_to(PROJECT_ROOT)) if use_lexicon else None,
                   "curated_weight": CURATED_WEIGHT},
        "joining_rule": _joining_rule(fitted.final),
        "training_seconds": fitted.seconds,
        "data": data,
        "metrics": {"validation_fit_on_train": fitted.validation, "test": fitted.test},
        "thresholds": {"needs_review_below": fitted.final.review_below,
                       "needs_review_rule": "lowest confidence from which validation predictions "
                                            "are right at least 90% of the time"},
    }


def _desk_section(desk_file: Path, desk_rows: pd.DataFrame) -> dict:
    return {"desk": {"file": str(desk_file.name), "rows": len(desk_rows), "sha256": data_hash([desk_file]),
                     "provenance": "overrides, corrections and reviews recorded at the desk"}}


def _joining_rule(model: TextClassifier) -> dict:
    """The learned rule that joins the detectors, for the card: each label's weight on each
    detector's log-odds, and its constant."""
    from triage.model.detectors import DETECTED

    step = model.pipeline.named_steps["model"]
    return {label: {"weights": dict(zip(DETECTED, np.round(row, 3).tolist(), strict=True)),
                    "constant": round(float(constant), 3)}
            for label, row, constant in zip(step.classes_, step.combiner_coef_, step.combiner_intercept_,
                                            strict=True)}


def _data_section(data_dir: Path, restricted_dir: Path, *splits: pd.DataFrame) -> dict:
    sources = pd.read_csv(SOURCES_FILE, keep_default_na=False, dtype=str)
    used = set().union(*(set(s["source"]) for s in splits))
    restricted = [restricted_dir / name for name in SPLIT_FILES if (restricted_dir / name).exists()]
    return {
        "files": [str(Path(data_dir.name) / n) for n in SPLIT_FILES],
        "sha256": data_hash([data_dir / name for name in SPLIT_FILES]),
        "restricted_sha256": data_hash(restricted) if restricted else None,
        "rows": dict(zip(("train", "valid", "test"), (len(s) for s in splits), strict=True)),
        "licences": {row.source: row.licence for row in sources.itertuples() if row.source in used},
        "not_redistributable": sorted(row.source for row in sources.itertuples()
                                      if row.source in used and row.redistributable == "no"),
        "note": "Share-alike and non-commercial terms of CC BY-NC-SA sources apply to this model. Sources "
                "without a licence file were trained on (their text is not shipped: data/restricted/ is "
                "rebuilt from the corpora by `triage data build`); all rights in them stay with their "
                "authors.",
    }


def auto_resolution(chooser: TextClassifier, final: TextClassifier, valid_rows: pd.DataFrame,
                    test_rows: pd.DataFrame, target: float,
                    left_out: list | None = None) -> tuple[dict, dict]:
    """Thresholds for resolving without a person, chosen on validation with `chooser` (a model
    that never saw those rows), and what they give: on validation, on the test split with
    `final`, and, given `left_out` (`left_out_predictions`), on each corpus scored by a model
    fit without it.
    Returns (the card's thresholds section, the card's metrics section)."""
    def on(model: TextClassifier, rows: pd.DataFrame) -> tuple:
        predicted, proba = _predict(model, rows["text"].tolist())
        return rows["label"].tolist(), predicted, proba.max(axis=1), _annotates(rows)

    truth, predicted, confidence, annotates = on(chooser, valid_rows)
    chosen = thresholds.choose_all(truth, predicted, confidence, annotates, target)
    figures = {"target_precision": target,
               "validation_fit_on_train": thresholds.measure(truth, predicted, confidence, annotates, chosen),
               "test": thresholds.measure(*on(final, test_rows), chosen)}
    refused = {}
    if left_out is not None:
        per_corpus = {name: thresholds.measure(held_out["label"].tolist(), predicted, proba.max(axis=1),
                                               held_out["annotates"].tolist(), chosen)
                      for name, held_out, predicted, proba in left_out}
        pooled = thresholds.pooled(list(per_corpus.values()))
        figures["leave_one_source_out"] = {"pooled": pooled, "per_corpus": per_corpus}
        refused = thresholds.refused_out_of_source(chosen, pooled, target)
    section = {"auto_resolve_from": {label: None if label in refused else t for label, t in chosen.items()},
               "auto_resolve_chosen_on_validation": chosen, "auto_resolve_refused": refused,
               "auto_resolve_target": target, "auto_resolve_rule": thresholds.RULE}
    return section, figures


def params_of(card: dict) -> dict:
    """The fitting parameters a card records, as `_fit` takes them."""
    params = {k: v for k, v in card["params"].items() if k in classifier.DEFAULT_PARAMS}
    params["char_orders"] = tuple(params.get("char_orders", classifier.DEFAULT_PARAMS["char_orders"]))
    params["steps"] = tuple(params.get("steps", classifier.DEFAULT_PARAMS["steps"]))
    params["lexicon"] = read_lexicon() if params.get("lexicon") else None
    return params


def set_auto_thresholds(model_path: Path, data_dir: Path, target: float, leave_one_out: bool = True) -> dict:
    """Choose a saved model's auto-resolve thresholds without retraining it: a model fit on the
    training split as `train` fit its first one chooses them on validation; the saved model is
    judged on test. The card gains them (its checksum covers model.joblib, which is unchanged)."""
    loaded = artifact.load(model_path)
    card = loaded.card
    restricted_dir = dataset.restricted_dir_of(data_dir)
    splits = dataset.read_splits(data_dir, restricted_dir if restricted_dir.is_dir() else None)
    params = params_of(card)
    chooser = _fit(splits["train"], params)
    left_out = (list(left_out_predictions(pd.concat(list(splits.values()), ignore_index=True), params))
                if leave_one_out else None)
    section, figures = auto_resolution(chooser, loaded.classifier, splits["valid"], splits["test"], target,
                                       left_out)
    card["thresholds"] = {**card.get("thresholds", {}), **section}
    card["metrics"]["auto_resolve"] = figures
    card_path = model_path.parent / artifact.CARD
    card_path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    return card
