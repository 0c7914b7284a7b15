"""The text classifier: one scikit-learn Pipeline from raw comment text to six probabilities,
plus the words that pushed each decision (`reasons`). The model step is `MaskedDetectors`
(`triage/model/detectors.py`): five detectors, each taught by the sources that annotate its label,
joined by a learned rule and stored as one linear model."""

from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from triage.errors import ModelArtifactError
from triage.labels import LABELS
from triage.model.cues import CUE_GROUPS, PAIRS, CueCounter, describe_cue
from triage.model.detectors import MaskedDetectors, label_weights
from triage.model.features import NgramHasher
from triage.model.normalise import BASE_STEPS, MODEL_STEPS, normalise_all

DEFAULT_PARAMS = {"C": 1.0, "combiner_C": 1.0, "source_cap": 1500, "balance": 1.0, "char_orders": (2, 3, 4),
                  "word_bits": 18, "char_bits": 18, "cue_weight": 0.5, "steps": MODEL_STEPS, "lexicon": None}


def build_pipeline(C: float = 1.0, combiner_C: float = 1.0, source_cap: int = 1500, balance: float = 1.0,
                   char_orders: tuple[int, ...] = (2, 3, 4), word_bits: int = 18, char_bits: int = 18,
                   cue_weight: float = 0.5, steps: tuple[str, ...] = BASE_STEPS,
                   lexicon: dict | None = None) -> Pipeline:
    # Hashed n-gram counts (stateless, fast) weighted by TF-IDF: the only learned state of the
    # features is one idf value per column. Cues (triage/model/cues.py) say what the text does.
    words = Pipeline([("hash", NgramHasher("words", (1, 2), word_bits)),
                      ("tfidf", TfidfTransformer(sublinear_tf=True))])
    chars = Pipeline([("hash", NgramHasher("chars", tuple(char_orders), char_bits)),
                      ("tfidf", TfidfTransformer(sublinear_tf=True))])
    blocks = [("words", words), ("chars", chars)]
    if cue_weight:
        # The lexicon is copied into the model, so that a saved model keeps the cues it learned.
        blocks.append(("cues", CueCounter(groups=dict(CUE_GROUPS), pairs=PAIRS, weight=cue_weight)))
    return Pipeline([
        ("normalise", FunctionTransformer(normalise_all,
                                          kw_args={"lexicon": lexicon, "steps": tuple(steps)})),
        ("features", FeatureUnion(blocks)),
        ("model", MaskedDetectors(C=C, combiner_C=combiner_C, source_cap=source_cap, balance=balance)),
    ])


def fit(texts: list[str], labels: list[str], sample_weight=None, annotates=None, sources=None,
        joining_rows=None, **params) -> Pipeline:
    """Fit on texts and labels; `annotates`, `sources` and `joining_rows` as in
    `MaskedDetectors.fit`."""
    pipeline = build_pipeline(**params)
    pipeline.fit(texts, labels, model__sample_weight=sample_weight, model__annotates=annotates,
                 model__sources=sources, model__joining_rows=joining_rows)
    _shrink(pipeline)
    return pipeline


def _shrink(pipeline: Pipeline) -> None:
    """float32 idf weights: half their size, and predictions agree to the 4th decimal we report."""
    for _, block in pipeline.named_steps["features"].transformer_list:
        if isinstance(block, Pipeline):
            tfidf = block.named_steps["tfidf"]
            tfidf.idf_ = tfidf.idf_.astype(np.float32)


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float
    probabilities: dict[str, float]
    reasons: list[str]
    needs_review: bool = False
    account_signal: bool = False  # the account model or coordinated copies say inauthentic


class TextClassifier:
    """A fitted Pipeline with prediction helpers; labels always in `LABELS` order. The text
    kind of `triage.model.interface.Model`: `predict_proba`, `explain`, `card`.

    review_below: a prediction whose confidence is below it is flagged `needs_review` (the
    threshold is chosen on the validation split and kept in the model card).
    auto_from: the card's auto-resolve thresholds (`triage.model.thresholds`).
    """

    def __init__(self, pipeline: Pipeline, review_below: float = 0.0,
                 auto_from: dict[str, float | None] | None = None, card: dict | None = None):
        self.pipeline = pipeline
        self.card = card or {}
        self.review_below = review_below
        # Per label, the confidence from which the desk may resolve without a person (the
        # card's `auto_resolve_from`; a label missing or None: never).
        self.auto_from = auto_from or {}
        classes = list(pipeline.classes_)
        if sorted(classes) != sorted(LABELS):
            raise ModelArtifactError(f"model classes {classes} are not the label ids {list(LABELS)}")
        self._order = [classes.index(label) for label in LABELS]
        normalising = pipeline.named_steps["normalise"].kw_args or {}
        # Whether the texts this model normalises are what the playbook's phrase search reads
        # (then a batch is normalised once, not twice).
        self.reads_like_playbook = (tuple(normalising.get("steps", BASE_STEPS)) == MODEL_STEPS
                                    and not normalising.get("lexicon"))

    @classmethod
    def from_card(cls, pipeline: Pipeline, card: dict) -> "TextClassifier":
        """The classifier of a saved artifact, with the thresholds its card holds."""
        chosen = card.get("thresholds", {})
        return cls(pipeline, chosen.get("needs_review_below", 0.0), chosen.get("auto_resolve_from", {}), card)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probabilities with columns in `LABELS` order."""
        return self.pipeline.predict_proba(texts)[:, self._order]

    def explain(self, texts: list[str]) -> list[list[str]]:
        """Per text, the words that pushed it towards its most likely label."""
        return [prediction.reasons for prediction in self.predict(texts, with_reasons=True)]

    def top(self, texts: list[str]) -> tuple[list[str], list[float], list[bool], list[str] | None]:
        """Label, confidence and needs-review of each text, without building Predictions
        (the bulk path of `triage score`, where per-row objects cost as much as the model),
        and the normalised texts when the playbook can use them (see `reads_like_playbook`)."""
        if not texts:
            return [], [], [], []
        normalised, _, proba = self._run(texts)
        best = proba.argmax(axis=1)
        confidence = proba[np.arange(len(best)), best]
        labels = np.array(LABELS, dtype=object)[best].tolist()
        return (labels, confidence.round(4).tolist(), (confidence < self.review_below).tolist(),
                normalised if self.reads_like_playbook else None)

    def normalise(self, texts: list[str]) -> list[str]:
        """The texts as the model reads them."""
        return self.pipeline.named_steps["normalise"].transform(texts)

    def _run(self, texts: list[str], normalised: list[str] | None = None):
        normalised = self.normalise(texts) if normalised is None else normalised
        features = self.pipeline.named_steps["features"].transform(normalised)
        proba = self.pipeline.named_steps["model"].predict_proba(features)[:, self._order]
        return normalised, features, proba

    def predict(self, texts: list[str], with_reasons: bool = False) -> list[Prediction]:
        return self.predict_and_normalise(texts, with_reasons)[0]

    def predict_and_normalise(self, texts: list[str], with_reasons: bool = False,
                              normalised: list[str] | None = None
                              ) -> tuple[list[Prediction], list[str] | None]:
        """`predict`, and the normalised texts when the playbook can use them. `normalised`:
        the texts as `normalise` returned them, when the caller has them already."""
        if not texts:
            return [], []
        normalised, features, proba = self._run(texts, normalised)
        best = proba.argmax(axis=1)
        reasons = self._reasons(normalised, features, best) if with_reasons else [[] for _ in texts]
        confidence = proba[np.arange(len(best)), best]
        review = (confidence < self.review_below).tolist()
        rounded = proba.round(4).tolist()
        predictions = [
            Prediction(label=LABELS[b], confidence=p[b], probabilities=dict(zip(LABELS, p, strict=True)),
                       reasons=r, needs_review=n)
            for b, p, r, n in zip(best.tolist(), rounded, reasons, review, strict=True)
        ]
        return predictions, normalised if self.reads_like_playbook else None

    def _reasons(self, normalised: list[str], features, best: np.ndarray, top: int = 3) -> list[list[str]]:
        """The n-grams with the largest positive push towards the chosen label, per row.
        Pushes are computed for every n-gram of the batch at once; Python only touches the
        few best of each row. Character patterns are looked at only for the rows where fewer
        than `top` words push (they are shown only then, and cost most)."""
        coef = self._coef()
        features = features.tocsr()
        found: list[list[tuple[float, str, str]]] = [[] for _ in normalised]
        ngram_blocks = [block for block in self._blocks() if isinstance(block[1], NgramHasher)]
        for kind, hasher, offset in sorted(ngram_blocks, key=lambda block: block[0] != "words"):
            rows_in = (np.arange(len(normalised)) if kind == "words" else
                       np.array([i for i, pushes in enumerate(found) if len(pushes) < top], dtype=np.int64))
            if not len(rows_in):
                continue
            rows, grams, pushes = hasher.pushes([normalised[i] for i in rows_in.tolist()], features[rows_in],
                                                coef, best[rows_in], offset)
            rows = rows_in[rows]
            # Keep each row's few strongest positive pushes; an n-gram seen twice in a text
            # pushes twice by the same amount and is kept once.
            positive = np.flatnonzero(pushes > 0)
            order = positive[np.lexsort((-pushes[positive], rows[positive]))]
            rows, pushes = rows[order], pushes[order]
            repeat = np.zeros(len(rows), dtype=bool)
            repeat[1:] = (rows[1:] == rows[:-1]) & (pushes[1:] == pushes[:-1])
            keep = np.flatnonzero(~repeat)
            kept_rows = rows[keep]
            rank = np.arange(len(keep)) - np.searchsorted(kept_rows, kept_rows)
            # Distinct words are distinct phrases, so a row's best `top` are enough; character
            # patterns come again with a space at either end ("ab", " ab") and are thinned later.
            keep = keep[rank < (top if kind == "words" else top * 4)]
            for row, push, i in zip(rows[keep].tolist(), pushes[keep].tolist(), order[keep].tolist(),
                                    strict=True):
                found[row].append((push, grams(i), kind))
        self._cue_pushes(features, best, found)
        rows_out = []
        for label_index, pushes in zip(best.tolist(), found, strict=True):
            pushes.sort(key=lambda item: -item[0])
            rows_out.append(_describe(pushes, LABELS[label_index], top))
        return rows_out

    def _cue_pushes(self, features, best: np.ndarray, found: list[list[tuple[float, str, str]]]) -> None:
        """Each row's strongest cue towards its label (one: cues overlap, "question word" and
        "starts with a question word" say the same thing twice)."""
        for _, counter, offset in self._blocks():
            if not isinstance(counter, CueCounter):
                continue
            columns = slice(offset, offset + len(counter.names))
            pushes = features[:, columns].toarray() * self._coef()[:, columns][best]
            strongest, values = pushes.argmax(axis=1).tolist(), pushes.max(axis=1).tolist()
            for row, (j, push) in enumerate(zip(strongest, values, strict=True)):
                if push > 0:
                    found[row].append((push, counter.names[j], "cue"))

    def _blocks(self) -> list[tuple[str, NgramHasher | CueCounter, int]]:
        """(kind, n-gram hasher or cue counter, first column) of each feature block, in
        FeatureUnion order."""
        blocks, offset = [], 0
        for kind, block in self.pipeline.named_steps["features"].transformer_list:
            reader = block if isinstance(block, CueCounter) else block.named_steps["hash"]
            blocks.append((kind, reader, offset))
            offset += len(reader.names) if isinstance(reader, CueCounter) else 1 << reader.n_bits
        return blocks

    def _coef(self) -> np.ndarray:
        """Each label's weights less the labels' mean: under a softmax only the difference from
        the other labels pushes, so a word every label weighs alike explains nothing."""
        if not hasattr(self, "_coef_in_label_order"):
            coef = label_weights(self.pipeline.named_steps["model"], list(LABELS))
            self._coef_in_label_order = coef - coef.mean(axis=0)
        return self._coef_in_label_order


def _describe(pushes: list[tuple[float, str, str]], label: str, top: int) -> list[str]:
    """Plain words: what the text does (its strongest cue) if that pushes hardest, then
    whole-word features, character patterns only if no word stands out."""
    words, patterns, cues = [], [], []
    for push, gram, kind in pushes:
        if push <= 0:
            break
        (words if kind == "words" else cues if kind == "cue" else patterns).append(gram.strip())
    chosen = [f"{describe_cue(cues[0])} points to {label}"] if cues and pushes[0][2] == "cue" else []
    chosen += [f'the words "{w}" point to {label}' for w in dict.fromkeys(words)][: top - len(chosen)]
    if len(chosen) < top:
        # A one-letter pattern ("o") explains nothing to a person.
        chosen += [f'the letters "{p}" point to {label}'
                   for p in dict.fromkeys(patterns) if len(p) > 1][: top - len(chosen)]
    return chosen


def macro_f1_on_split(model: TextClassifier, split_file) -> float:
    """Judged as `triage evaluate` judges: each row of the split on the labels its source
    annotates. How a candidate text model is compared with the one in use."""
    from triage.model import evaluation
    from triage.training.dataset import read_split

    split = read_split(split_file)
    labels, *_ = model.top(split["text"].tolist())
    judged = evaluation.masked(labels, split["annotates"].tolist())
    return evaluation.metrics(split["label"].tolist(), judged)["macro_f1"]
