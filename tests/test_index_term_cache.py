"""A rebuild analyses each distinct word once (index/analysis.py TermCache): the terms, counts,
weights and positions it indexes are the analyser's own, so searches find the same entries."""

from __future__ import annotations

import pytest

import archive
import index
from index.analysis import TermCache, text_analyzer
from index.engine.phrases import ArrayPositions

from .indexing import add_abuse
from .test_index_bulk import contents, found_in, hits, whooshs_own

TEXTS = [
    "The the THE: a stop word first, then Taken, TAKEN and taken again.",
    "It's the family's third petition; they'd said it won't be the last (O'Brien's case).",
    "On 12.03.2024 at 3pm, 4 men took No. 17 of the 2nd batch; 3.14 and 1,200 rupees.",
    "Mixed CaSe Quéttá QUETTA quetta Khuzdár, naïve café owners' coöperation.",
    "خاندان کے مطابق طالب علم کو رات کے وقت گھر سے اٹھایا گیا۔ و کی شَہِید بلوچ\u200cستان",
    "كوئٹہ گواهی بلوچي — Arabic letters, ـ tatweel: بلـــوچ and a ZWJ\u200dword.",
    "a an of to in it is I و",  # stop words and one-letter words only
    "",
    "disappeared disappearance disappearing; killings killed killing kills",
]


def plain(text: str, field_boost: float = 3.0) -> list:
    """What Whoosh's own positions format indexes of `text`, running the analyser."""
    return sorted(ArrayPositions(field_boost=field_boost).word_values(text, text_analyzer()))


def cached(cache: TermCache, text: str, field_boost: float = 3.0) -> list:
    analysed = cache.analysed(text)
    return sorted(ArrayPositions(field_boost=field_boost).word_values(analysed, None))


@pytest.mark.parametrize("text", TEXTS)
def test_a_text_gives_the_analysers_terms_counts_and_positions(text):
    assert cached(TermCache(text_analyzer()), text) == plain(text)


def test_a_warm_cache_gives_the_same_as_a_cold_one():
    cache = TermCache(text_analyzer())
    for text in TEXTS + TEXTS[::-1] + [" ".join(TEXTS)]:
        assert cached(cache, text, 1.0) == plain(text, 1.0), text


def test_a_full_cache_starts_again_and_stays_right(monkeypatch):
    monkeypatch.setattr(TermCache, "LIMIT", 5)
    cache = TermCache(text_analyzer())
    for text in TEXTS:
        assert cached(cache, text) == plain(text), text
    assert len(cache._terms) <= max(5, max(len(set(text.split())) for text in TEXTS) + 5)


def test_repeated_words_are_analysed_once():
    analyzer = text_analyzer()
    calls = []

    def counting(value, **kwargs):
        calls.append(value)
        return analyzer(value, **kwargs)

    cache = TermCache(analyzer)
    cache.analyzer = counting
    cache.analysed("taken taken Taken taken")
    cache.analysed("taken again")
    assert sorted(calls) == ["Taken", "again", "taken"]


@pytest.fixture
def varied_db(tmp_path):
    """An archive in a file with entries of every kind of text above."""
    db = archive.open_db(str(tmp_path / "gawahi.db"))
    archive.prepare(db)
    source_id = archive.add_source(db, {"title": "Report", "outlet": "Wire", "body": "T."}, "t")
    for number, text in enumerate(TEXTS * 2):
        title = f"It's case {number}: {TEXTS[-1 - number % len(TEXTS)][:30]}"
        add_abuse(db, source_id, title, text, passage=text[:40] or "A passage.")
    yield db
    db.close()


QUERIES = [
    "taken",
    "quetta",
    "Quéttá",
    "O'Brien",
    "3.14",
    "3pm",
    "17",
    "کوئٹہ",
    "بلوچستان",
    "killed",
]
PHRASES = ['"taken again"', '"third petition"', '"طالب علم"', '"family\'s third"']


def test_a_rebuild_indexes_and_finds_what_the_analyser_would(tmp_path, varied_db):
    ix = index.open_index(tmp_path / "index")
    index.rebuild(ix, varied_db, bulk={})
    expected = whooshs_own(tmp_path / "whoosh", varied_db)
    assert contents(ix) == contents(expected)
    for q in QUERIES:
        found = hits(ix, q)
        assert found and found == pytest.approx(hits(expected, q)), q
    for q in PHRASES:
        shown = found_in(ix, varied_db, q)
        assert shown and shown == found_in(expected, varied_db, q), q
