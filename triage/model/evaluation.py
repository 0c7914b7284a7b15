"""Scoring a classifier against labelled rows: the figures `triage evaluate` prints."""

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from triage.labels import LABELS, Label


def metrics(truth: Sequence[str], predicted: Sequence[str], own_labels_only: bool = False) -> dict:
    """macro_f1, accuracy and per_class for the labels that occur in truth or prediction
    (or, with own_labels_only, in truth: for a subset that lacks some labels by design)."""
    seen = set(truth) if own_labels_only else set(truth) | set(predicted)
    present = [label for label in LABELS if label in seen]
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=present, zero_division=0)
    per_class = {
        label: {"precision": round(float(p), 4), "recall": round(float(r), 4),
                "f1": round(float(f), 4), "support": int(s)}
        for label, p, r, f, s in zip(present, precision, recall, f1, support, strict=True)
    }
    return {
        "macro_f1": round(float(f1_score(truth, predicted, labels=present, average="macro",
                                         zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "rows": len(truth),
        "per_class": per_class,
    }


def per_source(truth: Sequence[str], predicted: Sequence[str], sources: Sequence[str],
               annotates: Sequence[str] | None = None) -> dict:
    """Macro-F1 within each source over the labels that source has (a corpus with two labels
    is judged on those two), plus accuracy, row count, per-class precision/recall/F1 and the
    desk's tasks the source can judge. `predicted` as `masked` returns it."""
    result = {}
    for source in sorted(set(sources)):
        rows = [i for i, s in enumerate(sources) if s == source]
        t = [truth[i] for i in rows]
        p = [predicted[i] for i in rows]
        own = sorted(set(t))
        result[source] = {
            "macro_f1": round(float(f1_score(t, p, labels=own, average="macro", zero_division=0)), 4),
            "accuracy": round(float(accuracy_score(t, p)), 4),
            "rows": len(rows),
            "labels": own,
            "per_class": {label: m for label, m in metrics(t, p)["per_class"].items() if label in own},
            "tasks": tasks(t, p, [annotates[i] for i in rows] if annotates is not None else None),
        }
    return result


def confusion(truth: Sequence[str], predicted: Sequence[str]) -> dict:
    """Rows: true label; columns: predicted label; counts (labels in LABELS order)."""
    present = [label for label in LABELS if label in set(truth) | set(predicted)]
    matrix = confusion_matrix(truth, predicted, labels=present)
    return {"labels": present, "rows_true_columns_predicted": matrix.tolist()}


def calibration(truth: Sequence[str], predicted: Sequence[str], confidence: Sequence[float],
                bins: int = 10) -> dict:
    """Reliability table (equal-width confidence bins: mean confidence vs accuracy) and the
    expected calibration error, the row-weighted mean gap between the two."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(truth) == np.asarray(predicted)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    table, error = [], 0.0
    for b in range(bins):
        inside = which == b
        if not inside.any():
            continue
        mean_confidence, accuracy = float(confidence[inside].mean()), float(correct[inside].mean())
        error += inside.sum() / len(confidence) * abs(mean_confidence - accuracy)
        table.append({"from": round(float(edges[b]), 2), "to": round(float(edges[b + 1]), 2),
                      "rows": int(inside.sum()), "mean_confidence": round(mean_confidence, 4),
                      "accuracy": round(accuracy, 4)})
    return {"ece": round(float(error), 4), "bins": table}


def review_threshold(truth: Sequence[str], predicted: Sequence[str], confidence: Sequence[float],
                     target_accuracy: float = 0.9) -> float:
    """The lowest confidence from which the predictions kept are right at least
    `target_accuracy` of the time; below it a suggestion is flagged for review."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(truth) == np.asarray(predicted)
    for threshold in np.round(np.arange(0.3, 0.96, 0.05), 2):
        kept = confidence >= threshold
        if kept.any() and correct[kept].mean() >= target_accuracy:
            return float(threshold)
    return 0.95


def masked(predicted: Sequence[str], annotates: Sequence[str] | None) -> list[str]:
    """Predictions as a source that annotates only some labels can judge them: a label the
    row's source does not annotate reads as `other` (none of the source's labels). A sentiment
    corpus's neutral row called a question is not a mistake the corpus can see."""
    if annotates is None:
        return list(predicted)
    other = Label.OTHER.value
    return [p if p == other or p in a.split() else other for p, a in zip(predicted, annotates, strict=True)]


# The desk's tasks (the judgement issue): one class against the rest, or two classes told
# apart where the truth is one of the two. A prediction of any third label (`other` above all)
# counts as a miss: a complaint filed as "needs nothing" is lost however it compares with
# support.
TASKS = {
    "attacks": ("one_vs_rest", (Label.ATTACK.value,)),
    "spam_from_text": ("one_vs_rest", (Label.FAKE_ACCOUNT.value,)),
    "complaint_vs_support": ("pair", (Label.COMPLAINT.value, Label.SUPPORT.value)),
    "info_request_vs_complaint": ("pair", (Label.INFO_REQUEST.value, Label.COMPLAINT.value)),
    "info_request_vs_support": ("pair", (Label.INFO_REQUEST.value, Label.SUPPORT.value)),
}


def tasks(truth: Sequence[str], predicted: Sequence[str], annotates: Sequence[str] | None = None) -> dict:
    """F1 per task: the class's F1 for one-vs-rest tasks (over rows whose source annotates the
    class), macro-F1 over the two classes for the two-way tasks (rows whose truth is one of
    them, and only when both occur)."""
    truth, predicted = np.asarray(truth), np.asarray(masked(predicted, annotates))
    result = {}
    for name, (kind, labels) in TASKS.items():
        if kind == "one_vs_rest":
            inside = (np.ones(len(truth), dtype=bool) if annotates is None
                      else np.array([labels[0] in a.split() for a in annotates], dtype=bool))
            positive = truth[inside] == labels[0]
            if positive.any() and not positive.all():
                result[name] = {"f1": round(float(f1_score(positive, predicted[inside] == labels[0])), 4),
                                "rows": int(inside.sum()), "positives": int(positive.sum())}
            continue
        inside = np.isin(truth, labels)
        if len(set(truth[inside])) < 2:
            continue
        score = f1_score(truth[inside], predicted[inside], labels=list(labels), average="macro",
                         zero_division=0)
        result[name] = {"macro_f1": round(float(score), 4), "rows": int(inside.sum())}
    return result
