"""Phrases from word positions, kept as arrays that only phrase searches read.

Whoosh's own positions format pickles each posting's positions, which made reading any posting
slow. `ArrayPositions` keeps each posting's positions as packed 32-bit numbers, and our codec
(codec.py) stores a block's positions as two arrays (how many each posting has, and all of them
one after another) that are decoded only when a phrase asks. A phrase is then a comparison of
sorted arrays: (document, position) pairs of each word, the n-th word shifted back by n.
"""

from __future__ import annotations

import struct

import numpy as np

from .whoosh3_internals import Positions

_ONE = struct.Struct("<I").pack
# A (document, position) pair as one number: the document in the high half.
_DOC_SHIFT = 32


class Analysed(tuple):
    """A field's text already analysed, as (term, its positions) pairs: what `ArrayPositions`
    indexes instead of running the analyser again (a rebuild's terms are cached, bulk.py). A
    tuple, so that Whoosh's fields take it as a value."""


class ArrayPositions(Positions):
    """Positions of a word in one document as little-endian 32-bit numbers (no pickling)."""

    def word_values(self, value, analyzer, **kwargs):
        """(term, frequency, weight, positions) of each term, as Whoosh's own `Positions`
        gives them: every token's boost is 1, so a term's weight is its count."""
        if not isinstance(value, Analysed):
            return super().word_values(value, analyzer, **kwargs)
        boost, encode = self.field_boost, self.encode
        return ((term, len(at), len(at) * boost, encode(at)) for term, at in value)

    def encode(self, poslist: list[int]) -> bytes:
        if len(poslist) == 1:  # most words of a text, once each
            return _ONE(poslist[0])
        return struct.pack(f"<{len(poslist)}I", *poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(struct.unpack(f"<{len(valuestring) // 4}I", valuestring))

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4


def phrase_documents(
    postings: list[tuple[np.ndarray, np.ndarray, np.ndarray]], slop: int = 1
) -> np.ndarray:
    """The documents (ascending) in which the words whose positions are given come in order.

    postings: for each word of the phrase, in order, (document numbers, how many positions each
    has, the positions one document after another). With a slop above 1 ("a b"~3), each word
    must follow the one before within that many words.
    """
    if not postings:
        return np.empty(0, np.int64)
    # Only documents holding every word can hold the phrase: the others' positions are
    # dropped before any is paired (a rare word leaves few of a common word's).
    common = postings[0][0]
    for docs, _, _ in postings[1:]:
        common = _common(common, docs)
    if not len(common):
        return np.empty(0, np.int64)
    postings = [_only(*word, common) for word in postings]
    last = len(postings) - 1
    if slop <= 1:
        # The n-th word at p + n for the phrase to start at p: shifted back, all must meet.
        found = _pairs(*postings[0], shift=last)
        for number, word in enumerate(postings[1:], start=1):
            found = _common(found, _pairs(*word, shift=last - number))
    else:
        found = _near([_pairs(*word) for word in postings], slop)
    docs = found >> _DOC_SHIFT  # ascending, with a document once per place it matched
    return docs[np.r_[True, docs[1:] != docs[:-1]]] if len(docs) else docs


def _only(
    docs: np.ndarray, counts: np.ndarray, positions: np.ndarray, among: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A word's postings in the documents `among` (a subset of `docs`, both ascending)."""
    if len(among) == len(docs):
        return docs, counts, positions
    keep = np.zeros(len(docs), dtype=bool)
    keep[np.searchsorted(docs, among)] = True
    return docs[keep], counts[keep], positions[np.repeat(keep, counts)]


def _pairs(
    docs: np.ndarray, counts: np.ndarray, positions: np.ndarray, shift: int = 0
) -> np.ndarray:
    """Each (document, position + shift) as one number, ascending as the postings are."""
    owners = np.repeat(docs.astype(np.int64), counts)
    return (owners << _DOC_SHIFT) + positions.astype(np.int64) + shift


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The numbers in both sorted `a` and sorted `b` (each number once in each), ascending:
    the fewer are looked up among the more."""
    if not len(a) or not len(b):
        return a[:0]
    if len(a) > len(b):
        a, b = b, a
    where = np.minimum(np.searchsorted(b, a), len(b) - 1)
    return a[b[where] == a]


def _near(words: list[np.ndarray], slop: int) -> np.ndarray:
    """Where the last word can stand with each word after the one before within `slop` words,
    in the same document (a pair in a later document is always further apart: its document is
    in the high half)."""
    reach = words[0]
    for later in words[1:]:
        if not len(reach) or not len(later):
            return reach[:0]
        before = np.searchsorted(reach, later) - 1  # the nearest reached place before each
        nearest = reach[np.maximum(before, 0)]
        reach = later[(before >= 0) & (later - nearest <= slop)]
    return reach


__all__ = ["Analysed", "ArrayPositions", "phrase_documents"]
