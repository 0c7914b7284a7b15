"""The text classifier: one scikit-learn Pipeline from raw comment text to six calibrated
probabilities, plus the words that pushed each decision (`reasons`)."""

from dataclasses import dataclass

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import LinearSVC

from triage.labels import LABELS
from triage.text import normalise_all, tokens

DEFAULT_PARAMS = {"C": 0.3, "word_max_features": 80_000, "char_max_features": 150_000}


def build_pipeline(C: float = 0.3, word_max_features: int = 80_000,
                   char_max_features: int = 150_000) -> Pipeline:
    words = TfidfVectorizer(tokenizer=tokens, token_pattern=None, lowercase=False,
                            ngram_range=(1, 2), min_df=2, max_features=word_max_features,
                            sublinear_tf=True, dtype=np.float32)
    chars = TfidfVectorizer(analyzer="char_wb", lowercase=False, ngram_range=(2, 5), min_df=3,
                            max_features=char_max_features, sublinear_tf=True, dtype=np.float32)
    # One linear model fit on all rows; sigmoid calibrators fit on 5-fold out-of-fold scores.
    model = CalibratedClassifierCV(LinearSVC(C=C, class_weight="balanced"), method="sigmoid",
                                   cv=5, ensemble=False)
    return Pipeline([
        ("normalise", FunctionTransformer(normalise_all)),
        ("features", FeatureUnion([("words", words), ("chars", chars)])),
        ("model", model),
    ])


def fit(texts: list[str], labels: list[str], sample_weight=None, **params) -> Pipeline:
    pipeline = build_pipeline(**params).fit(texts, labels, model__sample_weight=sample_weight)
    _drop_stop_words(pipeline)
    return pipeline


def _drop_stop_words(pipeline: Pipeline) -> None:
    # `stop_words_` keeps every pruned n-gram only for introspection; it would bloat the artifact.
    for _, vectorizer in pipeline.named_steps["features"].transformer_list:
        vectorizer.stop_words_ = None


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float
    probabilities: dict[str, float]
    reasons: list[str]


class TextClassifier:
    """A fitted Pipeline with prediction helpers; labels always in `LABELS` order."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        classes = list(pipeline.classes_)
        if sorted(classes) != sorted(LABELS):
            raise ValueError(f"model classes {classes} are not the label ids {list(LABELS)}")
        self._order = [classes.index(label) for label in LABELS]

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probabilities with columns in `LABELS` order."""
        return self.pipeline.predict_proba(texts)[:, self._order]

    def predict(self, texts: list[str], with_reasons: bool = False) -> list[Prediction]:
        if not texts:
            return []
        normalised = self.pipeline.named_steps["normalise"].transform(texts)
        features = self.pipeline.named_steps["features"].transform(normalised)
        proba = self.pipeline.named_steps["model"].predict_proba(features)[:, self._order]
        best = proba.argmax(axis=1)
        reasons = self._reasons(features, best) if with_reasons else [[] for _ in texts]
        return [
            Prediction(
                label=LABELS[b],
                confidence=round(float(p[b]), 4),
                probabilities={lab: round(float(v), 4) for lab, v in zip(LABELS, p, strict=True)},
                reasons=r,
            )
            for b, p, r in zip(best, proba, reasons, strict=True)
        ]

    def _reasons(self, features, best: np.ndarray, top: int = 3) -> list[list[str]]:
        """The n-grams with the largest positive push towards the chosen label, per row."""
        coef, names = self._linear_view()
        features = features.tocsr()
        rows = []
        for i, label_index in enumerate(best):
            start, end = features.indptr[i], features.indptr[i + 1]
            indices = features.indices[start:end]
            push = features.data[start:end] * coef[label_index, indices]
            order = np.argsort(-push)[: top * 4]
            rows.append(_describe(names, indices[order], push[order], LABELS[label_index], top))
        return rows

    def _linear_view(self):
        if not hasattr(self, "_coef"):
            calibrated = self.pipeline.named_steps["model"].calibrated_classifiers_[0]
            svc = calibrated.estimator
            classes = list(svc.classes_)
            self._coef = svc.coef_[[classes.index(label) for label in LABELS]]
            self._names = self.pipeline.named_steps["features"].get_feature_names_out()
        return self._coef, self._names


def _describe(names, indices, pushes, label: str, top: int) -> list[str]:
    """Plain words: whole-word features first, character patterns only if no word stands out."""
    words, patterns = [], []
    for index, push in zip(indices, pushes, strict=True):
        if push <= 0:
            break
        kind, _, gram = names[index].partition("__")
        (words if kind == "words" else patterns).append(gram.strip())
    chosen = [f'the words "{w}"' for w in dict.fromkeys(words)][:top]
    if len(chosen) < top:
        chosen += [f'the letters "{p}"' for p in dict.fromkeys(patterns) if p][: top - len(chosen)]
    return [f"{phrase} point to {label}" for phrase in chosen]
