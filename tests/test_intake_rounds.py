"""Intake's classes of wording (rounds 9 and 10), each in wording of our own: a blast or a
collapse no one caused (gas, a mine's roof) and the rescuers who bring out its dead make no abuse
report; police arresting suspects who are a rival family's relatives is law enforcement, not an
arrest to document, unless the family speaks; a protest dispersed with batons and arrests is one
entry, the arrests, dated and placed by the sentence; a person taken and later found dead is one
entry, the killing, laid to the force said to have taken them, while a taking of someone still
missing stays its own entry."""

from __future__ import annotations

from datetime import date

import pytest

from archive.reference import vocabulary
from intake.suggest import rule_drafts, suggest_drafts

PUBLISHED = date(2025, 3, 12)


@pytest.fixture
def words(db):
    """The reference data of a fresh archive, as intake reads it."""
    return vocabulary(db)


def abuses(text, words):
    """The rules' abuse drafts of a text, before the keep filter."""
    return [d for d in rule_drafts(text, words, PUBLISHED) if d.category == "abuse"]


# --- harm no one caused -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Nine workers were killed and three hurt when a gas cylinder exploded in a hotel kitchen "
        "in Turbat on Tuesday, police said.",
        "Seven labourers died after methane gas accumulated and exploded inside a coal mine in "
        "the Marwar area of Bolan on Monday.",
        "Eight miners were trapped underground in Duki on Tuesday. Rescue teams dug for two days "
        "and the bodies of all eight were recovered on Thursday, officials said.",
    ],
)
def test_a_blast_or_collapse_no_one_caused_reports_no_abuse(words, text):
    assert abuses(text, words) == []


def test_a_bomb_blast_is_still_an_attack_on_civilians(words):
    text = (
        "Nine civilians were killed and three hurt when a bomb exploded in a market in Turbat on "
        "Tuesday, police said."
    )
    assert [d.type for d in abuses(text, words)] == ["indiscriminate_attack"]


# --- suspects in a crime ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Two men were shot dead by FC troops in Kech on Monday as rescue workers searched "
            "the area.",
            "extrajudicial_killing",
        ),
        (
            "Troops picked up three labourers from the site of a mine collapse in Harnai on "
            "Monday, their families said.",
            "enforced_disappearance",
        ),
    ],
)
def test_a_mishap_told_beside_a_deliberate_act_hides_no_abuse(words, text, kind):
    assert [d.type for d in abuses(text, words)] == [kind]


def test_suspects_who_are_a_rival_familys_relatives_are_no_arbitrary_arrest(words):
    text = (
        "A shopkeeper was shot dead over a land dispute in Dera Murad Jamali on Sunday. Police "
        "said they had detained four suspects, all relatives of the other family, and seized a "
        "pistol."
    )
    assert "arbitrary_detention" not in [d.type for d in abuses(text, words)]


def test_suspects_whose_family_says_they_are_innocent_stay_an_arrest_to_document(words):
    text = (
        "Police in Quetta arrested four suspects on Sunday; their relatives said the men were "
        "students with no link to any attack."
    )
    assert "arbitrary_detention" in [d.type for d in abuses(text, words)]


# --- a protest dispersed --------------------------------------------------------------------


def test_a_protest_baton_charged_and_arrested_is_one_arrest_entry(words):
    text = (
        "KHUZDAR: Police on Saturday lathi-charged a rally of students outside the press club, "
        "and took at least twenty of them into custody, the organisers said."
    )
    drafted = suggest_drafts(text, words, PUBLISHED)
    assert [(d.category, d.type) for d in drafted] == [("abuse", "arbitrary_detention")]
    (arrest,) = drafted
    assert (arrest.perpetrator_code, arrest.district, arrest.date) == (
        "Police",
        "Khuzdar",
        "2025-03-08",
    )


def test_a_protest_beaten_with_no_arrest_is_still_ill_treatment(words):
    text = "Police baton-charged a sit-in of missing persons' families in Quetta on Saturday."
    assert [d.type for d in abuses(text, words)] == ["torture"]


# --- the dead of an "encounter" said to have been taken before ----------------------------


ENCOUNTER = (
    'KALAT: The Frontier Corps on Sunday claimed to have killed four "militants" in an exchange '
    "of fire in the Johan area of Kalat district, but relatives of the dead said the men had been "
    "in the custody of the forces for months.\n\n"
    "Relatives of one of the dead, a shopkeeper from Surab, said he had been picked up from his "
    "shop by uniformed men in January. Another family said their son had been missing since a "
    "raid on their house last year."
)


def test_the_dead_of_an_encounter_said_to_have_been_taken_before_make_one_killing(words):
    (killing,) = abuses(ENCOUNTER, words)
    assert (killing.type, killing.perpetrator_code, killing.district) == (
        "extrajudicial_killing",
        "FC",
        "Kalat",
    )


def test_the_force_that_says_it_killed_is_the_doer_not_the_one_said_to_have_held_them(words):
    text = (
        'TURBAT: The CTD on Friday claimed to have killed three "terrorists" in a raid near '
        "Tump in Kech district, but relatives of the dead said the men had been in the custody "
        "of state agencies since April."
    )
    (killing,) = abuses(text, words)
    assert (killing.type, killing.perpetrator_code) == ("extrajudicial_killing", "CTD")


# --- people gathered only to be shot --------------------------------------------------------


def test_a_group_that_tells_of_a_forces_killing_is_not_its_doer(words):
    """Only the actor whose own words say it killed is the doer: a group that reports a force's
    killing, and a "they had detained" later in the sentence, do not make the group the doer."""
    text = (
        "The BLA said FC troops shot dead three students in Turbat on Monday after they had "
        "detained them at a checkpoint."
    )
    killing = next(d for d in abuses(text, words) if d.type == "extrajudicial_killing")
    assert killing.perpetrator_code == "FC"


def test_people_rounded_up_and_shot_are_a_killing_not_an_arrest(words):
    text = (
        "Gunmen stopped a van near Kalat on Sunday night, rounded up the nine passengers, "
        "asked for their identity cards and opened fire, killing all of them, officials said."
    )
    assert "arbitrary_detention" not in [d.type for d in abuses(text, words)]


def test_people_rounded_up_before_shots_that_kill_no_one_stay_an_arrest(words):
    text = (
        "Police rounded up twenty protesters in Quetta on Monday and opened fire on the rest of "
        "the crowd."
    )
    assert "arbitrary_detention" in [d.type for d in abuses(text, words)]


def test_people_rounded_up_by_troops_and_taken_away_stay_an_arrest(words):
    text = "Troops rounded up twenty villagers in Awaran on Sunday and took them to a nearby camp."
    assert "arbitrary_detention" in [d.type for d in abuses(text, words)]


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
