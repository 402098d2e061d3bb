"""What one index generation can answer without searching again, computed once and kept.

A searcher sees one generation of the index: until the next commit, the documents of each facet
value, each category and each date never change. So they are read once (from the columns) and
kept beside the searcher; facet counts, category counts and date order then become set
intersections and a partial sort, done in C, instead of a walk over every match in Python.

A commit adds a small segment and leaves the others as they were, so what is read from a
segment's columns is kept per segment: after a save only the new segment is read, and the
first search is not slowed by reading the whole archive again. Deleted documents stay in those
sets; every answer is intersected with the matches of a search, which never hold them.

The sets made here are shared by every request and never changed after they are made (they are
sets, not frozensets, because Whoosh accepts only those as a filter).
"""

from __future__ import annotations

import heapq
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from whoosh import query
from whoosh.searching import Searcher

from .schema import FACETS

# A cached answer keeps counts, facet counts and the first KEPT_PER_CATEGORY of each category
# in order (the search form stops at page 500 of 20): well under a megabyte each.
ANSWER_CACHE_SIZE = 128
KEPT_PER_CATEGORY = 10_000
# Filters that are not a single facet value (several at once, dates) keep their documents.
FILTER_CACHE_SIZE = 16
CATEGORIES = ("abuse", "claim")
SEGMENT_CACHE_SIZE = 1024
DATE_FIELDS = ("date_start", "date_end", "date_oldest")
_generations: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_segments: OrderedDict[tuple[str, str], Any] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Answer:
    """What a query needs on every page: counts, facets and each category's documents in order."""

    counts: dict[str, int]
    facets: dict[str, list[tuple[str, int]]]
    order: dict[str, list[int]]


class Generation:
    """Per-searcher caches: documents by facet value and date, and recent answers."""

    def __init__(self, searcher: Searcher):
        # Not the searcher itself: it is the key this object is filed under, weakly.
        self.searcher = weakref.proxy(searcher)
        self._values: dict[str, dict[str, set[int]]] = {}
        self._dates: dict[str, list[int]] = {}
        self._answers: LRU = LRU(ANSWER_CACHE_SIZE)
        self._filters: LRU = LRU(FILTER_CACHE_SIZE)
        self._all: set[int] | None = None
        self._lock = threading.RLock()

    def docs_with(self, field: str, value: str) -> set[int]:
        """The documents whose `field` holds `value` (a facet or category field)."""
        return self.values(field).get(value, set())

    def values(self, field: str) -> dict[str, set[int]]:
        """Value -> documents holding it, for one facet field."""
        with self._lock:
            if field not in self._values:
                self._values[field] = _join_values(
                    (segment_values(reader, field), offset) for reader, offset in self._leaves()
                )
            return self._values[field]

    def dates(self, field: str) -> list[int]:
        """The sortable date number of every document, indexed by document number."""
        with self._lock:
            if field not in self._dates:
                joined: list[int] = []
                for reader, _ in self._leaves():
                    joined += segment_column(reader, field)
                self._dates[field] = joined
            return self._dates[field]

    def _leaves(self) -> list[tuple[Any, int]]:
        # An empty index has a reader with no segment behind it, and nothing to read.
        leaves = self.searcher.reader().leaf_readers()
        return [(reader, offset) for reader, offset in leaves if reader.doc_count_all()]

    def all_docs(self) -> set[int]:
        """Every live (not deleted) document."""
        with self._lock:
            if self._all is None:
                self._all = set()
                for reader, offset in self._leaves():
                    live = set(range(offset, offset + reader.doc_count_all()))
                    self._all |= live - {offset + d for d in _deleted(reader)}
            return self._all

    def answer(self, q: query.Query, keep, drop, sortedby: tuple[str, bool] | None) -> Answer:
        """Counts, facets and order for a query, worked out once per generation.

        Ranked by relevance, one walk scores every match: it answers the counts, the facets and
        every page of both categories, where a limited search per page would walk again.
        """
        key = repr((q, keep, drop, sortedby))
        found = self._answers.get(key)
        if found is None:
            found = self._answer(q, keep, drop, sortedby)
            self._answers.put(key, found)
        return found

    def _answer(self, q, keep, drop, sortedby) -> Answer:
        if sortedby:
            matched, ranked = self._matches(q, keep, drop), []
        else:
            results = self.searcher.search(
                q, filter=self._filter(keep), mask=self._filter(drop), limit=None, terms=False
            )
            ranked = [docnum for _, docnum in results.top_n]
            matched = set(ranked)
        by_kind = {kind: matched & self.docs_with("kind", kind) for kind in CATEGORIES}
        order = {}
        for kind, docs in by_kind.items():
            if sortedby:
                field, newest = sortedby
                order[kind] = top_by_date(self, docs, field, newest, KEPT_PER_CATEGORY)
            else:
                order[kind] = list(islice((d for d in ranked if d in docs), KEPT_PER_CATEGORY))
        counts = {kind: len(docs) for kind, docs in by_kind.items()}
        return Answer(counts, count_facets(self, matched), order)

    def _filter(self, q: query.Query | None) -> set[int] | None:
        return None if q is None else self.docs_for(q)

    def _matches(self, q: query.Query, keep, drop) -> set[int]:
        keep_docs, drop_docs = self._filter(keep), self._filter(drop)
        if not isinstance(q, query.Every):
            results = self.searcher.search(
                q, filter=keep_docs, mask=drop_docs, limit=None, scored=False, terms=False
            )
            return set(results.docs())
        found = self.all_docs()
        if keep_docs is not None:
            found = found & keep_docs
        if drop_docs is not None:
            found = found - drop_docs
        return found

    def docs_for(self, q: query.Query) -> set[int]:
        """The documents a filter selects: from the facet sets and date columns where it can."""
        if isinstance(q, query.Term) and q.fieldname in FACETS:
            return self.docs_with(q.fieldname, q.text)
        key = repr(q)
        found = self._filters.get(key)
        if found is None:
            found = self._docs_for(q)
            self._filters.put(key, found)
        return found

    def _docs_for(self, q: query.Query) -> set[int]:
        if isinstance(q, query.NumericRange) and q.fieldname in DATE_FIELDS:
            low = q.start if q.start is not None else float("-inf")
            high = q.end if q.end is not None else float("inf")
            dates = self.dates(q.fieldname)
            return {d for d, day in enumerate(dates) if day is not None and low <= day <= high}
        if isinstance(q, query.And):
            sets = sorted((self.docs_for(sub) for sub in q.subqueries), key=len)
            return set.intersection(*sets) if sets else self.all_docs()
        return self._matches(q, None, None)

    def has_live(self, q: query.Query) -> bool:
        """Whether any live document matches `q` (stops at the first)."""
        return bool(self.searcher.search(q, limit=1, scored=False, terms=False).top_n)

    def forget_answers(self) -> None:
        """Drop the cached answers (benchmarks time the uncached path with it)."""
        self._answers.clear()
        self._filters.clear()


class LRU:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        """The cached value, or None."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: Any) -> None:
        """Keep `value`, dropping the least recently used past the size."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()


def _deleted(reader: Any) -> Iterable[int]:
    return reader.deleted_docs_set if reader.has_deletions() else ()


def _segment_key(reader: Any, field: str) -> tuple[str, str]:
    return (reader.segment().segment_id(), field)


def segment_column(reader: Any, field: str) -> list:
    """One segment's column values, by local document number (read once per segment)."""
    return _per_segment(reader, "column " + field, lambda: _read_column(reader, field))


def segment_values(reader: Any, field: str) -> dict[str, list[int]]:
    """One segment's value -> local document numbers, for a facet field."""
    return _per_segment(reader, "values " + field, lambda: _group(reader, field))


def _per_segment(reader: Any, what: str, make) -> Any:
    key = _segment_key(reader, what)
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


def _read_column(reader: Any, field: str) -> list:
    if not reader.doc_count_all() or not reader.has_column(field):
        return [None] * reader.doc_count_all()
    return list(reader.column_reader(field))


def _group(reader: Any, field: str) -> dict[str, list[int]]:
    several = FACETS.get(field, False)
    found: dict[str, list[int]] = {}
    # Read straight from the column, not through the per-segment cache: once grouped, the
    # value of each document is not needed again (only dates are).
    for docnum, stored in enumerate(_read_column(reader, field)):
        text = stored.decode() if isinstance(stored, bytes) else str(stored or "")
        for value in text.split(",") if several else (text,):
            if value:
                found.setdefault(value, []).append(docnum)
    return found


def _join_values(parts: Iterable[tuple[dict[str, list[int]], int]]) -> dict[str, set[int]]:
    joined: dict[str, set[int]] = {}
    for values, offset in parts:
        for value, docs in values.items():
            shifted = docs if offset == 0 else map(offset.__add__, docs)
            joined.setdefault(value, set()).update(shifted)
    return joined


def generation(searcher: Searcher) -> Generation:
    """The caches of this searcher's generation (made on first use)."""
    with _lock:
        if searcher not in _generations:
            _generations[searcher] = Generation(searcher)
        return _generations[searcher]


def forget_queries() -> None:
    """Drop every cached answer (benchmarks use it to time the uncached path)."""
    with _lock:
        generations = list(_generations.values())
    for gen in generations:
        gen.forget_answers()


def count_facets(gen: Generation, matched: set[int]) -> dict[str, list[tuple[str, int]]]:
    """Facet -> [(value, count)] over `matched`, most frequent first."""
    counted = {}
    for field in FACETS:
        pairs = ((value, len(docs & matched)) for value, docs in gen.values(field).items())
        counted[field] = sorted(
            ((value, n) for value, n in pairs if n), key=lambda item: (-item[1], item[0])
        )
    return counted


def top_by_date(gen: Generation, docs: Iterable[int], field: str, newest: bool, n: int) -> list:
    """The first `n` documents by date, newest or oldest first (ties: higher number first)."""
    dates = gen.dates(field)
    pick = heapq.nlargest if newest else heapq.nsmallest
    return pick(n, docs, key=lambda docnum: (dates[docnum], docnum if newest else -docnum))


def stored_ids(searcher: Searcher, docnums: list[int]) -> list[str]:
    """The index id ("abuse:12") of each document number."""
    return [searcher.stored_fields(docnum)["doc_id"] for docnum in docnums]


__all__ = [
    "Answer",
    "Generation",
    "count_facets",
    "forget_queries",
    "generation",
    "stored_ids",
    "top_by_date",
]
