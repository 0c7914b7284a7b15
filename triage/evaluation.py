"""Scoring a classifier against labelled rows: the figures `triage evaluate` prints."""

from collections.abc import Sequence

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from triage.labels import LABELS


def metrics(truth: Sequence[str], predicted: Sequence[str]) -> dict:
    """macro_f1, accuracy and per_class for the labels that occur in truth or prediction."""
    present = [label for label in LABELS if label in set(truth) | set(predicted)]
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


def per_source(truth: Sequence[str], predicted: Sequence[str], sources: Sequence[str]) -> dict:
    """Macro-F1 within each source over the labels that source has (a corpus with two labels
    is judged on those two), plus accuracy and row count."""
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
        }
    return result
