"""A term's postings in one segment as arrays (document numbers, weights), read whole and kept.

Whoosh's matchers hand over one posting at a time, through several Python calls each; a common
word at 100,000 entries has tens of thousands of postings, and stepping through them was most
of a search's time. Here each block of postings, written as arrays by our codec (codec.py), is
turned into numpy arrays at once. A segment never changes once written (deletions are kept
apart from its postings), so what is read from it is kept, keyed by the segment, until the
cache's memory budget pushes it out.

This walks the blocks through a few private attributes of whoosh3's W3LeafMatcher (pinned in
requirements.txt); tests/test_index_engine.py compares every term read here with what Whoosh's
public matcher returns, so an upgrade that changes the layout fails there first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from .codec import ArrayLeafMatcher, block_ids, block_weights

# Posting arrays kept across searches (8 bytes a posting): the common words of a large archive.
CACHE_BYTES = 48 * 2**20
_LENGTHS = np.array([byte_to_length(code) for code in range(256)], dtype=np.float32)
# What is read from a segment's columns (facet values, dates, lengths, words), by segment.
SEGMENT_CACHE_SIZE = 1024
_cache: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()
_segments: OrderedDict[tuple[str, str], Any] = OrderedDict()
_cached_bytes = 0
_lock = threading.Lock()


def segment_postings(reader: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers local to the segment, weights) of a term; empty if it is not there."""
    key = (reader.segment().segment_id(), fieldname, text)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    found = _read(reader, fieldname, text)
    _keep(key, found)
    return found


def _read(reader: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    try:  # one lookup of the term, not two (`in` first, then the postings)
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return np.empty(0, np.int32), np.empty(0, np.float32)
    # A segment with deletions wraps its matcher; the deleted are dropped later, by the caller.
    while not isinstance(matcher, ArrayLeafMatcher) and hasattr(matcher, "child"):
        matcher = matcher.child
    if isinstance(matcher, ArrayLeafMatcher):
        return _read_blocks(matcher)
    return _read_one_by_one(matcher)


def _read_blocks(matcher: ArrayLeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    ids, weights = [], []
    while True:
        matcher._read_data()  # Whoosh's own read of the block: decompressed and unpickled
        stored_ids, stored_weights, _ = matcher._data
        ids.append(block_ids(stored_ids))
        weights.append(block_weights(stored_weights, matcher._blocklength))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(ids).astype(np.int32), np.concatenate(weights).astype(np.float32)


def _read_one_by_one(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    # Postings kept inline in the term's entry, or written by another codec: rare and short.
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)


def _keep(key: tuple, found: tuple[np.ndarray, np.ndarray]) -> None:
    global _cached_bytes
    size = found[0].nbytes + found[1].nbytes
    with _lock:
        if key in _cache:
            return
        _cache[key] = found
        _cached_bytes += size
        while _cached_bytes > CACHE_BYTES and len(_cache) > 1:
            _, dropped = _cache.popitem(last=False)
            _cached_bytes -= dropped[0].nbytes + dropped[1].nbytes


def forget_postings() -> None:
    """Drop every kept posting list (benchmarks time reading them with it)."""
    global _cached_bytes
    with _lock:
        _cache.clear()
        _cached_bytes = 0


def per_segment(reader: Any, what: str, make) -> Any:
    """`make()` for one segment, made once and kept (a segment never changes once written)."""
    key = (reader.segment().segment_id(), what)
    with _lock:
        if key in _segments:
            _segments.move_to_end(key)
            return _segments[key]
    made = make()
    with _lock:
        _segments[key] = made
        while len(_segments) > SEGMENT_CACHE_SIZE:
            _segments.popitem(last=False)
    return made


def segment_lengths(reader: Any, fieldname: str) -> np.ndarray:
    """Each document's length in `fieldname` (as Whoosh approximates it), by local number."""
    return per_segment(reader, "lengths " + fieldname, lambda: _read_lengths(reader, fieldname))


def _read_lengths(reader: Any, fieldname: str) -> np.ndarray:
    perdoc = reader._perdoc  # lengths live in a column the schema does not name
    name = f"_{fieldname}_len"
    count = reader.doc_count_all()
    if not perdoc.has_column(name):
        return np.ones(count, np.float32)
    codes = np.fromiter(perdoc.column_reader(name, LENGTHS_COLUMN), dtype=np.uint8, count=count)
    return _LENGTHS[codes]


__all__ = ["forget_postings", "per_segment", "segment_lengths", "segment_postings"]
