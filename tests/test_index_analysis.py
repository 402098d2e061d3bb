"""The analyser: stemming, accent folding, Urdu letter variants; aliases and spellings as data."""

from __future__ import annotations

import pytest

import index

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
