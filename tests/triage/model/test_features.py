import numpy as np

from triage.model.features import NgramHasher


def test_char_ngrams_stay_inside_words_like_char_wb():
    grams, _ = NgramHasher("chars", (2, 3), 18).spans("ab cd")
    assert grams == [" a", "ab", "b ", " c", "cd", "d ", " ab", "ab ", " cd", "cd "]


def test_word_ngrams_are_words_and_neighbouring_pairs():
    grams, _ = NgramHasher("words", (1, 2), 18).spans("jam besuk kapan")
    assert grams == ["jam", "besuk", "kapan", "jam besuk", "besuk kapan"]


def test_counts_match_the_spans_of_each_text_and_texts_never_mix():
    hasher = NgramHasher("chars", (2, 3, 4, 5), 18)
    texts = ["slot gacor", "", "x", "jam besuk kapan ?", "slot gacor"]
    matrix = hasher.transform(texts)
    assert matrix.shape == (5, 1 << 18)
    for row, text in enumerate(texts):
        grams, columns = hasher.spans(text)
        assert set(matrix[row].indices) == set(columns.tolist())
        assert matrix[row].sum() == len(grams)
    assert (matrix[0] != matrix[4]).nnz == 0


def test_the_same_text_hashes_the_same_in_any_batch():
    hasher = NgramHasher("words", (1, 2), 18)
    alone = hasher.transform(["remisi kapan"])
    crowded = hasher.transform(["x"] * 700 + ["remisi kapan"])  # a second internal block
    assert np.array_equal(alone.indices, crowded[700].indices)


def test_words_and_characters_hash_apart():
    _, word_columns = NgramHasher("words", (1,), 18).spans("ab")
    _, char_columns = NgramHasher("chars", (2,), 18).spans("ab")
    assert not set(word_columns.tolist()) & set(char_columns.tolist())
