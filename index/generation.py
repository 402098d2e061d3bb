"""What one index generation can answer without searching again, computed once and kept.

The sets made here are shared by every request and never changed after they are made (they
are sets, not frozensets, because Whoosh accepts only those as a filter).

A searcher sees one generation of the index: until the next commit, the documents of each facet
value, each category and each date never change. So they are read once (from the columns) and
kept beside the searcher; facet counts, category counts and date order then become set
intersections and a partial sort, done in C, instead of a walk over every match in Python.
"""

from __future__ import annotations

import heapq
import threading
import weakref
from collections.abc import Iterable

from whoosh import query
from whoosh.searching import Searcher

from .schema import FACETS

QUERY_CACHE_SIZE = 256
RANKED_CACHE_SIZE = 64
_generations: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


class Generation:
    """Per-searcher caches: documents by facet value, dates, and the matches of recent queries."""

    def __init__(self, searcher: Searcher):
        self.searcher = searcher
        self._values: dict[str, dict[str, set[int]]] = {}
        self._dates: dict[str, list[int]] = {}
        self._matches: dict[str, set[int]] = {}
        self._ranked: dict[str, tuple[set[int], list[int]]] = {}
        self._lock = threading.Lock()

    def docs_with(self, field: str, value: str) -> set[int]:
        """The documents whose `field` holds `value` (a facet or category field)."""
        return self.values(field).get(value, set())

    def values(self, field: str) -> dict[str, set[int]]:
        """Value -> documents holding it, for one facet field."""
        with self._lock:
            if field not in self._values:
                self._values[field] = self._read_values(field)
            return self._values[field]

    def _read_values(self, field: str) -> dict[str, set[int]]:
        several = FACETS.get(field, False)
        found: dict[str, set[int]] = {}
        for docnum, stored in enumerate(self._column(field)):
            text = stored.decode() if isinstance(stored, bytes) else str(stored or "")
            for value in text.split(",") if several else (text,):
                if value:
                    found.setdefault(value, set()).add(docnum)
        return found

    def dates(self, field: str) -> list[int]:
        """The sortable date number of every document, indexed by document number."""
        with self._lock:
            if field not in self._dates:
                self._dates[field] = list(self._column(field))
            return self._dates[field]

    def _column(self, field: str) -> Iterable:
        reader = self.searcher.reader()
        if not reader.doc_count_all() or not reader.has_column(field):
            return ()  # an empty index has no columns yet
        return reader.column_reader(field)

    def matches(self, q: query.Query, keep: query.Query | None, drop: query.Query | None):
        """Every document matching `q`, kept by `keep` and not removed by `drop` (cached)."""
        key = repr((q, keep, drop))
        with self._lock:
            if key in self._matches:
                return self._matches[key]
        found = self._search_all(q, keep, drop)
        with self._lock:
            if len(self._matches) >= QUERY_CACHE_SIZE:
                self._matches.clear()
            self._matches[key] = found
        return found

    def ranked(self, q: query.Query, keep, drop) -> tuple[set[int], list[int]]:
        """The matches of `q` and the same documents best first (one scored walk, cached).

        One walk that scores every match answers the counts, the facets and every page of both
        categories; a limited search per page would walk the postings again each time.
        """
        key = "ranked " + repr((q, keep, drop))
        with self._lock:
            if key in self._ranked:
                return self._ranked[key]
        results = self.searcher.search(
            q,
            filter=self.docs_for(keep) if keep is not None else None,
            mask=self.docs_for(drop) if drop is not None else None,
            limit=None,
            terms=False,
        )
        order = [docnum for _, docnum in results.top_n]
        found = (set(order), order)
        with self._lock:
            if len(self._ranked) >= RANKED_CACHE_SIZE:
                self._ranked.clear()
            self._ranked[key] = found
        return found

    def _search_all(self, q: query.Query, keep, drop) -> set[int]:
        keep_docs = self.docs_for(keep) if keep is not None else None
        drop_docs = self.docs_for(drop) if drop is not None else None
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
        return set(found)

    def docs_for(self, q: query.Query) -> set[int]:
        """The documents a filter query selects, from the facet sets where it can."""
        if isinstance(q, query.Term) and q.fieldname in FACETS:
            return self.docs_with(q.fieldname, q.text)
        if isinstance(q, query.And):
            sets = [self.docs_for(sub) for sub in q.subqueries]
            return set.intersection(*sets) if sets else self.all_docs()
        return self.matches(q, None, None)

    def all_docs(self) -> set[int]:
        """Every live (not deleted) document."""
        with self._lock:
            if "__all__" not in self._matches:
                self._matches["__all__"] = set(self.searcher.reader().all_doc_ids())
            return self._matches["__all__"]


def generation(searcher: Searcher) -> Generation:
    """The caches of this searcher's generation (made on first use)."""
    with _lock:
        if searcher not in _generations:
            _generations[searcher] = Generation(searcher)
        return _generations[searcher]


def forget_queries() -> None:
    """Drop every cached query result (benchmarks use it to time the uncached path)."""
    with _lock:
        for gen in _generations.values():
            with gen._lock:
                gen._matches = {key: v for key, v in gen._matches.items() if key == "__all__"}
                gen._ranked.clear()


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
    "Generation",
    "count_facets",
    "forget_queries",
    "generation",
    "stored_ids",
    "top_by_date",
]
