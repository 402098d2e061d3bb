"""How postings are laid out on disk: Whoosh's own format, with each block's numbers as raw arrays.

whoosh3 pickles each block of postings as tuples of Python numbers; turning those back into
arrays was a third of the time of a first search at 100,000 entries. This codec keeps every
other part of whoosh3's format (term files, block headers, columns, compression) and writes a
block's document numbers (as steps from the previous one) and weights as little-endian 32-bit
arrays, which the search engine reads with one `numpy.frombuffer` each, in larger blocks (fewer
headers to read per term). Whoosh's own matcher reads the same blocks through `ArrayLeafMatcher`,
so Whoosh's searching, merging and highlighting keep working unchanged. Its segments are read
from the mapped file without copies (mapped.py).

Segments remember the codec that wrote them; the schema version (schema.py) names this layout,
so an index written before it is made again from the archive.
"""

from __future__ import annotations

from array import array
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter

from .mapped import MappedSegment

# Postings per block: a common word's list is read whole, so large blocks mean fewer headers.
BLOCK_POSTINGS = 1024
IDS = np.dtype("<u4")
WEIGHTS = np.dtype("<f4")


class ArrayCodec(W3Codec):
    """whoosh3's codec with array blocks of postings (term vectors, unused here, are unchanged)."""

    def __init__(self, blocklimit: int = BLOCK_POSTINGS, compression: int = 3) -> None:
        super().__init__(blocklimit, compression, inlinelimit=1)

    def new_segment(self, storage: Any, indexname: str) -> MappedSegment:
        return MappedSegment(self, indexname)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:
            return super().postings_writer(dbfile, byteids)
        return ArrayPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class ArrayPostingsWriter(W3PostingsWriter):
    def _mini_ids(self) -> bytes:
        return np.diff(np.asarray(self._ids, dtype=np.int64), prepend=0).astype(IDS).tobytes()

    def _mini_weights(self) -> Any:
        minified = super()._mini_weights()  # None when all are 1, one number when all equal
        if isinstance(minified, tuple):
            return np.asarray(self._weights, dtype=WEIGHTS).tobytes()
        return minified


class ArrayLeafMatcher(W3LeafMatcher):
    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = tuple(block_ids(self._data[0]).tolist())

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        stored = self._data[1]
        if isinstance(stored, bytes):
            self._weights = array("f", np.frombuffer(stored, WEIGHTS).tolist())
        else:
            super()._read_weights()


def block_ids(stored: bytes) -> np.ndarray:
    """A block's document numbers from its stored steps."""
    return np.cumsum(np.frombuffer(stored, IDS), dtype=np.int64)


def block_weights(stored: Any, count: int) -> np.ndarray:
    """A block's weights: Whoosh stores None when all are 1 and one number when all are equal."""
    if stored is None:
        return np.ones(count, np.float32)
    if isinstance(stored, float | int):
        return np.full(count, stored, np.float32)
    return np.frombuffer(stored, WEIGHTS)


CODEC = ArrayCodec()

__all__ = ["CODEC", "ArrayCodec", "ArrayLeafMatcher", "block_ids", "block_weights"]
