"""Intake keeps one draft per act (the seventh held-out set's kinds of extra), each on
sentences of our own wording: a claim retold in the group's statement, background about a
group, a taking told after bodies found, a lead summing up, and a claim dated by the attack."""

from __future__ import annotations

from datetime import date

import pytest

from archive.reference import vocabulary
from intake.suggest import suggest_drafts

THURSDAY = date(2026, 3, 5)


@pytest.fixture
def words(db):
    """The reference data of a fresh archive, as intake reads it."""
    return vocabulary(db)


def drafts_of(text, words, category=None):
    return [d for d in suggest_drafts(text, words, THURSDAY) if category in (None, d.category)]


def test_a_claim_retold_is_one_draft_dated_by_the_retelling_and_background_no_claim(words):
    text = (
        "TURBAT – The BLA has claimed responsibility for an ambush on a convoy of the Frontier "
        "Corps in the Tump area of Kech district, saying at least six personnel were killed and "
        "a vehicle destroyed.\n\nIn a statement sent to the media on Wednesday, the group's "
        "spokesman said BLA fighters attacked the convoy with rockets near Meenaz on Tuesday "
        "evening as it was travelling towards Mand. The fighters seized weapons before "
        "withdrawing, the statement said.\n\nThe spokesman added that on Monday night the "
        "group's fighters detonated a bomb targeting a vehicle in Dasht, killing two personnel."
        "\n\nThe BLA, which is banned in Pakistan, has stepped up attacks in Kech and "
        "neighbouring Panjgur since the beginning of the year, targeting security forces and "
        "government installations."
    )
    claims = drafts_of(text, words, "claim")
    assert [c.type for c in claims] == ["armed_attack", "bombing"], [d.to_json() for d in claims]
    assert claims[0].passage.startswith("TURBAT – The BLA has claimed")
    assert (claims[0].date, claims[0].date_precision) == ("2026-03-03", "day")


def test_two_claims_of_different_targets_stay_two(words):
    text = (
        "The BLA claimed responsibility for an attack on a convoy in Tump, Kech district, on "
        "Monday.\n\nThe spokesman said BLA fighters also attacked a check post in Mand on "
        "Tuesday."
    )
    assert len(drafts_of(text, words, "claim")) == 2


def test_a_taking_told_after_bodies_found_is_the_kill_and_dump(words):
    text = (
        "The bodies of two men were found in a riverbed near Panjgur on Monday. Their families "
        "said both had been picked up by Frontier Corps personnel from a shop on January 11."
    )
    found = drafts_of(text, words, "abuse")
    assert [d.type for d in found] == ["extrajudicial_killing"], [d.to_json() for d in found]
    assert found[0].perpetrator_code == "FC"


def test_a_lead_summing_up_the_disappearances_told_after_is_dropped(words):
    text = (
        "QUETTA: Relatives of several people who they say were forcibly disappeared in recent "
        "weeks joined the protest camp outside the Quetta Press Club on Tuesday, demanding that "
        "the men be produced before a court.\n\nThe camp's chairman told reporters that a "
        "student from Khuzdar was picked up from a hostel on Quetta's Sariab Road on February 3 "
        'by personnel of the Counter Terrorism Department. "His family has knocked on every '
        'door," he said.\n\nThe mother of two brothers from Panjgur said her sons were whisked '
        "away during a raid on their house on the night of January 27."
    )
    found = drafts_of(text, words, "abuse")
    assert [d.date for d in found] == ["2026-02-03", "2026-01-27"], [d.to_json() for d in found]


def test_a_claim_for_the_attack_takes_the_day_the_attack_was_told(words):
    text = (
        "HUB: Five people, including a child, were injured when two men on a motorcycle hurled "
        "a grenade at a shop in Hub on Tuesday evening, police said.\n\nThe grenade exploded "
        "at the shop's entrance. The injured were taken to hospital.\n\nA spokesman for the "
        "banned Lashkar-e-Balochistan, who identified himself as Mureed Baloch, claimed "
        "responsibility for the attack in a phone call to journalists."
    )
    claim = drafts_of(text, words, "claim")[0]
    assert (claim.date, claim.date_precision) == ("2026-03-03", "day")
