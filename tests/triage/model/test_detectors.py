import numpy as np
import pytest

from triage.errors import TrainingDataError
from triage.labels import LABELS
from triage.model import classifier
from triage.model.classifier import TextClassifier
from triage.training.dataset import ALL_ANNOTATED

WRITTEN = [  # all six labels, as written or labelled here
    ("mantap pelayanannya terima kasih", "support"), ("keren sekali programnya", "support"),
    ("kapan jadwal buka kantornya", "info_request"), ("syarat daftarnya apa saja", "info_request"),
    ("sudah seminggu belum diproses", "complaint"), ("petugasnya minta uang terus", "complaint"),
    ("dasar goblok semua", "attack"), ("institusi sampah", "attack"),
    ("slot gacor maxwin link di bio", "fake_account"), ("jual followers murah", "fake_account"),
    ("hadir", "other"), ("@budi liat nih", "other"),
]


def rows(hate_corpus_questions: int) -> tuple[list[str], list[str], list[str], list[str]]:
    """Written rows (several copies, so the joining rule sees every label), a chatbot corpus of
    questions, and a hate corpus whose non-hateful rows are mostly questions: it annotates
    attacks only, so those questions are `other` there."""
    texts, labels, annotates, sources = [], [], [], []
    for copy in range(6):
        for text, label in WRITTEN:
            texts.append(f"{text} {'!' * copy}")
            labels.append(label)
            annotates.append(ALL_ANNOTATED)
            sources.append("seed")
    for i in range(40):
        texts.append(f"jam berapa loket {i} buka")
        labels.append("info_request")
        annotates.append(ALL_ANNOTATED)
        sources.append("chatbot")
    for i in range(hate_corpus_questions):
        texts += [f"kapan acara {i} dimulai ya", f"kamu bodoh sekali {i}"]
        labels += ["other", "attack"]
        annotates += ["attack", "attack"]
        sources += ["hate", "hate"]
    return texts, labels, annotates, sources


def fit(texts, labels, annotates, sources):
    curated = [s == "seed" for s in sources]
    return TextClassifier(classifier.fit(texts, labels, None, annotates, sources, curated,
                                         **{**classifier.DEFAULT_PARAMS, "source_cap": 10_000}))


def test_a_corpus_teaches_only_the_labels_it_annotates():
    texts, labels, annotates, sources = rows(60)
    masked = fit(texts, labels, annotates, sources)
    # The same rows read as if the hate corpus annotated every label: its questions would
    # then teach that questions need nothing.
    unmasked = fit(texts, labels, [ALL_ANNOTATED] * len(texts), sources)
    question = ["kapan acaranya dimulai ya"]  # like the hate corpus's questions
    assert masked.predict(question)[0].label == "info_request"
    assert unmasked.predict(question)[0].label == "other"
    assert masked.predict(["kamu bodoh sekali"])[0].label == "attack"


def test_the_fitted_model_is_one_linear_model_over_six_labels():
    model = fit(*rows(10))
    step = model.pipeline.named_steps["model"]
    assert sorted(step.classes_) == sorted(LABELS)
    assert step.coef_.shape[0] == 6 and step.combiner_coef_.shape == (6, 5)
    proba = model.predict_proba(["mantap", "kapan buka"])
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_without_written_rows_for_a_label_the_joining_rule_cannot_be_fitted():
    texts, labels, annotates, sources = rows(10)
    keep = [i for i, label in enumerate(labels) if not (label == "support" and sources[i] == "seed")]
    with pytest.raises(TrainingDataError, match="joining rule"):
        fit(*([column[i] for i in keep] for column in (texts, labels, annotates, sources)))
