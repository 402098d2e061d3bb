"""Answering searches: ids in ranking order, exact counts per category, facets, snippets.

Facet counts are computed once per query and kept as long as the searcher (one index
generation); only the page shown is highlighted, from text read back from the archive.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from sqlite_utils import Database
from whoosh import highlight, query, sorting
from whoosh.searching import Searcher

from .analysis import Reference, analyze
from .documents import entry_texts, load_record, parse_doc_id
from .querying import BuiltQuery, QueryError, SearchParams, build_query
from .schema import FACETS, SNIPPET_FIELDS, TEXT_FIELDS

CATEGORY_ORDER = ("abuse", "claim")
SNIPPET_CHARS = 240
# Snippets are cut from the first this-many characters of a field: highlighting re-analyses
# the text, and long narratives made it the slowest part of a results page.
HIGHLIGHT_CHARS = 3000
_facet_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass
class Hit:
    """One matching entry: its category, id and highlighted snippet (safe HTML)."""

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

    def pages(self, kind: str) -> int:
        """How many pages of results one category has."""
        return max(1, -(-self.counts.get(kind, 0) // self.params.per_page))


class MarkFormatter(highlight.Formatter):
    """Escape the text first, then mark the matched words: a snippet can never inject HTML."""

    between = " … "

    def _text(self, text: str) -> str:
        return str(escape(text))

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"


def search(
    ix: Any, params: SearchParams, db: Database, ref: Reference, searcher: Searcher | None = None
) -> SearchResults:
    """Run a search; QueryError (plain words) when the query cannot be understood."""
    built = build_query(params, ref, ix.schema)
    if searcher is not None:
        return _search(searcher, built, params, db)
    with ix.searcher() as opened:
        return _search(opened, built, params, db)


def _search(s: Searcher, built: BuiltQuery, params: SearchParams, db: Database) -> SearchResults:
    facets = facet_counts(s, built)
    counts = {kind: dict(facets["kind"]).get(kind, 0) for kind in CATEGORY_ORDER}
    shown = [built.category] if built.category in CATEGORY_ORDER else list(CATEGORY_ORDER)
    hits = {kind: _page(s, built, params, kind, db) for kind in shown}
    suggestion = suggest(s, params.q) if params.q.strip() else None
    return SearchResults(params, hits, counts, facets, suggestion)


def facet_counts(s: Searcher, built: BuiltQuery) -> dict[str, list[tuple[str, int]]]:
    """Facet -> [(value, count)], most frequent first; cached for this searcher's generation."""
    cache = _facet_cache.setdefault(s, {})
    key = (repr(built.query), repr(built.filter), repr(built.mask))
    if key not in cache:
        if len(cache) > 256:
            cache.clear()
        cache[key] = _count_facets(s, built)
    return cache[key]


def _count_facets(s: Searcher, built: BuiltQuery) -> dict[str, list[tuple[str, int]]]:
    groupedby = {
        name: sorting.FieldFacet(name, allow_overlap=several, maptype=sorting.Count)
        for name, several in FACETS.items()
    }
    results = s.search(
        built.query, filter=built.filter, mask=built.mask, limit=1, groupedby=groupedby,
        scored=False,
    )  # fmt: skip
    counted = {}
    for name in FACETS:
        groups = results.groups(name)
        counted[name] = sorted(
            ((str(value), n) for value, n in groups.items() if value not in (None, "")),
            key=lambda item: (-item[1], item[0]),
        )
    return counted


def _page(s: Searcher, built: BuiltQuery, params: SearchParams, kind: str, db: Database):
    kind_term = query.Term("kind", kind)
    keep = query.And([built.filter, kind_term]) if built.filter else kind_term
    first = (max(params.page, 1) - 1) * params.per_page
    sortedby = None
    if built.sortedby:
        sortedby = sorting.FieldFacet(built.sortedby[0], reverse=built.sortedby[1])
    results = s.search(
        built.query, filter=keep, mask=built.mask, limit=first + params.per_page,
        sortedby=sortedby,
    )  # fmt: skip
    results.formatter = MarkFormatter()
    results.fragmenter = highlight.ContextFragmenter(
        maxchars=SNIPPET_CHARS, surround=60, charlimit=HIGHLIGHT_CHARS
    )
    # Only the shown page is sliced: facets already counted every match.
    return [_hit(hit, db) for hit in results[first : first + params.per_page]]


def _hit(hit: Any, db: Database) -> Hit:
    kind, entry_id = parse_doc_id(hit["doc_id"])
    texts = entry_texts(load_record(db, kind, entry_id))
    return Hit(kind, entry_id, snippet(hit, texts))


def snippet(hit: Any, texts: dict[str, str]) -> Markup:
    """The best highlighted passage of an entry (escaped, matches in <mark>), else its start."""
    for name in SNIPPET_FIELDS:
        if texts.get(name):
            marked = hit.highlights(name, text=texts[name][:HIGHLIGHT_CHARS], top=2)
            if marked:
                return Markup(marked)
    start = texts.get("body") or texts.get("passages") or ""
    return escape(start[:SNIPPET_CHARS] + ("…" if len(start) > SNIPPET_CHARS else ""))


def suggest(s: Searcher, text: str) -> str | None:
    """The query with misspelt words replaced by known ones ("did you mean"), or None."""
    changed, out = False, text
    for word in set(re.findall(r"(?<![:\w])[^\W\d_]{3,}(?![:\w*])", _outside_quotes(text))):
        if word in ("AND", "OR", "NOT") or _known(s, word):
            continue
        better = _closest(s, word.lower())
        if better:
            out = re.sub(rf"(?<![\w:]){re.escape(word)}(?![\w:])", better, out)
            changed = True
    return out if changed else None


def _outside_quotes(text: str) -> str:
    return " ".join(part for n, part in enumerate(text.split('"')) if n % 2 == 0)


def _known(s: Searcher, word: str) -> bool:
    terms = analyze(word)
    if not terms:
        return True  # a stop word
    reader = s.reader()
    return any(reader.doc_frequency(name, terms[0]) for name in TEXT_FIELDS)


def _closest(s: Searcher, word: str) -> str | None:
    for name in ("title", "body", "passages", "sources"):
        found = s.corrector(name).suggest(word, limit=1, maxdist=2)
        if found:
            return found[0]
    return None


__all__ = ["Hit", "QueryError", "SearchResults", "facet_counts", "search", "snippet", "suggest"]
