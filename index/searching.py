"""Answering searches: ids in ranking order, exact counts per category, facets, suggestions.

Everything that depends only on the query is worked out once per index generation (see
engine/generation.py): each category's matching documents in order, their counts and facet counts.
Each request then takes the slice it shows. Snippets are cut afterwards, from the text the
archive hands back for that page (`snippets`). A search reads nothing of the index from disk
but through its searcher, one generation whose files stay open (and so readable, even once a
commit deletes them) until it is closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlite_utils import Database
from whoosh import query
from whoosh.searching import Searcher

from .analysis import Reference, analyze
from .documents import load_records, parse_doc_id, snippet_texts, type_labels
from .engine.generation import Generation, generation, stored_ids
from .highlighting import QueryTerms, query_terms, snippet
from .querying import QueryError, SearchParams, build_query

CATEGORY_ORDER = ("abuse", "claim")
# With both categories on one page, each shows this many; a category on its own shows a page.
BOTH_PER_CATEGORY = 10
SPELLING_FIELD = "text"


@dataclass
class Hit:
    """One matching entry: its category, id and (once cut) highlighted snippet."""

    kind: str
    entry_id: int
    snippet: Markup = field(default_factory=Markup)


@dataclass
class SearchResults:
    """A page of results per category, the exact counts, facet counts and a suggestion."""

    params: SearchParams
    hits: dict[str, list[Hit]]
    counts: dict[str, int]
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None = None
    terms: QueryTerms = field(default_factory=QueryTerms)
    # The shown hits' entries as `snippets` read them, kind -> records in ranking order, so the
    # page lists them without reading them again.
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def pages(self, kind: str) -> int:
        """How many pages of results one category has."""
        return max(1, -(-self.counts.get(kind, 0) // self.params.per_page))


def search(
    ix: Any, params: SearchParams, ref: Reference, searcher: Searcher | None = None
) -> SearchResults:
    """Run a search; QueryError (plain words) when the query cannot be understood."""
    if searcher is not None:
        return _search(searcher, params, ref)
    with ix.searcher() as opened:
        return _search(opened, params, ref)


def _search(s: Searcher, params: SearchParams, ref: Reference) -> SearchResults:
    # The schema of the generation searched, held in memory by its searcher. Not `ix.schema`:
    # that reads the newest table of contents from disk, which a commit in another thread can
    # delete between Whoosh finding its name and opening it (a 500 under load).
    built = build_query(params, ref, s.schema)
    gen = generation(s)
    answer = gen.answer(built.query, built.filter, built.mask, built.sortedby)
    shown = [built.category] if built.category in CATEGORY_ORDER else list(CATEGORY_ORDER)
    size = params.per_page if len(shown) == 1 else BOTH_PER_CATEGORY
    hits = {kind: _page(s, params, answer.order[kind], size) for kind in shown}
    total = sum(answer.counts[kind] for kind in shown)
    suggestion = suggest(s, gen, params.q) if params.q.strip() and total < 5 else None
    return SearchResults(
        params, hits, answer.counts, answer.facets, suggestion, query_terms(built.query)
    )


def _page(s: Searcher, params: SearchParams, order: list[int], size: int) -> list[Hit]:
    """The hits of one category's page, from the answer's order (which holds every page the
    search form offers: KEPT_PER_CATEGORY entries)."""
    first = (max(params.page, 1) - 1) * size
    return [Hit(*parse_doc_id(value)) for value in stored_ids(s, order[first : first + size])]


def snippets(
    db: Database, found: SearchResults, labels: dict[str, dict[str, str]] | None = None
) -> None:
    """Cut each shown hit's snippet from its text, read back from the archive in bulk
    (`labels`: the types' labels, `type_labels(db)`, if the caller keeps them); the records
    read are kept in `found.records`."""
    labels = labels if labels is not None else type_labels(db)
    for kind, hits in found.hits.items():
        records = load_records(db, kind, [hit.entry_id for hit in hits], labels)
        found.records[kind] = records
        texts = {record["entry_id"]: snippet_texts(record) for record in records}
        for hit in hits:
            hit.snippet = snippet(texts.get(hit.entry_id, {}), found.terms)


def suggest(s: Searcher, gen: Generation, text: str) -> str | None:
    """The query with misspelt words replaced by known ones ("did you mean"), or None.

    Only words found in a live document are offered: the index's word list still holds words
    of edited or withdrawn text until its segment is merged, and those must not leak back.
    """
    changed, out = False, text
    for word in set(re.findall(r"(?<![:\w])[^\W\d_]{3,}(?![:\w*])", _outside_quotes(text))):
        if word in ("AND", "OR", "NOT") or _known(gen, word):
            continue
        better = _closest(s, gen, word.lower())
        if better:
            out = re.sub(rf"(?<![\w:]){re.escape(word)}(?![\w:])", better, out)
            changed = True
    return out if changed else None


def _outside_quotes(text: str) -> str:
    return " ".join(part for n, part in enumerate(text.split('"')) if n % 2 == 0)


def _known(gen: Generation, word: str) -> bool:
    terms = analyze(word)
    return not terms or _live(gen, terms[0])


def _live(gen: Generation, term: str) -> bool:
    return gen.has_live(query.Term(SPELLING_FIELD, term))


def _closest(s: Searcher, gen: Generation, word: str) -> str | None:
    for candidate in s.corrector(SPELLING_FIELD).suggest(word, limit=5, maxdist=2):
        if _live(gen, candidate):
            return candidate
    return None


__all__ = ["Hit", "QueryError", "SearchResults", "search", "snippets", "suggest"]
