import pickle

import numpy as np
import pytest

from triage.model.cues import CueCounter, describe_cue
from triage.model.normalise import MODEL_STEPS, normalise_all


def cues_of(*texts: str, counter: CueCounter | None = None) -> list[set[str]]:
    counter = counter or CueCounter()
    matrix = counter.transform(normalise_all(list(texts), steps=MODEL_STEPS)).toarray()
    return [{name for name, value in zip(counter.names, row, strict=True) if value} for row in matrix]


def test_a_first_person_problem_statement_is_read_as_one():
    (found,) = cues_of("Saya sudah daftar dari kemarin tapi belum cair min")
    assert {"first_person", "negation", "problem", "time_since", "address"} <= found
    assert {"first_person+negation", "first_person+problem", "negation+time_since"} <= found


def test_questions_in_any_service_words():
    found = cues_of("kantor pelayanan hari sabtu buka jam berapa ya", "mau tanya syaratnya apa?",
                    "biaya pembuatannya berapa")
    assert all("question_word" in cues for cues in found)
    assert {"asking", "starts_with_question_word"} - found[1] == {"starts_with_question_word"}
    assert {"question_mark", "ends_with_question_mark"} <= found[1]
    assert "question_word+service_fact" in found[0]


def test_two_word_phrases_never_reach_across_two_comments():
    first, second = cues_of("saya mau", "tanya dong")
    assert "asking" in second  # "tanya" alone asks
    together = cues_of("saya mau tanya dong")[0]
    assert "asking" in together and "asking" not in first


def test_empty_texts_and_empty_batches_have_no_cues():
    counter = CueCounter()
    assert counter.transform([]).shape == (0, len(counter.names))
    assert cues_of("", "   ") == [set(), set()]


def test_every_cue_is_worth_the_weight_and_the_lexicon_travels_with_a_saved_model():
    counter = CueCounter(groups={"question_word": ("kapan",), "promotion": ("slot",)}, pairs=(), weight=0.25)
    matrix = counter.transform(["kapan buka", "slot gacor"])
    assert set(np.unique(matrix.data)) == {0.25}
    restored = pickle.loads(pickle.dumps(counter))  # noqa: S301 - our own object
    assert (restored.transform(["kapan buka"]).toarray() == counter.transform(["kapan buka"]).toarray()).all()


@pytest.mark.parametrize(("name", "words"), [
    ("first_person+problem", "the writer speaking of themselves with a problem word"),
    ("length_1_2", "a short text"),
    ("ends_with_question_mark", "ending with a question mark"),
])
def test_cues_are_described_in_plain_words(name, words):
    assert describe_cue(name) == words
