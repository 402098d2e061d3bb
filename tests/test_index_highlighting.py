"""Snippets' marks: the words found by str methods in ASCII text, as the word pattern finds them."""

from __future__ import annotations

import random

import pytest

from index import analyze
from index.highlighting import (
    SCANNED_CHARS,
    WORD,
    QueryTerms,
    _ascii_spans,
    _ascii_words,
    _term,
    highlight,
)

TRICKY = [
    "",
    "protest",
    "Protesters protested; the protest.",
    "U.N. observers and the U.N say so.",
    "a..protest, protest.. protest.end end.protest",
    "pro-government protest_march protest_ protest2 2protest",
    "x.protest protest.y .protest. protest.",
    "'protest' \"protest\" (protest) [protest]\n\tprotest",
    "protests,protesting;protested:protest",
]


def _by_pattern(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    return [m.span() for m in WORD.finditer(text) if m.group() in wanted]


@pytest.mark.parametrize("text", TRICKY)
def test_ascii_words_and_spans_are_the_patterns(text):
    words = set(WORD.findall(text))
    assert _ascii_words(text) == words
    for word in words:
        assert _ascii_spans(text, {word}) == _by_pattern(text, {word})
    assert _ascii_spans(text, words) == _by_pattern(text, words)


def test_random_ascii_texts_split_as_the_pattern_splits_them():
    rng = random.Random(16)
    letters = "abAB_19.. ,;-'\"\n\t"
    for _ in range(3000):
        text = "".join(rng.choice(letters) for _ in range(rng.randrange(40)))
        words = set(WORD.findall(text))
        assert _ascii_words(text) == words, text
        wanted = set(rng.sample(sorted(words), min(2, len(words))))
        assert _ascii_spans(text, wanted) == _by_pattern(text, wanted), (text, wanted)


def test_the_same_words_are_marked_in_ascii_and_in_other_text():
    terms = QueryTerms(frozenset(analyze("protest")))
    ascii_text = "Students protested at the U.N. office; the protest.ended at night. protests"
    other = ascii_text + " (احتجاج)"
    # "protest.ended" (no space after the dot) is one word, as the index has it: not marked.
    assert str(highlight(ascii_text, terms)).count("<mark>") == 2
    assert str(highlight(ascii_text, terms)) in str(highlight(other, terms))


def test_only_the_scanned_start_of_a_long_text_is_marked():
    terms = QueryTerms(frozenset(analyze("protest")))
    text = "x " * (SCANNED_CHARS // 2 - 1) + "protest protest"
    assert terms.spans(text) == []
    assert terms.spans(text[-20:]) == [(5, 12), (13, 20)]


def test_a_words_term_is_the_analysers():
    for word in ("Protesters", "the", "U.N", "Hoshab", "کیچ", "killed", "café"):
        assert _term(word) == (analyze(word) or [None])[0]


def test_words_are_still_marked_once_the_kept_words_are_forgotten(monkeypatch):
    from index import highlighting

    monkeypatch.setattr(highlighting, "KEPT_WORDS", 4)
    terms = QueryTerms(frozenset(analyze("protest")))
    texts = [f"word{n} other{n} more{n} protested protest{n}" for n in range(6)]
    for text in texts * 2:
        assert [text[a:b] for a, b in terms.spans(text)] == ["protested"]
    assert len(highlighting._seen) <= 2 * len(texts[0].split())
