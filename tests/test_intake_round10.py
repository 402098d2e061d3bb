"""Intake's classes of wording (round 10), in wording of our own: a person taken and later
found dead is one entry, the killing, laid to the force said to have taken them; a taking of
someone still missing stays its own entry."""

from __future__ import annotations

from datetime import date

import pytest

from archive.reference import vocabulary
from intake.suggest import rule_drafts

PUBLISHED = date(2025, 3, 12)


@pytest.fixture
def words(db):
    """The reference data of a fresh archive, as intake reads it."""
    return vocabulary(db)


def abuses(text, words):
    """The rules' abuse drafts of a text, before the keep filter."""
    return [d for d in rule_drafts(text, words, PUBLISHED) if d.category == "abuse"]


KILL_AND_DUMP = (
    "KHARAN: The bullet-riddled bodies of two shepherds were found dumped in a ravine near "
    "Kharan on Monday, Levies said.\n\n"
    '"Both had gunshot wounds to the head, and had been dead for some days," a Levies official '
    "said.\n\n"
    "Their relatives said the two had been picked up in a night raid by personnel of the "
    "Frontier Corps in mid-December and had not been produced before any court since."
)


def test_a_taking_told_before_the_body_found_is_one_killing(words):
    drafts = abuses(KILL_AND_DUMP, words)
    assert [d.type for d in drafts] == ["extrajudicial_killing"]
    assert drafts[0].perpetrator_code == "FC"


def test_a_taking_of_more_people_than_were_found_dead_stays_its_own_entry(words):
    text = KILL_AND_DUMP.replace("the two had been", "the two and a cousin, three in all, had been")
    assert sorted(d.type for d in abuses(text, words)) == [
        "enforced_disappearance",
        "extrajudicial_killing",
    ]
