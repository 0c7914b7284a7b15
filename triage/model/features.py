"""Hashed word and character n-gram counts, computed for a whole batch at once in numpy.

Why not scikit-learn's HashingVectorizer: it builds every character n-gram as a Python
string, which capped `triage score` (bench/README.md). Here the batch becomes one
array of code points; every n-gram is a span of it, hashed in O(1) from prefix sums of a
polynomial hash (mod 2**32), so the cost is a few vectorised passes however many n-grams
there are. Stateless: no vocabulary is learned or stored, so the artifact stays small.

Semantics follow scikit-learn's `char_wb` and word n-grams: each text is padded with a space,
character n-grams never cross a word boundary (only their first and last character may be
a space), word bigrams are two neighbouring words joined by their single space.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

_BASE = 0x01000193  # FNV prime: odd, so invertible modulo 2**32
_BASE_INVERSE = pow(_BASE, -1, 1 << 32)
_MIX_1, _MIX_2 = np.uint32(0x9E3779B1), np.uint32(0x85EBCA6B)
_SPACE = 32
_BLOCK = 512
_WORD_SALT = 1_000  # word n-grams hash apart from character n-grams of the same letters


class NgramHasher(TransformerMixin, BaseEstimator):
    """Counts of hashed n-grams of space-separated, normalised text.

    kind: "chars" (character n-grams of the given orders inside words) or "words"
    (word n-grams of the given orders). n_bits: 2**n_bits columns.
    """

    def __init__(self, kind: str = "chars", orders: tuple[int, ...] = (2, 3, 4, 5), n_bits: int = 20):
        self.kind = kind
        self.orders = orders
        self.n_bits = n_bits

    def fit(self, texts, y=None):
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return True  # stateless

    def transform(self, texts) -> sp.csr_matrix:
        texts = list(texts)
        # Blocks of a few hundred texts keep the working arrays in the CPU cache: measured
        # faster than one block of 4,096 (bench/README.md).
        blocks = [self._block(texts[i:i + _BLOCK]) for i in range(0, len(texts), _BLOCK)]
        if len(blocks) == 1:
            return blocks[0]
        return sp.vstack(blocks or [self._block([])], format="csr")

    def _block(self, texts: list[str]) -> sp.csr_matrix:
        batch = _Batch(texts)
        if self.kind == "chars":
            doc, bucket = batch.char_columns(self.orders, self.n_bits)
        else:
            doc, bucket = self._hashed_spans(batch)
        return _count_matrix(doc, bucket, len(texts), self.n_bits)

    def spans(self, text: str) -> tuple[list[str], np.ndarray]:
        """The n-grams of one text and their columns (for tests and for looking inside)."""
        batch = _Batch([text])
        starts, ends, salts = self._span_arrays(batch)
        grams = [batch.string[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
        return grams, batch.bucket(starts, ends, salts, self.n_bits)

    def pushes(self, texts: list[str], features: sp.csr_matrix, coef: np.ndarray, label_of_row: np.ndarray,
               offset: int):
        """For every n-gram of every text: its row, a way to read its letters, and its push
        (feature value x the chosen label's weight) towards that row's label. `features` is
        the model's input matrix, in which this hasher's columns start at `offset`."""
        batch = _Batch(texts)
        starts, ends, salts = self._span_arrays(batch)
        rows = batch.doc_of[starts]
        columns = batch.bucket(starts, ends, salts, self.n_bits) + offset
        values = np.asarray(features[rows, columns]).ravel()
        pushes = values * coef[label_of_row[rows], columns]

        def grams(i: int) -> str:
            return batch.string[starts[i]:ends[i]]
        return rows, grams, pushes

    def _hashed_spans(self, batch: "_Batch") -> tuple[np.ndarray, np.ndarray]:
        starts, ends, salts = self._span_arrays(batch)
        return batch.doc_of[starts], batch.bucket(starts, ends, salts, self.n_bits)

    def _span_arrays(self, batch: "_Batch") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        parts = [(batch.char_spans(n) if self.kind == "chars" else batch.word_spans(n))
                 for n in self.orders]
        starts = np.concatenate([s for s, _ in parts])
        ends = np.concatenate([e for _, e in parts])
        offset = _WORD_SALT if self.kind == "words" else 0
        salts = np.concatenate([np.full(len(s), n + offset, dtype=np.uint32)
                                for n, (s, _) in zip(self.orders, parts, strict=True)])
        return starts, ends, salts


class _Batch:
    """A batch of texts as one padded string of code points with prefix hashes."""

    def __init__(self, texts: list[str]):
        # Each text padded by a space on both sides: two spaces separate texts, so no n-gram
        # with a space inside it (rejected below) can reach across two texts.
        self.string = "".join([f" {text} " for text in texts])
        codes = np.frombuffer(self.string.encode("utf-32-le"), dtype=np.uint32)
        lengths = np.fromiter((len(text) + 2 for text in texts), dtype=np.int64, count=len(texts))
        self.doc_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        self.space = codes == _SPACE
        self.spaces_before = np.concatenate([[0], np.cumsum(self.space, dtype=np.int32)])
        size = len(codes)
        self.inverse_power = _powers(_BASE_INVERSE, size + 1)
        self.prefix = np.zeros(size + 1, dtype=np.uint32)
        np.cumsum(codes * _powers(_BASE, size + 1)[:-1], dtype=np.uint32, out=self.prefix[1:])

    def char_spans(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Starts and ends of the character n-grams whose inner characters are all letters."""
        count = len(self.space) - n + 1
        if count <= 0:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        if n == 1:
            keep = ~self.space
        elif n == 2:
            keep = ~(self.space[:-1] & self.space[1:])
        else:
            keep = self.spaces_before[n - 1 : n - 1 + count] == self.spaces_before[1 : 1 + count]
        starts = np.flatnonzero(keep)
        return starts, starts + n

    def char_columns(self, orders: tuple[int, ...], n_bits: int) -> tuple[np.ndarray, np.ndarray]:
        """(text, column) of every character n-gram: the same hash as `bucket`, computed over
        contiguous slices (no gathers), which is what makes character n-grams cheap."""
        docs, columns = [], []
        for n in orders:
            starts, _ = self.char_spans(n)
            value = (self.prefix[n:] - self.prefix[:-n]) * self.inverse_power[:-n]
            docs.append(self.doc_of[starts])
            columns.append(_mix(value, np.uint32(n), n_bits)[starts])
        return np.concatenate(docs), np.concatenate(columns)

    def word_spans(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Starts and ends of runs of n neighbouring words within one text."""
        edges = np.diff(self.space.view(np.int8), prepend=1, append=1)
        word_starts, word_ends = np.flatnonzero(edges == -1), np.flatnonzero(edges == 1)
        if len(word_starts) < n:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        starts, ends = word_starts[: len(word_starts) - n + 1], word_ends[n - 1 :]
        same_text = self.doc_of[starts] == self.doc_of[ends - 1]
        return starts[same_text], ends[same_text]

    def bucket(self, starts: np.ndarray, ends: np.ndarray, salts: np.ndarray, n_bits: int) -> np.ndarray:
        """Column of each span: its polynomial hash, salted, mixed, top n_bits kept."""
        value = (self.prefix[ends] - self.prefix[starts]) * self.inverse_power[starts]
        return _mix(value, salts, n_bits)


def _mix(value: np.ndarray, salt, n_bits: int) -> np.ndarray:
    """Salt (n-gram order or kind), spread the bits, keep the top n_bits as the column."""
    value = (value ^ salt) * _MIX_1
    value ^= value >> np.uint32(15)
    value *= _MIX_2
    return value >> np.uint32(32 - n_bits)


_POWERS: dict[int, np.ndarray] = {}  # per process, grown on demand: never pickled


def _powers(base: int, count: int) -> np.ndarray:
    """base**0 .. base**(count-1) modulo 2**32 (a view of a cached, growing table)."""
    table = _POWERS.get(base)
    if table is None or len(table) < count:
        table = np.full(max(count, 1 << 20), base, dtype=np.uint32)
        table[0] = 1
        table = _POWERS[base] = np.cumprod(table, dtype=np.uint32)
    return table[:count]


def _count_matrix(doc: np.ndarray, column: np.ndarray, rows: int, n_bits: int) -> sp.csr_matrix:
    """CSR counts of (doc, column) pairs. One sort of packed keys: cheaper than scipy's
    coo -> csr conversion with its per-row index sort (and 32-bit keys when they fit)."""
    key_type = np.uint32 if rows.bit_length() + n_bits <= 32 else np.uint64
    keys = (doc.astype(key_type) << key_type(n_bits)) | column.astype(key_type)
    keys.sort()
    first = np.empty(len(keys), dtype=bool)
    first[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, len(keys))).astype(np.float32)
    unique = keys[starts]
    indptr = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(unique >> key_type(n_bits), minlength=rows), out=indptr[1:])
    columns = (unique & key_type((1 << n_bits) - 1)).astype(np.int32)
    return sp.csr_matrix((counts, columns, indptr), shape=(rows, 1 << n_bits))
