"""Phrases without positions: each document's words kept in order, as a column of hashes.

Word positions stored in Whoosh's postings made every posting slow to read, for every search,
where only phrases need them. So the text fields keep frequencies only, and a column holds each
document's analysed words in order (32-bit hashes, title then text). A phrase is looked for only
in the documents that hold all its words, with array comparisons over their sequences.
"""

from __future__ import annotations

import threading
import weakref
import zlib
from collections.abc import Iterable
from typing import Any

import numpy as np
from whoosh import columns, fields

from .analysis import text_analyzer

WORDS_FIELD = "words"
# Between the title and the text, so a phrase never runs from one into the other.
BREAK = 0
_columns: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def word_hash(term: str) -> int:
    """A stable 32-bit number for an analysed word (the same in every process)."""
    return zlib.crc32(term.encode("utf-8")) or 1  # 0 is the break


class WordSequence(fields.FieldType):
    """A column, never searched itself: (title, text) -> their analysed words' hashes, in order."""

    indexed = False
    stored = False
    scorable = False

    def __init__(self) -> None:
        self.format = None
        self.analyzer = text_analyzer()
        self.column_type = columns.VarBytesColumn()

    def to_column_value(self, value: Iterable[str]) -> bytes:
        hashes: list[int] = []
        for part in value:
            if hashes:
                hashes.append(BREAK)
            hashes += (word_hash(token.text) for token in self.analyzer(part))
        return np.array(hashes, dtype="<u4").tobytes()

    def from_column_value(self, value: bytes) -> bytes:
        return value


def holding_phrase(reader: Any, docs: np.ndarray, words: list[str], slop: int = 1) -> np.ndarray:
    """Which of `docs` (a segment's local numbers) hold `words` in this order.

    With a slop above 1 ("a b"~3), each word must follow the one before within that many words.
    """
    found = np.zeros(len(docs), dtype=bool)
    if not len(docs) or not words:
        return found
    sequence, ends = _sequences(reader, docs)
    hashes = [word_hash(word) for word in words]
    if slop <= 1:
        starts = _runs(sequence, hashes)
        span = len(hashes)
    else:
        starts, span = _near(sequence, ends, hashes, slop), 1
    owner = np.searchsorted(ends, starts, side="right")
    inside = starts + span <= ends[np.minimum(owner, len(ends) - 1)]
    found[owner[inside]] = True
    return found


def _sequences(reader: Any, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The word columns of `docs` one after another, and where each ends (counted in words).

    Read straight from the column file: a column reader's item lookup cost more than the
    reading itself. When the file is mapped in memory, slices of it copy nothing until joined.
    """
    column, offsets, lengths = _column(reader)
    sizes = lengths[docs]
    starts = column._basepos + offsets[docs]
    spans = zip(starts.tolist(), (starts + sizes).tolist(), strict=True)
    mapped = getattr(column._dbfile, "_buf", None)
    if isinstance(mapped, memoryview):
        chunks = [mapped[start:end] for start, end in spans]
    else:
        get = column._dbfile.get
        chunks = [get(start, end - start) for start, end in spans]
    # The slices end with this call: a mapped file cannot be closed while they live.
    sequence = np.frombuffer(b"".join(chunks), dtype="<u4")
    return sequence, np.cumsum(sizes // 4)


def _column(reader: Any) -> tuple[Any, np.ndarray, np.ndarray]:
    # Kept as long as the segment reader is open (opening the column reads all its lengths).
    with _lock:
        if reader not in _columns:
            column = reader.column_reader(WORDS_FIELD, translate=False)
            lengths = np.array(column._lengths, dtype=np.int64)
            _columns[reader] = (column, np.cumsum(lengths) - lengths, lengths)
        return _columns[reader]


def _runs(sequence: np.ndarray, hashes: list[int]) -> np.ndarray:
    """Where in `sequence` the hashes start, one after another."""
    last = len(sequence) - len(hashes) + 1
    if last <= 0:
        return np.empty(0, dtype=np.int64)
    hit = sequence[:last] == hashes[0]
    for offset, value in enumerate(hashes[1:], start=1):
        hit &= sequence[offset : offset + last] == value
    return np.flatnonzero(hit)


def _near(sequence: np.ndarray, ends: np.ndarray, hashes: list[int], slop: int) -> np.ndarray:
    """Where a run starts in which each hash follows the previous within `slop` words."""
    reach = np.flatnonzero(sequence == hashes[0])
    for value in hashes[1:]:
        later = np.flatnonzero(sequence == value)
        if not len(reach) or not len(later):
            return np.empty(0, dtype=np.int64)
        # The first occurrence of the next word after each reached one, in the same document.
        after = np.searchsorted(later, reach, side="right")
        ok = after < len(later)
        nxt = np.where(ok, later[np.minimum(after, len(later) - 1)], 0)
        same_doc = np.searchsorted(ends, reach, side="right") == np.searchsorted(
            ends, nxt, side="right"
        )
        keep = ok & same_doc & (nxt - reach <= slop)
        reach = nxt[keep]
    return reach


__all__ = ["WORDS_FIELD", "WordSequence", "holding_phrase", "word_hash"]
