"""Five detectors, each taught only by the sources that annotate its label, joined into the six
labels by one learned rule.

Why: a sentiment corpus says whether a text praises or complains and nothing about whether it
asks; a hate-speech corpus's "neither" is not "needs nothing"; a chatbot corpus holds only
questions. Training one six-way model on all of them teaches it that every tweet of a hate
corpus that is not hateful needs nothing, questions included. Here:

1. **Detectors.** For each actionable label (support, info_request, complaint, attack,
   fake_account) a logistic regression over the shared features, fit on the rows whose source
   annotates that label: positive where the row has the label, negative where it has another
   or none of its source's labels; rows of sources silent on the label are left out. Each
   source weighs at most `source_cap` rows' worth, so one big corpus cannot decide what a
   label means, and positives and negatives weigh the same in total.
2. **The rule that joins them.** A multinomial logistic regression over the five detectors'
   log-odds gives the six labels' probabilities (`other` is what none of them claims). It is
   fit on rows labelled with all six labels in mind (written here, labelled here, the desk's
   own: `joining_rows`), with the detectors' scores on those rows taken from detectors fit
   without them (`holdout_share` of them), so the rule learns how far to trust each detector on text it
   has not seen. Labels are evened out there (`balance`): a missed complaint costs more than
   a glance at chatter.
3. **One linear model.** Both steps are linear, so the fitted estimator is stored as one
   weight matrix (the combiner's weights times the detectors'): scoring costs what a plain
   six-class linear model costs, and the n-grams that push a label can be read off it.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression

from triage.errors import TrainingDataError
from triage.labels import LABELS, Label

DETECTED = tuple(label for label in LABELS if label != Label.OTHER.value)


class MaskedDetectors(ClassifierMixin, BaseEstimator):
    """See the module docstring. `annotates`: for each row, the labels its source annotates
    (space-separated). `sources`: each row's source (for the per-source cap). `joining_rows`:
    which rows may teach the joining rule (default: those that annotate every label)."""

    def __init__(self, C: float = 1.0, combiner_C: float = 1.0, source_cap: int = 1500,
                 holdout_share: float = 0.3, balance: float = 1.0, random_state: int = 0):
        self.C = C
        self.balance = balance
        self.combiner_C = combiner_C
        self.source_cap = source_cap
        self.holdout_share = holdout_share
        self.random_state = random_state

    def fit(self, X, y, annotates=None, sources=None, joining_rows=None, sample_weight=None):
        X = sp.csr_matrix(X)
        y = np.asarray(y, dtype=object)
        n = len(y)
        annotates = np.asarray(annotates if annotates is not None else [" ".join(DETECTED)] * n, dtype=object)
        sources = np.asarray(sources if sources is not None else ["all"] * n, dtype=object)
        weight = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        known = np.column_stack([[label in a.split() for a in annotates] for label in DETECTED])
        joining = known.all(axis=1) if joining_rows is None else np.asarray(joining_rows, dtype=bool)
        holdout = joining & (np.random.RandomState(self.random_state).random_sample(n) < self.holdout_share)
        if len(set(y[holdout])) < len(LABELS):
            raise TrainingDataError("the rows that annotate all labels lack some label: "
                                    "cannot fit the joining rule")
        rest = ~holdout
        first = self._fit_detectors(X[rest], y[rest], known[rest], sources[rest], weight[rest])
        scores = _log_odds(X[holdout], *first)
        combiner = LogisticRegression(C=self.combiner_C, max_iter=2000)
        even = _class_weight(y[holdout], self.balance)
        combiner.fit(scores, y[holdout], sample_weight=weight[holdout] * even)
        coef, intercept = self._fit_detectors(X, y, known, sources, weight)
        self.classes_ = combiner.classes_
        self.combiner_coef_ = combiner.coef_
        self.combiner_intercept_ = combiner.intercept_
        self.detector_intercept_ = intercept
        self.coef_ = (combiner.coef_ @ coef).astype(np.float32)
        self.intercept_ = combiner.coef_ @ intercept + combiner.intercept_
        self.n_features_in_ = X.shape[1]
        return self

    def _fit_detectors(self, X, y, known, sources, weight) -> tuple[np.ndarray, np.ndarray]:
        coef = np.zeros((len(DETECTED), X.shape[1]))
        intercept = np.zeros(len(DETECTED))
        for k, label in enumerate(DETECTED):
            rows = np.flatnonzero(known[:, k])
            target = y[rows] == label
            if target.all() or not target.any():
                side = "negative" if target.all() else "positive"
                raise TrainingDataError(f"no {side} rows for the {label} detector")
            w = _balanced(weight[rows], target, sources[rows], self.source_cap)
            # The dual solver: far more columns than rows here, much faster than the primal.
            model = LogisticRegression(C=self.C, solver="liblinear", dual=True, max_iter=1000)
            model.fit(X[rows], target, sample_weight=w)
            coef[k], intercept[k] = model.coef_[0], model.intercept_[0]
        return coef, intercept

    def decision_function(self, X) -> np.ndarray:
        return np.asarray(X @ self.coef_.T) + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        scores = self.decision_function(X)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.decision_function(X).argmax(axis=1)]


def label_weights(step, labels: list[str]) -> np.ndarray:
    """The linear weights of a fitted model step, one row per label in `labels` order. Reads
    `MaskedDetectors` and the 2026.11 calibrated linear SVM (kept for rollback) alike, so the
    classifier never looks inside either."""
    if hasattr(step, "calibrated_classifiers_"):
        step = step.calibrated_classifiers_[0].estimator
    classes = list(step.classes_)
    return step.coef_[[classes.index(label) for label in labels]]


def _log_odds(X, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    return np.asarray(X @ coef.T) + intercept


def _class_weight(y: np.ndarray, balance: float) -> np.ndarray:
    """Row weights that even out the labels: balance 1 gives every label the same total
    weight, 0 leaves them as they come, in between leans towards even."""
    labels, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    weight = (len(y) / (len(labels) * counts)) ** balance
    return weight[inverse]


def _balanced(weight: np.ndarray, target: np.ndarray, sources: np.ndarray, cap: int) -> np.ndarray:
    """Row weights: each source's rows count as at most `cap` rows, then positives and
    negatives are scaled to the same total (the mean weight stays 1)."""
    weight = weight.copy()
    _, inverse, counts = np.unique(sources, return_inverse=True, return_counts=True)
    weight *= np.minimum(1.0, cap / counts)[inverse]
    total = weight.sum()
    for side in (target, ~target):
        weight[side] *= total / 2 / weight[side].sum()
    return weight * len(weight) / weight.sum()
