"""Intake's general rules of the register, each on a sentence of our own wording: counts that
stand alone, people counted once, the verbs and phrasings of claims and abuses, and what is not
an event."""

from __future__ import annotations

from datetime import date

import pytest

from archive.reference import vocabulary
from intake.suggest import suggest_drafts

FRIDAY = date(2025, 3, 14)


@pytest.fixture
def words(db):
    """The reference data of a fresh archive, as intake reads it."""
    return vocabulary(db)


def drafts_of(text, words, category=None):
    return [d for d in suggest_drafts(text, words, FRIDAY) if category in (None, d.category)]


def only(text, words, category=None):
    found = drafts_of(text, words, category)
    assert len(found) == 1, [d.to_json() for d in found]
    return found[0]


# --- figures ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        # a count is a word of its own: not the end of "Panjgura" or "gone"
        (
            "Panjgur police and Levies men detained 14 demonstrators outside the court.",
            ("detained", 14, "exact"),
        ),
        # a day written with figures counts nobody
        (
            "The driver, a father of four, was taken from a bus stop in Hub on 5/10 by CTD "
            "personnel and held without charge, his family said.",
            ("missing", 1, "exact"),
        ),
        # the people a list opened by "including" names are part of the count before it
        (
            "FC personnel raided homes in Tump and took away nine villagers, including an imam "
            "and three cousins who sell vegetables.",
            ("missing", 9, "exact"),
        ),
        # gathered people are counted
        (
            "Police arrested more than 25 marchers on the Quetta road on Thursday.",
            ("detained", 25, "at_least"),
        ),
    ],
)
def test_counts_stand_alone_and_parts_of_a_count_are_not_counted_again(words, sentence, figure):
    draft = only(sentence, words, "abuse")
    assert [f.key() for f in draft.figures] == [figure]


def test_the_relative_who_speaks_is_not_counted_among_the_victims(words):
    text = (
        "A retired teacher from Nal said his two nephews, aged 17 and 20, were picked up by FC "
        "personnel in October."
    )
    draft = only(text, words, "abuse")
    assert [f.key() for f in draft.figures] == [("missing", 2, "exact")]


def test_a_victim_speaking_of_what_was_done_to_them_is_still_counted(words):
    text = "Two traders told reporters that FC personnel had beaten them at a camp in Kech."
    draft = only(text, words, "abuse")
    assert [f.key() for f in draft.figures] == [("victims", 2, "exact")]
