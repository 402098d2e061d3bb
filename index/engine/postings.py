"""A term's postings in one segment as arrays (document numbers, weights), read whole and kept.

Whoosh's matchers hand over one posting at a time, through several Python calls each; a common
word at 100,000 entries has tens of thousands of postings, and stepping through them was most
of a search's time. Here each block of postings, written as arrays by our codec (codec.py), is
turned into numpy arrays at once. A segment never changes once written (deletions are kept
apart from its postings), so what is read from it is kept, keyed by the segment, until the
cache's memory budget pushes it out. Word positions are in the same blocks but decoded only for
phrases (`segment_positions`), and kept apart, in a smaller budget. Numeric columns (field
lengths here, dates in generation.py) are read in one piece by `stored_numbers`.

This walks the blocks through a few private attributes of whoosh3's W3LeafMatcher (pinned in
requirements.txt, listed in whoosh3_internals.py); tests/test_index_engine.py compares every
term read here with what Whoosh's public matcher returns, so an upgrade that changes the layout
fails there first.
"""

from __future__ import annotations

import io
import threading
import zlib
from pickle import load, loads
from typing import Any

import numpy as np
from whoosh.reading import TermNotFound

from .caches import LRU
from .codec import ArrayLeafMatcher, block_ids, block_weights
from .mapped import MappedFile
from .whoosh3_internals import (
    _INT_SIZE,
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    NumericColumn,
    _int_struct,
    _lenfield,
    byte_to_length,
)

# Posting arrays kept across searches (8 bytes a posting): the common words of a large archive.
CACHE_BYTES = 48 * 2**20
# Positions kept for phrases (about 2 bytes each, plus 12 a posting).
POSITIONS_CACHE_BYTES = 16 * 2**20
_LENGTHS = np.array([byte_to_length(code) for code in range(256)], dtype=np.float32)
# What is read from a segment's columns (facet values, dates, lengths), by segment.
SEGMENT_CACHE_SIZE = 1024


def _nbytes(arrays: tuple[np.ndarray, ...]) -> int:
    return sum(array.nbytes for array in arrays)


_postings = LRU(CACHE_BYTES, getsizeof=_nbytes)
_positions = LRU(POSITIONS_CACHE_BYTES, getsizeof=_nbytes)
_segments = LRU(SEGMENT_CACHE_SIZE)
# Held while a segment's postings are read (see _read); Whoosh's own search takes it too.
reading = threading.RLock()
# (document numbers, weights, and for phrases how many positions each and the positions)
Read = tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]


def segment_postings(reader: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers local to the segment, weights) of a term; empty if it is not there."""
    key = (reader.segment().segment_id(), fieldname, text)
    found = _postings.get(key)
    if found is None:
        ids, weights, _, _ = _read(reader, fieldname, text, positions=False)
        found = (ids, weights)
        _postings.put(key, found)
    return found


def segment_positions(
    reader: Any, fieldname: str, text: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(document numbers, how many positions each, the positions in a row) of a term in a
    segment; empty if it is not there. Its postings are kept too, read in the same pass."""
    key = (reader.segment().segment_id(), fieldname, text)
    found = _positions.get(key)
    if found is None:
        ids, weights, counts, positions = _read(reader, fieldname, text, positions=True)
        found = (ids, counts, positions)
        _positions.put(key, found)
        _postings.put(key, (ids, weights))
    return found


def _read(reader: Any, fieldname: str, text: str, positions: bool) -> Read:
    # Every matcher of a segment reads its postings file through one shared read position, and
    # requests share the searcher: two threads reading at once read each other's blocks.
    with reading:
        try:  # one lookup of the term, not two (`in` first, then the postings)
            matcher = reader.postings(fieldname, text)
        except TermNotFound:
            return _read_one_by_one(None, positions)
        # A segment with deletions wraps its matcher; the deleted are dropped later, by the caller.
        while not isinstance(matcher, ArrayLeafMatcher) and hasattr(matcher, "child"):
            matcher = matcher.child
        if isinstance(matcher, ArrayLeafMatcher):
            return _read_blocks(matcher, positions)
        return _read_one_by_one(matcher, positions)


def _read_blocks(matcher: ArrayLeafMatcher, positions: bool) -> Read:
    """A term's postings, every block of them: read straight from the mapped file when the
    segment is mapped (a block is `length | header | size | pickled part | positions`, as
    codec.py writes it), else block by block through the matcher."""
    if not isinstance(matcher._postfile, MappedFile):
        return _read_blocks_by_matcher(matcher, positions)
    view = matcher._postfile._buf
    at = matcher._startoffset + len(WHOOSH3_HEADER_MAGIC)
    steps, lasts, weights, counts, places = [], [], [], [], []
    while True:
        (length,) = _int_struct.unpack_from(view, at)
        end = at + _INT_SIZE + abs(length)
        block = view[at + _INT_SIZE : end]
        stream = io.BytesIO(block)  # its read position: where the pickled header ends
        count, last, _, compression = load(stream)[:4]
        start = stream.tell() + _INT_SIZE
        stop = start + _int_struct.unpack_from(block, start - _INT_SIZE)[0]
        data = zlib.decompress(block[start:stop]) if compression else block[start:stop]
        stored_ids, stored_weights, kinds = loads(data)
        steps.append(np.frombuffer(stored_ids[1], stored_ids[0]))
        lasts.append(last)
        weights.append(block_weights(stored_weights, count))
        if positions:
            count_kind, kind = (np.dtype(name) for name in kinds)
            block_counts = np.frombuffer(block, count_kind, count=count, offset=stop)
            counts.append(block_counts)
            places.append(np.frombuffer(block, kind, offset=stop + block_counts.nbytes))
        if length < 0:  # the term's last block
            break
        at = end
    found = (_ids(steps, lasts), np.concatenate(weights).astype(np.float32))
    if not positions:
        return (*found, None, None)
    return (*found, np.concatenate(counts).astype(np.int64), np.concatenate(places))


def _ids(steps: list[np.ndarray], lasts: list[int]) -> np.ndarray:
    """Document numbers from each block's steps (its first step is from 0): one running sum,
    each block's first step made a step from the block before's last number."""
    joined = np.concatenate(steps, dtype=np.int64)
    firsts = np.cumsum([len(block) for block in steps[:-1]], dtype=np.intp)
    joined[firsts] -= np.array(lasts[:-1], dtype=np.int64)
    return np.cumsum(joined).astype(np.int32)


def _read_blocks_by_matcher(matcher: ArrayLeafMatcher, positions: bool) -> Read:
    ids, weights, counts, places = [], [], [], []
    while True:
        matcher._read_data()  # the block's ids and weights: decompressed and unpickled
        stored_ids, stored_weights, _ = matcher._data
        ids.append(block_ids(stored_ids))
        weights.append(block_weights(stored_weights, matcher._blocklength))
        if positions:
            block_counts, block_places = matcher.block_positions()
            counts.append(block_counts)
            places.append(block_places)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    found = (np.concatenate(ids).astype(np.int32), np.concatenate(weights).astype(np.float32))
    if not positions:
        return (*found, None, None)
    return (*found, np.concatenate(counts).astype(np.int64), np.concatenate(places))


def _read_one_by_one(matcher: Any, positions: bool) -> Read:
    # Postings kept inline in the term's entry, or written by another codec: rare and short.
    # No matcher: the term is not in the segment.
    ids, weights, places = [], [], []
    while matcher is not None and matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if positions:
            places.append(matcher.value_as("positions"))
        matcher.next()
    found = (np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32))
    if not positions:
        return (*found, None, None)
    counts = np.array([len(each) for each in places], dtype=np.int64)
    return (*found, counts, np.array([p for each in places for p in each], dtype=np.uint32))


def forget_postings() -> None:
    """Drop every kept posting list and positions (benchmarks time reading them with it)."""
    _postings.clear()
    _positions.clear()


def per_segment(reader: Any, what: str, make) -> Any:
    """`make()` for one segment, made once and kept (a segment never changes once written)."""
    key = (reader.segment().segment_id(), what)
    found = _segments.get(key)
    if found is None:
        found = make()
        _segments.put(key, found)
    return found


def segment_lengths(reader: Any, fieldname: str) -> np.ndarray:
    """Each document's length in `fieldname` (as Whoosh approximates it), by local number."""
    return per_segment(reader, "lengths " + fieldname, lambda: _read_lengths(reader, fieldname))


def _read_lengths(reader: Any, fieldname: str) -> np.ndarray:
    perdoc = reader._perdoc  # lengths live in a column the schema does not name
    name = _lenfield(fieldname)
    count = reader.doc_count_all()
    if not perdoc.has_column(name):
        return np.ones(count, np.float32)
    codes = stored_numbers(perdoc.column_reader(name, LENGTHS_COLUMN), count)
    return _LENGTHS[codes]


def stored_numbers(column: Any, count: int) -> np.ndarray:
    """A numeric column as stored: big-endian numbers of one width, read in one piece (a column
    reader unpacks them one document at a time). Documents after the last stored one hold the
    column's default, as Whoosh reads them."""
    if not isinstance(column, NumericColumn.Reader):
        return np.fromiter(column, dtype=np.int64, count=count)
    kind = np.dtype(">" + column._typecode)
    stored = np.frombuffer(column._dbfile.get(column._basepos, column._count * kind.itemsize), kind)
    missing = np.full(count - len(stored), column._unpack(column._defaultbytes)[0], np.int64)
    return np.concatenate([stored.astype(np.int64), missing])


__all__ = [
    "forget_postings",
    "per_segment",
    "reading",
    "segment_lengths",
    "segment_positions",
    "segment_postings",
    "stored_numbers",
]
