"""Snippets: the passage of an entry's text that shows why it matched, escaped, then marked.

Whoosh's highlighter re-runs the whole analyzer over each hit's text; here each word's term is
looked up in a cache shared by every request (the archive's vocabulary recurs), so a page of 20
snippets costs a few milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape
from whoosh import query

from .analysis import WORD_PATTERN, analyze, fold
from .schema import TEXT_FIELDS

SNIPPET_CHARS = 240
LEAD_CHARS = 60
# Snippets are cut from the start of each text: the first matches are the ones shown.
SCANNED_CHARS = 6000
# Tried in this order: prose people wrote first, then the details of the entry and its sources.
SNIPPET_PARTS = ("narrative", "passages", "details", "sources", "title")
WORD = re.compile(WORD_PATTERN)


@dataclass(frozen=True)
class QueryTerms:
    """The searched terms (as indexed) and prefixes (from `word*`) a snippet should mark."""

    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the words the query looked for are in the start of `text`."""
        words, term = self.words, _term  # every word of every snippet comes through here
        if not self.prefixes:
            # Words recur in a text: each distinct one is looked up once, and a text holding
            # none of the searched words is not walked again.
            wanted = {word for word in set(WORD.findall(text, 0, SCANNED_CHARS))
                      if term(word) in words}  # fmt: skip
            if not wanted:
                return []
            return [m.span() for m in WORD.finditer(text, 0, SCANNED_CHARS) if m.group() in wanted]
        found = WORD.finditer(text, 0, SCANNED_CHARS)
        return [m.span() for m in found if term(m.group()) in words or self._prefixed(m.group())]

    def _prefixed(self, word: str) -> bool:
        folded = fold(word.lower())
        return any(folded.startswith(prefix) for prefix in self.prefixes)


def query_terms(q: query.Query) -> QueryTerms:
    """The text terms and prefixes of a parsed query."""
    words, prefixes = set(), set()
    for leaf in q.leaves():
        if getattr(leaf, "fieldname", None) not in TEXT_FIELDS:
            continue
        if isinstance(leaf, query.Prefix | query.Wildcard):
            prefixes.add(re.split(r"[*?]", leaf.text, maxsplit=1)[0].lower())
            continue
        for _, text in leaf.iter_all_terms():
            words.add(text.decode() if isinstance(text, bytes) else text)
    return QueryTerms(frozenset(words), tuple(sorted(p for p in prefixes if p)))


@lru_cache(maxsize=200_000)
def _term(word: str) -> str | None:
    terms = analyze(word)
    return terms[0] if terms else None


def snippet(texts: dict[str, str], terms: QueryTerms) -> Markup:
    """The best marked passage of an entry's texts, else the start of its text, escaped."""
    for part in SNIPPET_PARTS:
        marked = highlight(texts.get(part) or "", terms)
        if marked:
            return marked
    start = texts.get("narrative") or texts.get("passages") or texts.get("details") or ""
    return escape(start[:SNIPPET_CHARS]) + ("…" if len(start) > SNIPPET_CHARS else "")


def highlight(text: str, terms: QueryTerms, chars: int = SNIPPET_CHARS) -> Markup | None:
    """The window of `text` holding the most matches, matches in <mark>; None if none match."""
    spans = terms.spans(text)
    if not spans:
        return None
    first = _densest(spans, chars)
    start = _word_start(text, max(0, spans[first][0] - LEAD_CHARS))
    end = _word_end(text, min(len(text), start + chars))
    out, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        matched = text[span_start:span_end]
        out += [escape(text[position:span_start]), Markup("<mark>%s</mark>") % matched]
        position = span_end
    out.append(escape(text[position:end]))
    lead, tail = ("…" if start else ""), ("…" if end < len(text) else "")
    return Markup(lead) + Markup("").join(out) + Markup(tail)


def _densest(spans: list[tuple[int, int]], chars: int) -> int:
    """The index of the span after which most other spans fit in one snippet."""
    best, best_count, last = 0, 0, 0
    for index, (start, _) in enumerate(spans):
        last = max(last, index)
        while last + 1 < len(spans) and spans[last + 1][1] <= start + chars - LEAD_CHARS:
            last += 1
        if last - index + 1 > best_count:
            best, best_count = index, last - index + 1
    return best


def _word_start(text: str, position: int) -> int:
    space = text.rfind(" ", 0, position)
    return 0 if space < 0 or position == 0 else space + 1


def _word_end(text: str, position: int) -> int:
    space = text.find(" ", position)
    return len(text) if space < 0 else space
