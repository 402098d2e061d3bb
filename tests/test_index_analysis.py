"""The analyser: stemming, accent folding, Urdu letter variants; aliases and spellings as data."""

from __future__ import annotations

import random
import unicodedata

import pytest

import index
from index.analysis import URDU_LETTERS, fold

REF = index.Reference(
    groups={"BLA": ["Baloch Liberation Army", "Balochistan Liberation Army"]},
    places={"Kech": ["Turbat", "Kej"], "Khuzdar": ["Khuzdaar"]},
)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("disappeared", "disappearance"),
        ("killings", "killed"),
        ("Khuzdár", "Khuzdar"),
        ("Quéttá", "QUETTA"),
        ("بلوچي", "بلوچی"),  # Arabic yeh / Urdu yeh
        ("كوئٹہ", "کوئٹہ"),  # Arabic kaf / keheh
        ("گواهی", "گواہی"),  # Arabic heh / heh goal
        ("شَہِید", "شہید"),  # diacritics
        ("بلوچستان", "بلوچ\u200cستان"),  # zero-width non-joiner in a word
    ],
)
def test_variants_are_indexed_as_the_same_term(one, other):
    assert index.analyze(one) == index.analyze(other)
    assert index.analyze(one)


def test_different_words_stay_different():
    assert index.analyze("Kech") != index.analyze("Kalat")


def test_group_aliases_expand_to_every_name():
    expansions = REF.expansions("Fighters of the Baloch Liberation Army attacked")
    assert expansions == ["BLA | Baloch Liberation Army | Balochistan Liberation Army"]


def test_a_name_expands_only_when_all_its_words_stand_in_order():
    bla = "BLA | Baloch Liberation Army | Balochistan Liberation Army"
    assert REF.expansions("Baloch students marched for liberation") == []
    assert REF.expansions("the Liberation Army of the Baloch") == []
    assert REF.expansions("BALOCH LIBERATION-ARMY said") == [bla]
    places = ["Kech | Turbat | Kej", "Khuzdar | Khuzdaar"]
    assert REF.expansions("Khuzdaar, then Turbat; the BLA") == [bla, *places]


def test_place_spellings_expand_whole_words_only():
    assert REF.expansions("near Turbat town") == ["Kech | Turbat | Kej"]
    assert REF.expansions("Kejriwal said") == []


def test_canonical_names_come_from_the_data_given():
    assert REF.canonical_group("baloch liberation army") == "BLA"
    assert REF.canonical_place("khuzdaar") == "Khuzdar"
    assert index.Reference().canonical_place("khuzdaar") == "khuzdaar"


def _fold_whole(text: str) -> str:
    """The whole text folded at once: what `fold` gave before it folded stretches."""
    decomposed = unicodedata.normalize("NFKD", text.translate(URDU_LETTERS))
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", kept)


def test_folding_a_long_text_folds_its_accents_and_urdu_letters_only():
    assert fold("Pettersson and Öberg 2022") == "Pettersson and Oberg 2022"
    assert fold("Khuzda\u0301r and Turbat") == "Khuzdar and Turbat"  # a mark after ASCII
    assert fold("\u0643\u0640\u064a in Kech") == "\u06a9\u06cc in Kech"
    pieces = ["Kech ", "é", "e\u0301", "ﬁ", "\u0643", "\u200c", " 2022", "Öberg", "\u0654", "≠"]
    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert fold(text) == _fold_whole(text), repr(text)
