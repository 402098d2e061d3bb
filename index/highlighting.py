"""Snippets: the passage of an entry's text that shows why it matched, escaped, then marked.

Whoosh's highlighter re-runs the whole analyzer over each hit's text; here each distinct word is
analysed once per process, and the words that make each term are remembered (the archive's
vocabulary recurs), so a text's searched words are found by set operations; text in ASCII is
split into words by str methods. A page of 20 snippets costs a few milliseconds at 100,000
entries of ~600 words.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape
from whoosh import query

from .analysis import WORD_PATTERN, fold, text_analyzer
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
            # Words recur in a text: its distinct words are matched at once, and a text
            # holding none of the searched words is not walked again.
            head = text[:SCANNED_CHARS]
            ascii_text = head.isascii()
            distinct = _ascii_words(head) if ascii_text else set(WORD.findall(head))
            wanted = _wanted(distinct, words)
            if not wanted:
                return []
            if ascii_text:
                return _ascii_spans(head, wanted)
            return [m.span() for m in WORD.finditer(head) if m.group() in wanted]
        found = WORD.finditer(text, 0, SCANNED_CHARS)
        return [m.span() for m in found if term(m.group()) in words or self._prefixed(m.group())]

    def _prefixed(self, word: str) -> bool:
        folded = fold(word.lower())
        return any(folded.startswith(prefix) for prefix in self.prefixes)


# Text in ASCII (most of it) is split into words by str methods, which run in C: the word
# pattern walked character by character was most of a page's snippet time. In ASCII a word is
# letters, digits and "_", joined by single dots ("U.N"); every other character ends one.
_NOT_WORD = str.maketrans(
    {code: " " for code in range(128) if not (chr(code).isalnum() or chr(code) in "_.")}
)
_NOT_WORD_NOR_DOT = str.maketrans(
    {code: " " for code in range(128) if not (chr(code).isalnum() or chr(code) == "_")}
)


def _ascii_words(text: str) -> set[str]:
    """The distinct words WORD finds in ASCII `text`, found without walking it in Python."""
    if not _joins_words(text):  # prose: dots end sentences, they join no words
        return set(text.translate(_NOT_WORD_NOR_DOT).split())
    found = set()
    for chunk in set(text.translate(_NOT_WORD).split()):
        if "." in chunk:  # dots join words only between letters: "U.N." is the word "U.N"
            found.update(WORD.findall(chunk))
        else:
            found.add(chunk)
    return found


def _joins_words(text: str) -> bool:
    """Whether a dot in ASCII `text` stands between two letters (or digits, or "_")."""
    at = text.find(".", 1)
    while 0 < at < len(text) - 1:
        if _word_char(text[at - 1]) and _word_char(text[at + 1]):
            return True
        at = text.find(".", at + 1)
    return False


# Every word whose term is known, and the words seen so far that make each term: a text's
# words that the query looked for are then found by set operations, not a lookup a word.
_seen: set[str] = set()
_forms: dict[str, set[str]] = {}
_forms_lock = threading.Lock()
# Words kept at most (names and numbers keep coming in a large archive).
KEPT_WORDS = 200_000


def _wanted(distinct: set[str], words: frozenset[str]) -> set[str]:
    """Those of `distinct` (a text's words) whose term is one of `words`."""
    with _forms_lock:  # one thread's forgetting must not leave another's words half known
        unseen = distinct - _seen
        if unseen:
            if len(_seen) + len(unseen) > KEPT_WORDS:
                _seen.clear()
                _forms.clear()
                unseen = distinct
            for word in unseen:
                made = _term(word)
                if made is not None:
                    _forms.setdefault(made, set()).add(word)
            _seen.update(unseen)
        wanted: set[str] = set()
        for term in words:
            forms = _forms.get(term)
            if forms:
                wanted |= distinct & forms
        return wanted


def _ascii_spans(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    """Where each of `wanted` (words WORD finds in ASCII `text`) stands as a whole word, in
    order: where WORD.finditer finds it, not inside a longer word or a dotted one."""
    spans = []
    for word in wanted:
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if _starts_word(text, at) and _ends_word(text, end):
                spans.append((at, end))
            at = text.find(word, at + 1)
    return sorted(spans)


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _starts_word(text: str, at: int) -> bool:
    """Whether a word WORD finds can begin at `at`: not after a letter, nor after a dot that
    follows one (the dot would join the two)."""
    if at == 0:
        return True
    before = text[at - 1]
    if before == ".":
        return at < 2 or not _word_char(text[at - 2])
    return not _word_char(before)


def _ends_word(text: str, end: int) -> bool:
    """Whether a word WORD finds can end at `end`: no letter next, nor a dot then a letter."""
    if end == len(text):
        return True
    after = text[end]
    if after == ".":
        return end + 1 == len(text) or not _word_char(text[end + 1])
    return not _word_char(after)


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


# Made once: `analyze` builds the analyzer anew (and its stemmer's cache empty) for each call,
# which cost a snippet page tens of milliseconds for the words no earlier page held. The
# analyzer keeps no state between calls (its stemmer's cache is functools'), so threads share it.
_ANALYZER = text_analyzer()


@lru_cache(maxsize=200_000)
def _term(word: str) -> str | None:
    """The term `word` is indexed as (as `analyze(word)[0]`), or None for a stop word."""
    for token in _ANALYZER(word):
        return token.text
    return None


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
