"""Every match of a query and its BM25F score at once, as arrays, over whole posting lists.

Whoosh scores a search one document at a time in Python. Here a term's postings are read as
arrays (postings.py) and scored with the same BM25F formula and parameters Whoosh uses; And, Or
and Not become intersections, unions and differences of sorted document numbers; phrases are
checked in their words' positions (phrases.py). Query kinds the parser makes are all handled here;
anything else is left to Whoosh's own search.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from math import log
from typing import Any

import numpy as np
from whoosh import query
from whoosh.searching import Searcher

from .phrases import ArrayPositions, phrase_documents
from .postings import reading, segment_lengths, segment_positions, segment_postings
from .whoosh3_internals import BM25F, WeightingModel


@dataclass(frozen=True)
class Matches:
    """Matching document numbers (ascending, searcher-wide) and their scores."""

    docs: np.ndarray
    scores: np.ndarray

    def boosted(self, boost: float) -> Matches:
        return self if boost == 1.0 else Matches(self.docs, self.scores * boost)


NONE = Matches(np.empty(0, dtype=np.int64), np.empty(0))


class Matcher:
    """Answers `matches(q)` for one searcher; `live` marks the documents not deleted."""

    def __init__(self, searcher: Searcher, live: np.ndarray, leaves: list[tuple[Any, int]]):
        self.searcher = searcher
        self.live = live
        self.leaves = leaves  # (segment reader, first document number), empty segments left out
        weighting = searcher.weighting
        self.bm25 = weighting if isinstance(weighting, BM25F) else BM25F()

    def matches(self, q: query.Query) -> Matches:
        """Every live document `q` matches, with its score."""
        found = self._matches(q)
        keep = self.live[found.docs]
        return Matches(found.docs[keep], found.scores[keep])

    def _matches(self, q: query.Query) -> Matches:
        handler = _HANDLERS.get(type(q))
        if handler is None and isinstance(q, query.MultiTerm):
            handler = Matcher._expanded
        if handler is None:
            return self._by_whoosh(q)
        return handler(self, q)

    def _term(self, q: query.Term) -> Matches:
        return self.term(q.fieldname, q.text).boosted(q.boost)

    def term(self, fieldname: str, text: Any, among: np.ndarray | None = None) -> Matches:
        """One term's documents and BM25F scores (a facet term scores its weight, 1); with
        `among` (ascending document numbers), only those of its documents, the rest unscored."""
        if fieldname not in self.searcher.schema:
            return NONE
        scorable = self.searcher.schema[fieldname].scorable
        docs, weights, lengths = [], [], []
        for reader, offset in self.leaves:
            ids, found = segment_postings(reader, fieldname, text)
            if len(ids):
                docs.append(ids + offset)
                weights.append(found)
                if scorable:
                    lengths.append((reader, ids))
        if not docs:
            return NONE
        numbers, scores = np.concatenate(docs).astype(np.int64), np.concatenate(weights)
        if scorable:
            lengths = np.concatenate([segment_lengths(r, fieldname)[ids] for r, ids in lengths])
        frequency = len(numbers)  # every posting read: the term's documents, deleted ones too
        if among is not None:
            keep = _found_in(numbers, among)[0]
            numbers, scores = numbers[keep], scores[keep]
            lengths = lengths[keep] if scorable else lengths
        if scorable:  # whole-index figures of BM25F, worked out once for every segment
            figures = self._bm25_figures(fieldname, text, frequency)
            scores = self._bm25(figures, scores, lengths)
        return Matches(numbers, scores.astype(np.float64))

    def _bm25_figures(
        self, fieldname: str, text: Any, frequency: int
    ) -> tuple[float, float, float, float]:
        """(idf, average length, B, K1) of a term in a field, as whoosh.scoring.BM25F has them
        (`frequency`: how many documents hold the term, deleted ones included)."""
        average = self.searcher.avg_field_length(fieldname) or 1
        b = self.bm25._field_B.get(fieldname, self.bm25.B)
        return self._idf(fieldname, text, frequency), average, b, self.bm25.K1

    def _idf(self, fieldname: str, text: Any, frequency: int) -> float:
        """The term's idf as the weighting works it out: WeightingModel.idf's formula, from the
        postings already read (the searcher would look the term up in every segment again)."""
        if type(self.bm25).idf is not WeightingModel.idf:
            return self.searcher.idf(fieldname, text)
        return log(self.searcher.get_parent().doc_count_all() / (frequency + 1)) + 1

    @staticmethod
    def _bm25(figures: tuple[float, float, float, float], weights, lengths) -> np.ndarray:
        # The formula of whoosh.scoring.bm25, on every posting at once.
        idf, average, b, k1 = figures
        return idf * (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average))

    def _and(self, q: query.And) -> Matches:
        wanted = [sub for sub in q.subqueries if not isinstance(sub, query.Not)]
        unwanted = [sub.query for sub in q.subqueries if isinstance(sub, query.Not)]
        found = self._all_of([self._matches(sub) for sub in wanted]) if wanted else self._every()
        for sub in unwanted:
            # Whoosh counts "not this" as a match of its own, worth its boost.
            found = without(found, self._matches(sub))
            found = Matches(found.docs, found.scores + sub.boost)
        return found.boosted(q.boost)

    def _any_of(self, parts: list[Matches]) -> Matches:
        return any_of(parts, len(self.live))

    def _all_of(self, parts: list[Matches]) -> Matches:
        size = len(self.live)
        ordered = sorted(parts, key=lambda part: len(part.docs))
        return reduce(lambda a, b: both(a, b, size), ordered)

    def _or(self, q: query.Or) -> Matches:
        if q.minmatch or q.scale:
            return self._by_whoosh(q)
        return self._any_of([self._matches(sub) for sub in q.subqueries]).boosted(q.boost)

    def _not(self, q: query.Not) -> Matches:
        return without(self._every(), self._matches(q.query)).boosted(q.boost)

    def _and_not(self, q: query.AndNot) -> Matches:
        return without(self._matches(q.a), self._matches(q.b)).boosted(q.boost)

    def _and_maybe(self, q: query.AndMaybe) -> Matches:
        required, optional = self._matches(q.a), self._matches(q.b)
        return self._any_of([required, restricted(optional, required.docs)]).boosted(q.boost)

    def _require(self, q: query.Require) -> Matches:
        required = self._matches(q.a)
        return restricted(required, self._matches(q.b).docs).boosted(q.boost)

    def _phrase(self, q: query.Phrase) -> Matches:
        if not q.words:
            return NONE
        if len(q.words) == 1:
            return self.term(q.fieldname, q.words[0]).boosted(q.boost)
        if not self.leaves or not self._keeps_positions(q.fieldname):
            return NONE  # no documents, or a field that keeps no word order (a facet)
        holding = [found + offset for reader, offset in self.leaves
                   if len(found := self._phrase_in(reader, q))]  # fmt: skip
        docs = np.concatenate(holding) if holding else NONE.docs
        if not len(docs):
            return NONE
        # Scored as all its words together, as Whoosh scores it; every word is in those documents.
        scores = [self.term(q.fieldname, word, among=docs).scores for word in q.words]
        return Matches(docs, np.sum(scores, axis=0)).boosted(q.boost)

    @staticmethod
    def _phrase_in(reader: Any, q: query.Phrase) -> np.ndarray:
        """A phrase's documents in one segment (local numbers); a word the segment lacks
        ends it before the other words' positions are read."""
        words = []
        for word in q.words:
            found = segment_positions(reader, q.fieldname, word)
            if not len(found[0]):
                return NONE.docs
            words.append(found)
        return phrase_documents(words, q.slop)

    def _keeps_positions(self, fieldname: str) -> bool:
        schema = self.searcher.schema
        return fieldname in schema and isinstance(schema[fieldname].format, ArrayPositions)

    def _expanded(self, q: query.MultiTerm) -> Matches:
        """Prefixes and wildcards: every term they stand for, scored as Whoosh scores them
        (one term: as that term; several, with a constant score: `boost` each)."""
        terms = [self.term(q.fieldname, text) for text in q._btexts(self.searcher.reader())]
        found = self._any_of(terms)
        if len(terms) > 1 and q.constantscore:
            return Matches(found.docs, np.full(len(found.docs), float(q.boost)))
        return found.boosted(q.boost)

    def _every(self, q: query.Query | None = None) -> Matches:
        docs = np.flatnonzero(self.live).astype(np.int64)
        return Matches(docs, np.ones(len(docs)))

    def _nothing(self, q: query.Query) -> Matches:
        return NONE

    def _by_whoosh(self, q: query.Query) -> Matches:
        with reading:  # Whoosh's matchers share each segment file's read position too
            results = self.searcher.search(q, limit=None, terms=False)
        pairs = sorted((docnum, score) for score, docnum in results.top_n)
        if not pairs:
            return NONE
        docs, scores = zip(*pairs, strict=True)
        return Matches(np.array(docs, dtype=np.int64), np.array(scores, dtype=np.float64))


_HANDLERS = {
    query.Term: Matcher._term,
    query.And: Matcher._and,
    query.Or: Matcher._or,
    query.Not: Matcher._not,
    query.AndNot: Matcher._and_not,
    query.AndMaybe: Matcher._and_maybe,
    query.Require: Matcher._require,
    query.Phrase: Matcher._phrase,
    query.Every: Matcher._every,
    type(query.NullQuery): Matcher._nothing,
}


# Two answers this large (each more than 1/DENSE of the documents) are matched through an
# array over every document: a lookup each, where a binary search each costs more.
DENSE = 16


def both(a: Matches, b: Matches, size: int = 0) -> Matches:
    """Documents in both, their scores added (`size`: how many documents there are, if known)."""
    if len(a.docs) > len(b.docs):
        a, b = b, a  # look the fewer up among the more
    if size and len(a.docs) * DENSE > size:
        scores = np.zeros(size)
        scores[b.docs] = b.scores
        held = np.zeros(size, dtype=bool)
        held[b.docs] = True
        hit = held[a.docs]
        docs = a.docs[hit]
        return Matches(docs, a.scores[hit] + scores[docs])
    hit, where = _found_in(a.docs, b.docs)
    return Matches(a.docs[hit], a.scores[hit] + b.scores[where[hit]])


def any_of(parts: list[Matches], size: int) -> Matches:
    """Documents in any, the scores of each added (`size`: how many documents there are).

    Added up over every document at once: sorting the parts together cost more, for the
    tens of thousands of entries a common word is in. Two parts, one of them far smaller (a
    word in titles, the same word in texts), are merged instead: the few looked up among the
    many."""
    parts = [part for part in parts if len(part.docs)]
    if len(parts) <= 1:
        return parts[0] if parts else NONE
    if len(parts) == 2:
        few, many = sorted(parts, key=lambda part: len(part.docs))
        if len(few.docs) * DENSE < len(many.docs):
            return _merged(few, many)
    found = np.zeros(size, dtype=bool)
    scores = np.zeros(size)
    for part in parts:
        found[part.docs] = True
        scores[part.docs] += part.scores  # a part holds each document once
    docs = np.flatnonzero(found)
    return Matches(docs, scores[docs])


def _merged(few: Matches, many: Matches) -> Matches:
    """The documents of both, ascending, the scores of those in both added (a + b is b + a,
    to the last bit: the same sums as adding them up over every document)."""
    hit, where = _found_in(few.docs, many.docs)
    scores = many.scores.astype(np.float64)  # a copy
    scores[where[hit]] += few.scores[hit]
    if hit.all():
        return Matches(many.docs.astype(np.int64), scores)
    missing = ~hit
    at = np.searchsorted(many.docs, few.docs[missing])
    docs = np.insert(many.docs.astype(np.int64), at, few.docs[missing])
    return Matches(docs, np.insert(scores, at, few.scores[missing].astype(np.float64)))


def without(a: Matches, b: Matches) -> Matches:
    """Documents of `a` not in `b`."""
    keep = ~_found_in(a.docs, b.docs)[0]
    return Matches(a.docs[keep], a.scores[keep])


def restricted(a: Matches, docs: np.ndarray) -> Matches:
    """Documents of `a` that are also in `docs`."""
    keep = _found_in(a.docs, docs)[0]
    return Matches(a.docs[keep], a.scores[keep])


def _found_in(docs: np.ndarray, among: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of `docs` are in `among`, and where (both ascending): a binary search each, where
    numpy's set functions would sort both together."""
    if not len(among):
        return np.zeros(len(docs), dtype=bool), np.zeros(len(docs), dtype=np.intp)
    where = np.minimum(np.searchsorted(among, docs), len(among) - 1)
    return among[where] == docs, where


__all__ = ["Matcher", "Matches", "any_of", "both", "restricted", "without"]
