"""Intake keeps one draft per act however often the article tells it, and reads acts told
with verbs of a class, not one word: each rule on sentences of our own wording."""

from __future__ import annotations

from datetime import date

import pytest

from archive.reference import vocabulary
from intake import tidy
from intake.drafts import Draft, Figure
from intake.suggest import suggest_drafts

FRIDAY = date(2025, 3, 14)


@pytest.fixture
def words(db):
    """The reference data of a fresh archive, as intake reads it."""
    return vocabulary(db)


def drafts_of(text, words):
    return [d.to_json() for d in suggest_drafts(text, words, FRIDAY)]


def test_a_protest_against_a_raid_is_not_the_raid(words):
    text = (
        "KHUZDAR: Journalists on Thursday staged a protest outside the press club against a raid"
        " on the house of a reporter and the detention of his brother.\n\nThe reporter said CTD"
        " personnel stormed his house late on Wednesday night. His younger brother was bundled"
        " into a vehicle during the raid."
    )
    found = drafts_of(text, words)
    assert found and all(not d["passage"].startswith("KHUZDAR") for d in found)
    assert "harassment" in [d["type"] for d in found]


def test_a_quote_telling_the_raid_again_is_the_same_draft(words):
    text = (
        "CTD personnel stormed the house of a reporter in Khuzdar on Wednesday night, he said."
        ' "They ransacked every room and took my laptop," he said.'
    )
    found = drafts_of(text, words)
    assert [(d["type"], d["perpetrator"]) for d in found] == [("harassment", "CTD")]


def test_bodies_of_people_taken_told_in_one_sentence_are_one_killing(words):
    text = (
        "The bodies of two men, who their families say were picked up by the FC in March, were"
        " found in Besima on Saturday."
    )
    found = drafts_of(text, words)
    assert [(d["type"], d["perpetrator"]) for d in found] == [("extrajudicial_killing", "FC")]


def test_one_of_two_taken_found_dead_leaves_the_taking(words):
    text = (
        "The bullet-riddled body of a mechanic, who was taken into custody by the CTD in March,"
        " was found in Noshki on Monday. He and a teenage apprentice were picked up from his"
        " workshop."
    )
    types = [d["type"] for d in drafts_of(text, words)]
    assert types == ["extrajudicial_killing", "enforced_disappearance"]


def test_a_group_named_with_what_it_does_as_a_kind_claims_nothing(words):
    text = (
        "Lashkar-e-Balochistan was once active in Khuzdar but has claimed only sporadic attacks"
        " over the past decade."
    )
    assert drafts_of(text, words) == []


def test_an_undated_claim_of_one_act_stays(words):
    found = drafts_of("The BLF claimed a rocket attack on a camp in Panjgur.", words)
    assert [d["category"] for d in found] == ["claim"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Armed men stormed his house in Turbat on Sunday night, his family said.", "harassment"),
        ("CTD personnel barged into the hostel in Quetta on Sunday night.", "harassment"),
        ("Two men were ordered off a passenger coach at a checkpoint in Hoshab on Monday by FC"
         " personnel.", "enforced_disappearance"),
        ("Shepherds came across human bones in a shallow pit near Mach on Sunday, Levies"
         " officials said.", "mass_grave"),
        ("On 21 March, police used tear gas and live ammunition to break up a sit-in in Quetta.",
         "extrajudicial_killing"),
        ("A shopkeeper was held in the same operation but was let go the following evening.",
         "arbitrary_detention"),
        ("Police opened fire on participants of a sit-in in Gwadar on Sunday, killing two.",
         "extrajudicial_killing"),
        ("One of the men released in Panjgur on Monday bore marks of torture on his back and"
         " legs.", "torture"),
    ],
)  # fmt: skip
def test_acts_told_with_verbs_of_a_class(words, sentence, kind):
    assert kind in [d["type"] for d in drafts_of(sentence, words)]


def test_one_person_told_again_with_less_restates_the_fuller_draft():
    """ "the reporter had been receiving threatening calls": one person with no number is no
    count of its own against the raid on his house."""
    full = Draft(
        "abuse",
        "harassment",
        "stormed his house",
        0,
        10,
        perpetrator_code="CTD",
        district="Khuzdar",
        date="2023-05-17",
        date_precision="day",
    )
    vague = Draft(
        "abuse",
        "harassment",
        "the reporter had been receiving threatening calls",
        20,
        60,
        figures=[Figure("victims", 1)],
    )
    assert tidy._restates(vague, full)
    assert not tidy._restates(full, vague)
    other = Draft(
        "abuse",
        "harassment",
        "five reporters were threatened",
        20,
        60,
        figures=[Figure("victims", 5)],
    )
    assert not tidy._restates(other, full)


def test_marks_of_torture_on_a_body_found_are_the_killing_not_torture(words):
    text = "The body of a man found in Turbat on Monday bore marks of torture on his body."
    assert "torture" not in [d["type"] for d in drafts_of(text, words)]


def test_a_claim_named_again_by_its_place_is_the_same_claim():
    """ "no comment ... on the Awaran attack" names the claim told before by its district."""
    first = "The BLF said its fighters attacked a camp in the Jhao area of Awaran on Sunday."
    again = "There was no comment from the military's media wing on the Awaran attack."
    text = first + "\n\n" + again
    found = [
        Draft(
            "claim",
            "armed_attack",
            first,
            0,
            len(first),
            group="BLF",
            district="Awaran",
            place="Jhao",
            date="2025-03-16",
            date_precision="day",
        ),
        Draft(
            "claim",
            "armed_attack",
            again,
            len(first) + 2,
            len(text),
            group="BLF",
            district="Awaran",
        ),
    ]
    paragraphs = [0, 1]
    tidy._claim_told_again(text, found, paragraphs)
    assert [d.passage for d in found] == [first]


def test_a_month_told_in_a_lead_holds_the_day_told_later():
    """ "shepherds stumbled on human remains in August" then "on 29 August ... came across
    human bones": the month holds the day, and "human remains" is no abuse that remains."""
    lead = Draft(
        "abuse",
        "mass_grave",
        "shepherds stumbled on human remains in Bolan",
        0,
        40,
        district="Kachhi",
        date="2025-08",
        date_precision="month",
    )
    full = Draft(
        "abuse",
        "mass_grave",
        "came across human bones",
        50,
        90,
        perpetrator_code="Security-forces",
        district="Kachhi",
        place="Mach",
        date="2025-08-29",
        date_precision="day",
        figures=[Figure("killed", 24)],
    )
    assert tidy._restates(lead, full)
    lead.date = "2025-07"
    assert not tidy._restates(lead, full)


def test_a_group_s_history_dated_by_a_year_claims_nothing(words):
    text = (
        "The BLA, the largest of the Baloch armed groups, has in the past two years shifted"
        " towards large coordinated operations and highway blockades, and was designated a"
        " terrorist organisation by the United States in 2019."
    )
    assert [d for d in drafts_of(text, words) if d["category"] == "claim"] == []


def test_a_hyphenated_size_does_not_hide_the_pipeline_blown_up(words):
    text = "The BRG said its members blew up a 12-inch gas pipeline in Pir Koh on Saturday night."
    found = drafts_of(text, words)
    assert [(d["category"], d["type"], d["group"]) for d in found] == [
        ("claim", "arson_sabotage", "BRG")
    ]


def test_dozens_still_missing_with_no_doer_day_or_place_is_context(words):
    text = (
        "Four men from Gichk returned home on Monday, FC officials said.\n\nThe VBMP welcomed"
        " the releases but said dozens of people from Panjgur were still missing."
    )
    found = drafts_of(text, words)
    assert all("dozens" not in d["passage"] for d in found)


def test_a_case_said_to_be_separate_is_never_a_retelling():
    """ "In a separate incident, a shepherd was picked up": however little it tells, another
    case, not the fuller one told before."""
    full = Draft(
        "abuse",
        "enforced_disappearance",
        "Karim was picked up by the FC from his home in Turbat on Monday",
        0,
        60,
        perpetrator_code="FC",
        district="Kech",
        date="2025-03-10",
        date_precision="day",
    )
    told = "In a separate incident, a shepherd was picked up"
    vague = Draft("abuse", "enforced_disappearance", told, 70, 120)
    assert not tidy._restates(vague, full)


def test_a_man_taken_elsewhere_and_still_missing_is_not_the_body_found(words):
    text = (
        "The bullet-riddled body of Karim Baloch was found in Turbat on Tuesday, Levies officials"
        " said.\n\nMeanwhile, both of his cousins had been picked up by the FC from Panjgur in"
        " January and are still missing, the family said."
    )
    found = drafts_of(text, words)
    assert sorted(d["type"] for d in found) == ["enforced_disappearance", "extrajudicial_killing"]


def test_a_second_attack_on_the_same_kind_of_target_is_another_claim(words):
    text = (
        "The Baloch Liberation Army said its fighters blew up a railway track near Turbat on"
        " Monday.\n\nThe group also said its fighters blew up the track near Tump on Thursday."
    )
    found = [d for d in drafts_of(text, words) if d["category"] == "claim"]
    assert len(found) == 2
