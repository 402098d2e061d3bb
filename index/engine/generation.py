"""What one index generation can answer without searching again, computed once and kept.

A searcher sees one generation of the index: until the next commit, the documents of each facet
value, each category and each date never change. So they are read once (from the columns) into
arrays kept beside the searcher; a search's matches (matching.py) then become a mask over every
document, and counts, facet counts and date order are array operations, not Python loops.

A commit adds a small segment and leaves the others as they were, so what is read from a
segment's columns is kept per segment (postings.per_segment): after a save only the new segment
is read, and the first search is not slowed by reading the whole archive again.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query
from whoosh.searching import Searcher

from ..schema import FACETS, TEXT_FIELDS
from .caches import LRU
from .matching import Matcher
from .postings import forget_postings, per_segment, segment_lengths, stored_numbers

# A cached answer keeps counts, facet counts and the first KEPT_PER_CATEGORY of each category
# in order (the search form stops at page 500 of 20): 40 KB a category.
ANSWER_CACHE_SIZE = 128
KEPT_PER_CATEGORY = 10_000
# Filters that are not a single facet value (several at once, dates) keep their documents.
FILTER_CACHE_SIZE = 16
# An answer with fewer documents than 1/FEW_MATCHES of the archive counts its facets by lookup.
FEW_MATCHES = 64
CATEGORIES = ("abuse", "claim")
DATE_FIELDS = ("date_start", "date_end", "date_oldest")
_generations: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


@dataclass(frozen=True)
class Answer:
    """What a query needs on every page: counts, facets and each category's documents in order."""

    counts: dict[str, int]
    facets: dict[str, list[tuple[str, int]]]
    order: dict[str, np.ndarray]


class Generation:
    """Per-searcher arrays: documents by facet value, dates, the live ones; recent answers."""

    def __init__(self, searcher: Searcher):
        # Not the searcher itself: it is the key this object is filed under, weakly.
        self.searcher = weakref.proxy(searcher)
        self.size = searcher.doc_count_all()
        self._values: dict[str, dict[str, np.ndarray]] = {}
        self._pairs: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}
        self._dates: dict[str, np.ndarray] = {}
        self._answers: LRU = LRU(ANSWER_CACHE_SIZE)
        self._filters: LRU = LRU(FILTER_CACHE_SIZE)
        self._live: np.ndarray | None = None
        self._lock = threading.RLock()

    def values(self, field: str) -> dict[str, np.ndarray]:
        """Value -> the documents holding it (ascending numbers), for one facet field."""
        with self._lock:
            if field not in self._values:
                self._values[field] = _join_values(
                    (segment_values(reader, field), offset) for reader, offset in self._leaves()
                )
            return self._values[field]

    def pairs(self, field: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """A facet's values, and every (document, number of its value) pair, by document: a
        small answer's facets are then counted from its own documents' pairs."""
        with self._lock:
            if field not in self._pairs:
                values = self.values(field)
                names = list(values)
                docs = [values[name] for name in names]
                codes = np.repeat(np.arange(len(names), dtype=np.int32), [len(d) for d in docs])
                every = np.concatenate(docs).astype(np.int32) if docs else _NO_DOCS
                order = np.argsort(every, kind="stable")
                self._pairs[field] = (names, every[order], codes[order])
            return self._pairs[field]

    def docs_with(self, field: str, value: str) -> np.ndarray:
        """A mask of the documents whose `field` holds `value`."""
        mask = np.zeros(self.size, dtype=bool)
        mask[self.values(field).get(value, _NO_DOCS)] = True
        return mask

    def dates(self, field: str) -> np.ndarray:
        """The sortable date number of every document, indexed by document number."""
        with self._lock:
            if field not in self._dates:
                parts = [segment_column(reader, field) for reader, _ in self._leaves()]
                self._dates[field] = np.concatenate(parts) if parts else _NO_DOCS
            return self._dates[field]

    def warm(self) -> None:
        """Read now what a first search would: live documents, facet values, dates, lengths."""
        self.live()
        for field in FACETS:
            self.pairs(field)
        for field in DATE_FIELDS:
            self.dates(field)
        for reader, _ in self._leaves():
            for field in TEXT_FIELDS:
                segment_lengths(reader, field)
        self.entry_ids()

    def entry_ids(self) -> np.ndarray:
        """Each document's entry id (unique within its category), read from the stored ids
        once per segment and kept, for what the archive counts about a whole search."""
        parts = [per_segment(reader, "entry ids", lambda r=reader: _segment_entry_ids(r))
                 for reader, _ in self._leaves()]  # fmt: skip
        return np.concatenate(parts) if parts else _NO_DOCS

    def _leaves(self) -> list[tuple[Any, int]]:
        # An empty index has a reader with no segment behind it, and nothing to read.
        leaves = self.searcher.reader().leaf_readers()
        return [(reader, offset) for reader, offset in leaves if reader.doc_count_all()]

    def live(self) -> np.ndarray:
        """A mask of the live (not deleted) documents."""
        with self._lock:
            if self._live is None:
                live = np.ones(self.size, dtype=bool)
                for reader, offset in self._leaves():
                    if reader.has_deletions():
                        live[[offset + d for d in reader.deleted_docs_set]] = False
                self._live = live
            return self._live

    def matcher(self) -> Matcher:
        """Scores queries over this generation's documents."""
        return Matcher(self.searcher, self.live(), self._leaves())

    def answer(self, q: query.Query, keep, drop, sortedby: tuple[str, bool] | None) -> Answer:
        """Counts, facets and order for a query, worked out once per generation."""
        key = repr((q, keep, drop, sortedby))
        found = self._answers.get(key)
        if found is None:
            found = self._answer(q, keep, drop, sortedby)
            self._answers.put(key, found)
        return found

    def _answer(self, q, keep, drop, sortedby) -> Answer:
        found = self.matcher().matches(q)
        allowed = self.live().copy()
        if keep is not None:
            allowed &= self.docs_for(keep)
        if drop is not None:
            allowed &= ~self.docs_for(drop)
        inside = allowed[found.docs]
        docs, scores = found.docs[inside], found.scores[inside]
        matched = np.zeros(self.size, dtype=bool)
        matched[docs] = True
        order, counts = {}, {}
        for kind in CATEGORIES:
            mine = self.docs_with("kind", kind)[docs]
            counts[kind] = int(np.count_nonzero(mine))
            if sortedby:
                field, newest = sortedby
                order[kind] = top_by_date(self, docs[mine], field, newest, KEPT_PER_CATEGORY)
            else:
                order[kind] = top_by_score(docs[mine], scores[mine], KEPT_PER_CATEGORY)
        return Answer(counts, count_facets(self, matched, docs), order)

    def docs_for(self, q: query.Query) -> np.ndarray:
        """A mask of the documents a filter selects: from facet values and date columns."""
        if isinstance(q, query.Term) and q.fieldname in FACETS:
            return self.docs_with(q.fieldname, q.text)
        key = repr(q)
        found = self._filters.get(key)
        if found is None:
            found = self._docs_for(q)
            self._filters.put(key, found)
        return found

    def _docs_for(self, q: query.Query) -> np.ndarray:
        if isinstance(q, query.NumericRange) and q.fieldname in DATE_FIELDS:
            dates = self.dates(q.fieldname)
            mask = np.ones(self.size, dtype=bool)
            if q.start is not None:
                mask &= dates >= q.start
            if q.end is not None:
                mask &= dates <= q.end
            return mask
        if isinstance(q, query.And):
            mask = self.live().copy()
            for sub in q.subqueries:
                mask &= self.docs_for(sub)
            return mask
        mask = np.zeros(self.size, dtype=bool)
        mask[self.matcher().matches(q).docs] = True
        return mask

    def has_live(self, q: query.Query) -> bool:
        """Whether any live document matches `q`."""
        return bool(len(self.matcher().matches(q).docs))

    def forget_answers(self) -> None:
        """Drop the cached answers (benchmarks time the uncached path with it)."""
        self._answers.clear()
        self._filters.clear()


_NO_DOCS = np.empty(0, dtype=np.int64)


def _segment_entry_ids(reader: Any) -> np.ndarray:
    ids = np.zeros(reader.doc_count_all(), dtype=np.int64)
    for docnum in range(len(ids)):
        stored = reader.stored_fields(docnum)
        if stored:
            ids[docnum] = int(stored["doc_id"].partition(":")[2])
    return ids


def segment_column(reader: Any, field: str) -> np.ndarray:
    """One segment's numbers in a date column, by local document number (read once)."""
    return per_segment(reader, "column " + field, lambda: _read_column(reader, field))


def segment_values(reader: Any, field: str) -> dict[str, np.ndarray]:
    """One segment's value -> local document numbers, for a facet field (read once)."""
    return per_segment(reader, "values " + field, lambda: _group(reader, field))


def _read_column(reader: Any, field: str) -> np.ndarray:
    count = reader.doc_count_all()
    if not count or not reader.has_column(field):
        return np.zeros(count, dtype=np.int64)
    stored = stored_numbers(reader.column_reader(field, translate=False), count)
    translate = reader.schema[field].from_column_value
    # Whole numbers are stored shifted by a constant (so that they sort as bytes): when Whoosh's
    # own translation of the smallest and largest agrees with one shift, it is applied to all.
    low, high = int(stored.min()), int(stored.max())
    shift = translate(low) - low
    if isinstance(shift, int) and translate(high) - high == shift:
        return stored + shift
    distinct, where = np.unique(stored, return_inverse=True)
    return np.array([translate(int(value)) for value in distinct], dtype=np.int64)[where]


def _group(reader: Any, field: str) -> dict[str, np.ndarray]:
    """A facet's documents by value; an entry with several values (a,b) is under each."""
    if not reader.doc_count_all() or not reader.has_column(field):
        return {}
    codes, values = _stored_codes(reader.column_reader(field, translate=False))
    found: dict[str, list[np.ndarray]] = {}
    order = np.argsort(codes, kind="stable")  # documents ascending within each value
    bounds = np.searchsorted(codes[order], np.arange(len(values) + 1))
    several = FACETS.get(field, False)
    for code, stored in enumerate(values):
        text = stored.decode()
        for value in text.split(",") if several else (text,):
            if value:
                found.setdefault(value, []).append(order[bounds[code] : bounds[code + 1]])
    return {value: np.unique(np.concatenate(docs)) for value, docs in found.items()}


def _stored_codes(column: Any) -> tuple[np.ndarray, list[bytes]]:
    """Each document's value in a bytes column as a number, and the values those numbers are:
    the column is read in one piece and cut by its own lengths (a facet has few values)."""
    lengths = np.asarray(column._lengths, dtype=np.int64)
    ends = np.cumsum(lengths)  # values are stored one after another, as Whoosh reads them
    starts = ends - lengths
    data = column._dbfile.get(column._basepos, int(ends.max(initial=0)))
    numbers: dict[bytes, int] = {}
    codes = np.fromiter(
        (numbers.setdefault(data[start:end], len(numbers))
         for start, end in zip(starts.tolist(), ends.tolist(), strict=True)),
        dtype=np.int64,
        count=len(lengths),
    )  # fmt: skip
    return codes, list(numbers)


def _join_values(parts) -> dict[str, np.ndarray]:
    joined: dict[str, list[np.ndarray]] = {}
    for values, offset in parts:
        for value, docs in values.items():
            joined.setdefault(value, []).append(docs + offset)
    return {value: np.concatenate(docs) for value, docs in joined.items()}


def generation(searcher: Searcher) -> Generation:
    """The caches of this searcher's generation (made on first use)."""
    with _lock:
        if searcher not in _generations:
            _generations[searcher] = Generation(searcher)
        return _generations[searcher]


def warm(searcher: Searcher) -> None:
    """Read what first searches need, so that the first people to search do not wait for it
    (at 100,000 entries, about half a second of reading column files)."""
    generation(searcher).warm()


def forget_queries() -> None:
    """Drop every cached answer and posting list (benchmarks time the uncached path with it)."""
    with _lock:
        generations = list(_generations.values())
    for gen in generations:
        gen.forget_answers()
    forget_postings()


def count_facets(
    gen: Generation, matched: np.ndarray, docs: np.ndarray | None = None
) -> dict[str, list[tuple[str, int]]]:
    """Facet -> [(value, count)] over the `matched` mask (whose documents are `docs`, if
    given), most frequent first."""
    counted = {}
    for field in FACETS:
        if docs is not None and len(docs) * FEW_MATCHES < gen.size:
            pairs = _few_counts(gen, field, docs)
        else:
            pairs = ((value, int(np.count_nonzero(matched[found])))
                     for value, found in gen.values(field).items())  # fmt: skip
        counted[field] = sorted(
            ((value, n) for value, n in pairs if n), key=lambda item: (-item[1], item[0])
        )
    return counted


def _few_counts(gen: Generation, field: str, docs: np.ndarray) -> list[tuple[str, int]]:
    """(value, count) of a small answer's documents: only their own pairs are looked up
    (counting value by value reads every document of the archive)."""
    names, pair_docs, pair_codes = gen.pairs(field)
    docs = docs.astype(pair_docs.dtype)  # else searchsorted would copy the pairs
    first = np.searchsorted(pair_docs, docs, "left")
    lengths = np.searchsorted(pair_docs, docs, "right") - first
    starts = np.repeat(first - (np.cumsum(lengths) - lengths), lengths)
    counts = np.bincount(pair_codes[np.arange(int(lengths.sum())) + starts], minlength=len(names))
    return [(names[code], int(counts[code])) for code in np.flatnonzero(counts)]


def top_by_score(docs: np.ndarray, scores: np.ndarray, n: int) -> np.ndarray:
    """The first `n` documents by score, best first (ties: lower number first, as Whoosh).

    Only those scoring at least the n-th best can be among them: the rest are never sorted."""
    if len(scores) > n:
        nth = np.partition(scores, len(scores) - n)[len(scores) - n]
        contenders = scores >= nth
        docs, scores = docs[contenders], scores[contenders]
    return docs[np.lexsort((docs, -scores))[:n]]


def top_by_date(gen: Generation, docs: np.ndarray, field: str, newest: bool, n: int) -> np.ndarray:
    """The first `n` documents by date, newest or oldest first (ties: higher number first)."""
    dates = gen.dates(field)[docs]
    ordered = np.lexsort((docs, dates)) if newest else np.lexsort((-docs, dates))
    return docs[ordered[::-1][:n]] if newest else docs[ordered[:n]]


def stored_ids(searcher: Searcher, docnums) -> list[str]:
    """The index id ("abuse:12") of each document number."""
    return [searcher.stored_fields(int(docnum))["doc_id"] for docnum in docnums]


__all__ = [
    "Answer",
    "Generation",
    "count_facets",
    "forget_queries",
    "generation",
    "stored_ids",
    "top_by_date",
    "top_by_score",
    "warm",
]
