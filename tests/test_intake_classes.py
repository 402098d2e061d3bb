"""Intake's classes of wording (round 8): each class a short article a user would paste, in
wording of our own, with the draft it must give or must not give: acts a group's statement
lists with its bare "fighters" (burning, blocking, bombing), people taken (never the group's
claim), fire on a crowd, bodies recovered in Urdu, people shot with no doer named after a force
is told acting, accidents that are no abuse, and what ends a group's voice."""

from __future__ import annotations

from datetime import date

import pytest

from archive.reference import vocabulary
from intake.suggest import rule_drafts, suggest_drafts

PUBLISHED = date(2025, 10, 10)


@pytest.fixture
def words(db):
    """The reference data of a fresh archive, as intake reads it."""
    return vocabulary(db)


def drafts_of(text, words, category=None):
    return [d for d in suggest_drafts(text, words, PUBLISHED) if category in (None, d.category)]


# --- a group's statement listing its acts ---------------------------------------------------

RELEASE = (
    "The spokesman of the Baloch Liberation Front, Major Gwahram Baloch, has issued a statement "
    "to the media claiming responsibility for a series of attacks in Kech and Panjgur.\n\n"
    "On 3 October, BLF fighters set up a blockade on the M-8 highway near Hoshab for three "
    "hours and took control of the area.\n\n"
    "On 5 October, fighters stopped two oil tankers near Buleda and torched them after "
    "sending the drivers away.\n\n"
    "On 7 October, fighters struck a vehicle of the Frontier Corps with a remote-controlled "
    "bomb in Gichk, Panjgur, killing three personnel.\n\n"
    "The spokesman further said that the Frontier Corps later raided Hoshab village and "
    "kidnapped two labourers, whose whereabouts are not known."
)


def test_a_statement_issued_to_the_media_relays_each_act_its_fighters_did(words):
    claims = drafts_of(RELEASE, words, "claim")
    types = sorted(d.type for d in claims)
    assert types == ["arson_sabotage", "bombing", "road_blockade"], [d.to_json() for d in claims]
    bombing = next(d for d in claims if d.type == "bombing")
    assert (bombing.group, bombing.date) == ("BLF", "2025-10-07")


def test_people_taken_told_in_a_group_statement_are_an_abuse_not_its_claim(words):
    taken = [d for d in drafts_of(RELEASE, words, "abuse") if "kidnapped" in d.passage]
    assert [d.type for d in taken] == ["enforced_disappearance"]
    assert taken[0].perpetrator_code == "FC"
    assert not any("kidnapped" in d.passage for d in drafts_of(RELEASE, words, "claim"))


def test_people_picked_up_after_a_claim_are_a_disappearance_not_the_claim(words):
    text = (
        "The BLA said in a statement sent to the media that its fighters attacked an army "
        "post in Mand on Sunday, killing four soldiers.\n\n"
        "In Turbat, three cousins were picked up during a night raid on their home in "
        "Shahi Tump on Tuesday. Their whereabouts are unknown."
    )
    claims = drafts_of(text, words, "claim")
    assert len(claims) == 1 and "Mand" in claims[0].passage
    abuse = drafts_of(text, words, "abuse")
    assert [d.type for d in abuse] == ["enforced_disappearance"]
    assert [(f.kind, f.count) for f in abuse[0].figures] == [("missing", 3)]


# --- killings --------------------------------------------------------------------------


def test_fire_opened_on_a_procession_of_protesters_is_a_killing(words):
    text = (
        "Two marchers were killed and nine injured on Monday when police opened fire on a "
        "procession of protesters near Kalat, organisers said."
    )
    found = drafts_of(text, words, "abuse")
    assert [d.type for d in found] == ["extrajudicial_killing"]
    assert found[0].perpetrator_code == "Police"


def test_civilians_shot_dead_with_no_doer_after_troops_told_acting(words):
    text = (
        "Villagers said troops cordoned off Kolwah village in Awaran on 4 October and "
        "searched every house.\n\n"
        "The following day, two herders who were grazing their camels nearby were gunned "
        "down, the villagers said."
    )
    found = [d for d in drafts_of(text, words, "abuse") if "gunned" in d.passage]
    assert [d.type for d in found] == ["extrajudicial_killing"]
    assert found[0].perpetrator_code == "Security-forces"


def test_civilians_shot_dead_by_unknown_gunmen_are_not_laid_to_the_troops(words):
    text = (
        "Troops patrolled the Kolwah bazaar in Awaran on Friday.\n\n"
        "On Saturday, a shopkeeper was shot dead by unknown gunmen near the bazaar."
    )
    assert not any(
        d.perpetrator_code == "Security-forces" and "shot dead" in d.passage
        for d in drafts_of(text, words, "abuse")
    )


def test_a_drone_told_with_who_flew_it_is_an_indiscriminate_attack(words):
    text = (
        "Three children were killed on Saturday when a drone flown by security forces hit a "
        "house in Zehri, Khuzdar, the family said."
    )
    found = drafts_of(text, words, "abuse")
    assert [d.type for d in found] == ["indiscriminate_attack"]


def test_a_body_recovered_in_urdu_with_nash(words):
    text = "خاران کے علاقے لجے کے قریب جمعرات کو ایک نوجوان کی تشدد زدہ نعش برآمد ہوئی۔"
    found = drafts_of(text, words, "abuse")
    assert [d.type for d in found] == ["extrajudicial_killing"]


# --- what is no abuse and no claim ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Four fishermen from Jiwani went missing after their launch capsized in rough seas on "
        "Sunday, officials said.",
        "Two boys went missing on Friday after they were swept away by a flash flood in "
        "Kohlu, Levies officials said.",
    ],
)
def test_people_lost_to_an_accident_are_no_disappearance(words, text):
    assert drafts_of(text, words, "abuse") == []


def test_an_official_confirming_an_explosion_is_not_the_groups_claim(words):
    text = (
        "The BLF, in a statement sent to the media, claimed that its fighters attacked a "
        "Levies post in Tump on Friday.\n\n"
        "Officials in Panjgur confirmed an explosion near a camp on Saturday but said no one "
        "was hurt."
    )
    claims = drafts_of(text, words, "claim")
    assert [d.passage for d in claims if "explosion" in d.passage] == []


def test_an_attack_recalled_from_last_year_is_not_one_of_the_statements_acts(words):
    text = (
        "The BLA, in a statement sent to the media, said its fighters attacked a convoy in "
        "Kalat on Wednesday, killing five soldiers.\n\n"
        "In March last year, eleven soldiers were killed when fighters ambushed a convoy on "
        "the same road."
    )
    claims = drafts_of(text, words, "claim")
    assert len(claims) == 1 and "Wednesday" in claims[0].passage


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested at least nine students from a hostel in Quetta on Tuesday, the "
        "student union said.\n\nThe provincial government announced a committee to review "
        "the fee structure.\n\nRelatives of the detained students gathered outside the "
        "Turbat press club on Thursday morning.",
        "Residents said FC personnel picked up at least eight men in a raid on Killi Kamalo "
        "in Quetta on Tuesday.\n\nThe chief minister announced compensation for the "
        "families.\n\nFamilies of the abducted men staged a sit-in outside the Turbat press "
        "club on Thursday.",
    ],
)
def test_people_named_by_their_taking_report_no_new_taking(words, text):
    # the rules alone: the keep filter may drop such a draft, the rules must not make it
    found = [d for d in rule_drafts(text, words, PUBLISHED) if d.category == "abuse"]
    assert len(found) == 1 and "Tuesday" in found[0].passage, [d.to_json() for d in found]


@pytest.mark.parametrize(
    ("act", "kind"),
    [
        ("set fire to two trucks of a construction company", "arson_sabotage"),
        ("burnt down a mobile tower", "arson_sabotage"),
        ("set a Levies checkpost on fire", "arson_sabotage"),
        ("blocked the M-8 highway for three hours", "road_blockade"),
        ("closed the highway to traffic for two hours", "road_blockade"),
        ("opened fire on an FC convoy", "armed_attack"),
        ("fired at a police van", "armed_attack"),
        ("gunned down two informers", "targeted_killing"),
    ],
)
def test_bare_fighters_acts_in_a_relayed_statement_are_claims(words, act, kind):
    text = (
        "The BLF, in a statement sent to the media, claimed responsibility for several attacks "
        f"in Kech.\n\nOn 2 October, fighters {act} near Hoshab."
    )
    claims = [d for d in drafts_of(text, words, "claim") if "Hoshab" in d.passage]
    assert [(d.type, d.group, d.date) for d in claims] == [(kind, "BLF", "2025-10-02")]


def test_a_force_firing_on_people_and_killing_them_is_a_killing(words):
    text = (
        "FC personnel fired at a car near Tump on Monday, killing two brothers, their family said."
    )
    found = drafts_of(text, words, "abuse")
    assert [(d.type, d.perpetrator_code) for d in found] == [("extrajudicial_killing", "FC")]


def test_a_force_firing_and_killing_militants_is_its_own_account_not_an_abuse(words):
    text = (
        "Security forces opened fire on a hideout near Kahan on Monday, killing four "
        "terrorists, officials said."
    )
    assert drafts_of(text, words, "abuse") == []
