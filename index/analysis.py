"""How text becomes searchable terms: stemming, accent folding and Urdu letter variants.

The names of actors (armed groups, state forces, organisations) and the spellings of places are
not hard-coded here: `Reference` carries them from the archive's reference tables, and documents
and queries are expanded with them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)

from .engine.phrases import Analysed

# Marks that sit inside a word: Arabic diacritics (harakat, superscript alef, Quranic marks),
# Latin combining accents, and the zero-width (non-)joiner Urdu typists put inside words. The
# tokenizer keeps them in the token so offsets stay right for highlighting; the filter drops them.
INWORD_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d"
WORD_PATTERN = rf"(?:\w|[{INWORD_MARKS}])+(?:\.(?:\w|[{INWORD_MARKS}])+)*"

# Letters Urdu text is typed with in several code points (Arabic keyboards, old fonts).
URDU_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Farsi/Urdu yeh
        "\u0649": "\u06cc",  # alef maksura -> yeh
        "\u0643": "\u06a9",  # Arabic kaf -> keheh
        "\u0647": "\u06c1",  # Arabic heh -> heh goal
        "\u06d5": "\u06c1",  # ae -> heh goal
        "\u06c0": "\u06c1",  # heh with yeh above -> heh goal
        "\u0640": None,  # tatweel (kashida), a stretching stroke
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
    }
)


def fold(text: str) -> str:
    """Text with Urdu letter variants unified and accents and diacritics removed."""
    if text.isascii():
        return text  # the common case, and nothing to fold
    # Only the non-ASCII stretches can change: a long English text with one "Öberg" is not
    # walked character by character (UCDP's narratives all end with one).
    return _NON_ASCII.sub(_folded_stretch, text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _folded_stretch(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group().translate(URDU_LETTERS))
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", kept)


class FoldFilter(Filter):
    """Fold each token: Urdu letter variants, accents, Arabic diacritics, zero-width joiners."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            if token.text:
                yield token


def text_analyzer():
    """The analyzer of the searchable text fields: words, lower case, folded, stop words, stems."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | FoldFilter()
        | StopFilter()
        | StemFilter(cachesize=50000)
    )


def analyze(text: str) -> list[str]:
    """The terms `text` is indexed as (for tests and for checking a word is searchable)."""
    return [token.text for token in text_analyzer()(text)]


class TermCache:
    """The analyser's terms for many texts, each distinct word analysed once (a rebuild).

    Every filter after the tokenizer turns one word into one term or none, whatever stands
    around it, and real text repeats its words: so each word's term is remembered, and a text
    costs a split and a lookup a word. Terms are numbered (`terms` holds each number's term) so
    that a rebuild keeps a text's terms as one array of numbers (bulk.py). Positions are numbered
    as the stop filter renumbers them: the first term kept keeps its word's place, each term
    after it comes one after the one before.
    """

    # Distinct words (and terms) remembered at most: names and numbers keep coming in a large
    # archive. Past it the words are forgotten; the terms' numbers only by a new cache.
    LIMIT = 400_000

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self._split = re.compile(WORD_PATTERN).findall
        self._terms = _WordNumbers(self)  # word -> its term's number, -1 for none
        self.terms: list[str] = []  # number -> term
        self._numbers: dict[str, int] = {}  # term -> number

    def full(self) -> bool:
        """True when the cache holds more terms than LIMIT (a caller starts a new one)."""
        return len(self.terms) > self.LIMIT

    def numbered(self, text: str) -> tuple[np.ndarray, int]:
        """The numbers of the terms `text` is indexed as, in order, and the first one's position
        (the next ones follow it one by one)."""
        words = self._split(text)
        if len(self._terms) + len(words) > self.LIMIT:
            self._terms.clear()  # the numbers stay: postings made from them stay right
        numbers = np.fromiter(map(self._terms.__getitem__, words), np.int32, len(words))
        kept = numbers >= 0
        first = int(kept.argmax()) if len(words) else 0
        return numbers[kept], first

    def analysed(self, text: str) -> Analysed:
        """`text` as the analyser indexes it: each term with its positions, by first use."""
        numbers, first = self.numbered(text)
        positions: dict[str, list[int]] = defaultdict(list)
        terms = self.terms
        for at, number in enumerate(numbers.tolist(), first):
            positions[terms[number]].append(at)
        return Analysed(positions.items())

    def _number(self, word: str) -> int:
        """The number of `word`'s term (-1 when it makes none), analysing it."""
        terms = [token.text for token in self.analyzer(word, mode="index")]
        if len(terms) > 1:
            raise ValueError(f"The analyser made several terms of one word: {word!r}")
        if not terms:
            return -1
        number = self._numbers.get(terms[0])
        if number is None:
            number = self._numbers[terms[0]] = len(self.terms)
            self.terms.append(terms[0])
        return number


class _WordNumbers(dict):
    """word -> term number; a word not seen yet is analysed when first looked up."""

    def __init__(self, cache: TermCache) -> None:
        super().__init__()
        self._cache = cache

    def __missing__(self, word: str) -> int:
        number = self[word] = self._cache._number(word)
        return number


@dataclass(frozen=True)
class Reference:
    """The reference data search needs: actors' names and place spellings, from the archive.

    groups: code -> the other names of an armed group (name, aliases, transliterations).
    actors: code -> the other names of every actor, armed groups, state forces and agencies,
        and organisations alike (groups not listed here are taken from `groups`).
    places: canonical place name -> its other spellings.
    """

    groups: dict[str, list[str]] = field(default_factory=dict)
    places: dict[str, list[str]] = field(default_factory=dict)
    actors: dict[str, list[str]] = field(default_factory=dict)

    def name_sets(self) -> list[list[str]]:
        """Every set of names that mean the same thing, first the canonical one."""
        return [list(names) for names in self._name_sets]

    def expansions(self, text: str) -> list[str]:
        """Every name set (joined) one of whose names `text` mentions as whole words."""
        words = _word_list(text)
        folded = _padded(words)
        # Every document is expanded on a rebuild: only names whose first word the text has
        # are looked for, instead of every name of every set in the whole text.
        found = {
            number
            for first in self._first_words.intersection(words)
            for name_words, number in self._names_by_first_word[first]
            if name_words in folded
        }
        return [" | ".join(self._name_sets[number]) for number in sorted(found)]

    def canonical_group(self, text: str) -> str:
        """The code of the group `text` names (any case, any alias), else `text` unchanged."""
        return self._by_words["groups"].get(_words(text), text)

    def canonical_actor(self, text: str) -> str:
        """The code of the actor `text` names (any case, any alias), else `text` unchanged."""
        return self._by_words["actors"].get(_words(text), text)

    def canonical_place(self, text: str) -> str:
        """The canonical spelling of the place `text` names, else `text` unchanged."""
        return self._by_words["places"].get(_words(text), text)

    @cached_property
    def _by_words(self) -> dict[str, dict[str, str]]:
        """For groups, actors and places: the words of each of their names -> its canonical
        name (the first one listed when two share a name), made once: a rebuild asks for
        every abuse report's perpetrator."""
        tables = {"groups": self.groups, "actors": self._actors, "places": self.places}
        return {what: _name_table(table) for what, table in tables.items()}

    @cached_property
    def long_names(self) -> frozenset[str]:
        """The names of more than one word (a query quotes them to match them as names); worked
        out once per Reference, which a server keeps until the reference lists change."""
        return frozenset(
            name for names in self._name_sets for name in names if len(name.split()) > 1
        )

    @cached_property
    def _actors(self) -> dict[str, list[str]]:
        return self.groups | self.actors

    @cached_property
    def _name_sets(self) -> tuple[tuple[str, ...], ...]:
        groups = [[code, *names] for code, names in self._actors.items()]
        places = [[name, *variants] for name, variants in self.places.items()]
        return tuple(tuple(_unique(names)) for names in groups + places)

    @cached_property
    def _first_words(self) -> frozenset[str]:
        """The first word of every name (a text's words are looked up in it, not the other
        way round: a set made of the table's keys for every document cost more)."""
        return frozenset(self._names_by_first_word)

    @cached_property
    def _names_by_first_word(self) -> dict[str, list[tuple[str, int]]]:
        """First word of each name -> (the name's `_words`, the number of its name set)."""
        table: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for number, names in enumerate(self._name_sets):
            for name in names:
                name_words = _name_words(name)
                if name_words.strip():
                    table[name_words.split()[0]].append((name_words, number))
        return dict(table)


def _word_list(text: str) -> list[str]:
    """The folded lower-case words of `text`."""
    return re.findall(r"\w+", fold(text).casefold())


def _padded(words: list[str]) -> str:
    return " " + " ".join(words) + " "


def _words(text: str) -> str:
    """Folded lower-case words separated by single spaces, padded with spaces."""
    return _padded(_word_list(text))


@lru_cache(maxsize=4096)
def _name_words(name: str) -> str:
    """`_words` of a group or place name; names recur in every document, so remembered."""
    return _words(name)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


def _name_table(table: dict[str, list[str]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for canonical, others in table.items():
        for name in (canonical, *others):
            found.setdefault(_words(name), canonical)
    return found
