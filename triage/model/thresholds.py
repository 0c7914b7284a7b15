"""Confidence thresholds for auto-resolution, chosen for an error rate rather than by hand.

For each label, the threshold is the lowest confidence from which the model's validation
predictions of that label are right at least `target` of the time, with at least `MIN_SUPPORT`
predictions above it (a handful of lucky rows cannot set it) and no higher threshold with that
support falling below the target. Then out of source: where the models fit without a corpus
show, over all corpora, that the threshold misses the target (the one-sided 95% Wilson upper
bound of their precision above it is below the target), the label is refused. A label whose
target cannot be met gets no threshold and is never resolved without a person. The Wilson
lower bound of each precision is reported beside it, to say how sure the figure is.

A prediction is judged only on rows whose source annotates the label (`judges`): a sentiment
corpus cannot say whether a text is a question, and `other` ("none of the five") is judged only
by sources that annotate all five.
"""

import math
from collections.abc import Sequence

import numpy as np

from triage.labels import LABELS, Label

Z_ONE_SIDED_95 = 1.645
MIN_SUPPORT = 100  # predictions above a threshold, at least, for its precision to count
# Candidate thresholds: finer near the top, where a confident model's predictions crowd.
GRID = np.unique(np.round(np.concatenate([np.arange(0.50, 0.99, 0.005), np.arange(0.99, 0.9991, 0.001),
                                          [0.9995, 0.9999]]), 4))
RULE = ("lowest confidence from which the validation predictions of the label are right at least "
        f"the target share of the time, with at least {MIN_SUPPORT} predictions above it and no higher "
        "threshold with that support falling below the target; refused when the leave-one-source-out "
        "predictions above it are shown to miss the target (one-sided 95% Wilson upper bound of their "
        "precision below it); measured on rows whose source annotates the label")


def wilson_lower(right: int, total: int, z: float = Z_ONE_SIDED_95) -> float:
    """The lower bound of the Wilson score interval for `right` successes in `total` trials."""
    if total == 0:
        return 0.0
    p = right / total
    centre = p + z * z / (2 * total)
    spread = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return (centre - spread) / (1 + z * z / total)


def wilson_upper(right: int, total: int, z: float = Z_ONE_SIDED_95) -> float:
    """The upper bound of the Wilson score interval (1.0 when there are no trials)."""
    return 1.0 - wilson_lower(total - right, total, z) if total else 1.0


def judges(label: str, annotates: Sequence[str] | None) -> np.ndarray:
    """Which rows can tell whether a prediction of `label` is right."""
    if annotates is None:
        return np.ones(0, dtype=bool)
    if label == Label.OTHER.value:
        needed = set(LABELS) - {Label.OTHER.value}
        return np.array([needed <= set(a.split()) for a in annotates], dtype=bool)
    return np.array([label in a.split() for a in annotates], dtype=bool)


def _judged(label: str, truth: Sequence[str], annotates: Sequence[str] | None) -> np.ndarray:
    return np.ones(len(truth), dtype=bool) if annotates is None else judges(label, annotates)


def choose(confidence: np.ndarray, correct: np.ndarray, target: float,
           min_support: int = MIN_SUPPORT) -> float | None:
    """The threshold for one label from its predictions' confidences and rightness, or None."""
    confidence, correct = np.asarray(confidence, dtype=float), np.asarray(correct, dtype=bool)
    chosen = None
    for threshold in GRID[::-1]:  # from the top down: the last one still passing wins
        above = confidence >= threshold
        total = int(above.sum())
        if total < min_support:
            continue
        if correct[above].mean() < target:
            break  # a higher threshold with enough support falls short: stop lower ones too
        chosen = float(threshold)
    return chosen


def choose_all(truth: Sequence[str], predicted: Sequence[str], confidence: Sequence[float],
               annotates: Sequence[str] | None, target: float,
               min_support: int = MIN_SUPPORT) -> dict[str, float | None]:
    """Each label's threshold (None: the target cannot be met) on a labelled split."""
    truth, predicted = np.asarray(truth), np.asarray(predicted)
    confidence = np.asarray(confidence, dtype=float)
    result = {}
    for label in LABELS:
        rows = (predicted == label) & _judged(label, truth, annotates)
        result[label] = choose(confidence[rows], truth[rows] == label, target, min_support)
    return result


def measure(truth: Sequence[str], predicted: Sequence[str], confidence: Sequence[float],
            annotates: Sequence[str] | None, thresholds: dict[str, float | None]) -> dict:
    """For each label with a threshold, on rows that can judge it: how many were resolved
    without a person, how many of those were right (precision), and their coverage (the share
    of the label's true rows that were resolved)."""
    truth, predicted = np.asarray(truth), np.asarray(predicted)
    confidence = np.asarray(confidence, dtype=float)
    result = {}
    for label, threshold in thresholds.items():
        if threshold is None:
            continue
        judged = _judged(label, truth, annotates)
        resolved = judged & (predicted == label) & (confidence >= threshold)
        right = int((resolved & (truth == label)).sum())
        of_label = int((judged & (truth == label)).sum())
        result[label] = {"threshold": threshold, "resolved": int(resolved.sum()), "right": right,
                         "precision": round(right / resolved.sum(), 4) if resolved.any() else None,
                         "precision_lower_95": round(wilson_lower(right, int(resolved.sum())), 4),
                         "coverage": round(right / of_label, 4) if of_label else None,
                         "true_rows": of_label, "rows_judged": int(judged.sum())}
    return result


def pooled(parts: list[dict]) -> dict:
    """`measure` results of several row sets (the sources left out one by one) added up."""
    result: dict[str, dict] = {}
    for part in parts:
        for label, m in part.items():
            total = result.setdefault(label, {"threshold": m["threshold"], "resolved": 0, "right": 0,
                                              "true_rows": 0, "rows_judged": 0})
            total["resolved"] += m["resolved"]
            total["right"] += m["right"]
            total["rows_judged"] += m["rows_judged"]
            total["true_rows"] += m["true_rows"]
    for m in result.values():
        m["precision"] = round(m["right"] / m["resolved"], 4) if m["resolved"] else None
        m["precision_lower_95"] = round(wilson_lower(m["right"], m["resolved"]), 4)
        m["coverage"] = round(m["right"] / m["true_rows"], 4) if m["true_rows"] else None
    return result


def refused_out_of_source(chosen: dict[str, float | None], left_out: dict, target: float) -> dict[str, str]:
    """Labels whose threshold the leave-one-source-out figures (`pooled`) show to miss the
    target, each with the reason for the card."""
    refused = {}
    for label, threshold in chosen.items():
        m = left_out.get(label)
        if threshold is None or not m or not m["resolved"]:
            continue
        upper = wilson_upper(m["right"], m["resolved"])
        if upper < target:
            refused[label] = (f"from {threshold}, {m['right']} of {m['resolved']} right with each corpus "
                              f"left out ({m['precision']:.3f}; at most {upper:.3f} at 95%), below {target}")
    return refused
