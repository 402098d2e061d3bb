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


def test_a_force_named_in_the_passive_by_its_own_name(words):
    text = (
        "A fisherman from Jiwani in Gwadar district was taken into custody by the Pakistan "
        "Coast Guards while returning from the sea on Thursday."
    )
    assert drafts_of(text, words, "abuse")[0].perpetrator == "Pakistan Coast Guards"


def test_men_who_identified_themselves_as_a_force_are_that_force(words):
    text = (
        "In Karachi, three students were taken into custody by men in plain clothes from a "
        "hostel on Wednesday. Their classmates said the men identified themselves as personnel "
        "of the Counter Terrorism Department."
    )
    assert drafts_of(text, words, "abuse")[0].perpetrator_code == "CTD"


def test_home_is_not_the_scene_and_a_day_of_the_month_counts_no_one(words):
    text = (
        "A student, who hails from Khuzdar's Zehri area, was picked up from a hostel on "
        "Quetta's Sariab Road on February 3 by personnel of the Counter Terrorism Department."
    )
    draft = drafts_of(text, words, "abuse")[0]
    assert draft.district == "Quetta"
    assert [(f.kind, f.count) for f in draft.figures] == [("missing", 1)]


def test_those_returned_home_and_a_plural_after_a_are_not_counted(words):
    freed = drafts_of(
        "The committee said it had recorded more than 40 new cases of enforced disappearance "
        "in January alone, and that nine people had returned home during the same period.",
        words, "abuse",
    )[0]  # fmt: skip
    assert [(f.count, f.qualifier) for f in freed.figures] == [(40, "at_least")]
    threatened = drafts_of(
        "In Gwadar, two reporters received threatening phone calls on Saturday after they "
        "reported on a fishermen's protest.",
        words, "abuse",
    )[0]  # fmt: skip
    assert [f.count for f in threatened.figures] == [2]


def test_displacement_by_floods_is_no_abuse(words):
    text = "Floods in the Kachhi plains displaced tens of thousands of people in August."
    assert drafts_of(text, words, "abuse") == []


def test_a_tally_during_the_month_is_of_the_reports_month(words):
    text = (
        "Paank documented 51 cases of enforced disappearance in Balochistan during June 2025."
        "\n\nThe report also documents the case of a man whose body was found in Mastung on 21 "
        "June. His family said he had been taken into custody by CTD personnel in November "
        "2023.\n\nPaank said it had also recorded nine cases of torture during the month."
    )
    found = drafts_of(text, words, "abuse")
    assert [(d.type, d.date) for d in found] == [
        ("enforced_disappearance", "2025-06"),
        ("extrajudicial_killing", "2025-06-21"),
        ("torture", "2025-06"),
    ], [d.to_json() for d in found]
    assert found[1].perpetrator_code == "CTD"


def test_a_raid_told_with_the_taking_is_part_of_it(words):
    text = (
        "The family of a fisherman in Gwadar said he had been abducted from their home on "
        "Sunday night by men who identified themselves as officials of an intelligence agency. "
        "His mother said the men searched the house, confiscated the family's phones and took "
        "her son away."
    )
    assert [d.type for d in drafts_of(text, words)] == ["enforced_disappearance"]


def test_officials_confirming_a_claimed_killing_tell_the_claim(words):
    text = (
        "The BLA said its fighters shot dead a man in Kech's Hoshab area on Monday, alleging "
        "that he was an informer. Levies officials in Hoshab confirmed that the body of a man "
        "with gunshot wounds had been found near the road that evening."
    )
    assert [d.category for d in drafts_of(text, words)] == ["claim"]


def test_an_abuse_with_no_doer_place_time_or_number_is_rhetoric_but_a_pattern_stays(words):
    rhetoric = (
        "What people see instead is young men picked up at checkpoints, students questioned "
        "in their hostels, protest leaders charged under anti-terrorism laws."
    )
    assert drafts_of(rhetoric, words, "abuse") == []
    pattern = "Mass graves have been discovered in various districts, adding to the trauma."
    assert [d.type for d in drafts_of(pattern, words, "abuse")] == ["mass_grave"]


def test_the_following_morning_is_the_day_after_the_act_told_at_that_place(words):
    text = (
        "BRAS spokesman Baloch Khan said the alliance's fighters blocked the highway near "
        "Mangochar on Tuesday evening.\n\nAccording to the statement, BRAS fighters also shot "
        "dead an informer in Washuk's Besima area on 1 March.\n\nThe statement further accused "
        "the security forces of raiding houses in Mangochar the following morning and taking "
        "away ten men, whose whereabouts remain unknown."
    )
    taking = drafts_of(text, words, "abuse")[-1]
    assert (taking.date, taking.date_precision) == ("2026-03-04", "day")


def test_a_tally_of_cases_across_several_districts_is_of_no_one_district(words):
    text = (
        "The chairman said the committee had recorded more than 40 new cases of enforced "
        "disappearance in January alone, most of them from Kech, Panjgur and Awaran."
    )
    draft = drafts_of(text, words, "abuse")[0]
    assert (draft.district, draft.date) == (None, "2026-01")
