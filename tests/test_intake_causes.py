"""Intake rules added for the sixth held-out set's kinds of miss, each on sentences of our own
wording: tallies inside a monitor's report, strikes from the air, casualties told apart from the
attack, an official "encounter" disputed, acts claimed with no verb of claiming, undated acts and
Urdu relative days."""

from __future__ import annotations

from datetime import date

import pytest

from archive.reference import vocabulary
from intake.dates import find_dates
from intake.suggest import suggest_drafts

THURSDAY = date(2026, 3, 5)


@pytest.fixture
def words(db):
    """The reference data of a fresh archive, as intake reads it."""
    return vocabulary(db)


def drafts_of(text, words, category=None):
    return [d for d in suggest_drafts(text, words, THURSDAY) if category in (None, d.category)]


def only(text, words, category=None):
    found = drafts_of(text, words, category)
    assert len(found) == 1, [d.to_json() for d in found]
    return found[0]


def figures(draft):
    return {(f.kind, f.count, f.qualifier) for f in draft.figures}


# --- a monitor's tallies ------------------------------------------------------------------


def test_counts_listed_in_a_monitors_report_are_entries_of_their_own(words):
    text = (
        "A rights group said in its monthly report that 30 people were forcibly disappeared by "
        "security forces in Balochistan in February 2026.\n\n"
        "The report also documents seven extrajudicial killings during the month. It further "
        "records four cases of torture."
    )
    found = drafts_of(text, words, "abuse")
    by_type = {d.type: d for d in found}
    killing, torture = by_type["extrajudicial_killing"], by_type["torture"]
    assert figures(killing) == {("killed", 7, "exact")}
    assert figures(torture) == {("victims", 4, "exact")}
    # "during the month", "it further records": the period of the count told before
    assert (killing.date, killing.date_precision) == ("2026-02", "month")
    assert (torture.date, torture.date_precision) == ("2026-02", "month")


def test_abuses_named_without_a_count_or_a_verb_of_recording_stay_no_entry(words):
    text = "Torture and extrajudicial killings have no place in a democracy."
    assert drafts_of(text, words) == []


# --- strikes from the air, casualties apart from the attack --------------------------------


def test_a_drone_dropping_munitions_on_a_house_is_an_attack_on_civilians(words):
    text = (
        "Villagers near Kahan said a quadcopter dropped explosives on a house in Kohlu on "
        "Tuesday, killing a man and two children. Elders blamed the security forces for the "
        "strike."
    )
    draft = only(text, words, "abuse")
    assert draft.type == "indiscriminate_attack"
    assert draft.perpetrator_code == "Security-forces"
    # counts of one kind listed together are one count
    assert figures(draft) == {("killed", 3, "exact")}


def test_the_injured_who_die_later_add_to_the_dead(words):
    text = (
        "At least nine people were wounded when a grenade exploded in a market in Kharan on "
        "Wednesday.\n\nPolice said no group had claimed it. The injured were taken to hospital, "
        "where one of them, a porter, died during the night, doctors said."
    )
    draft = only(text, words, "abuse")
    assert figures(draft) == {("injured", 9, "at_least"), ("killed", 1, "exact")}
    assert "died during the night" in draft.passage


def test_civilians_killed_when_a_device_went_off_are_an_attack_on_civilians(words):
    text = "Two shopkeepers were killed when an explosive device went off in Kharan on Monday."
    draft = only(text, words, "abuse")
    assert draft.type == "indiscriminate_attack"
    assert figures(draft) == {("killed", 2, "exact")}


def test_a_count_followed_by_who_they_were_keeps_its_verb(words):
    text = (
        "Four civilians, a man and his three sons, were killed when mortar shells hit their home "
        "in Kohlu on Monday."
    )
    assert ("killed", 4, "exact") in figures(only(text, words, "abuse"))


def test_gunships_named_by_their_force_pounding_villages_are_an_attack_on_civilians(words):
    text = "Residents said helicopter gunships of the Pakistan Army pounded villages in Awaran."
    draft = only(text, words, "abuse")
    assert (draft.type, draft.perpetrator_code) == ("indiscriminate_attack", "Pakistan-Army")


def test_families_leaving_their_area_for_elsewhere_are_displaced(words):
    text = "On Tuesday, dozens of families left Pir Koh and nearby villages for Sui, elders said."
    assert only(text, words, "abuse").type == "forced_displacement"


def test_families_leaving_a_protest_camp_are_not_displaced(words):
    text = "The families left the camp for Quetta after officials promised to trace their sons."
    assert drafts_of(text, words) == []


# --- an official "encounter" ------------------------------------------------------------


def test_an_encounter_disputed_by_custody_is_an_extrajudicial_killing_by_that_force(words):
    text = (
        "Three men described by the CTD as militants were killed in what the department called "
        "an exchange of fire near Mastung on Sunday. Their relatives say the men had been in CTD "
        "custody for a month.\n\nThe father of one of the dead said he had been taken from a "
        "shop in Quetta on February 2."
    )
    found = drafts_of(text, words, "abuse")
    killing = next(d for d in found if d.type == "extrajudicial_killing")
    taking = next(d for d in found if d.type == "enforced_disappearance")
    assert killing.perpetrator_code == "CTD" and figures(killing) == {("killed", 3, "exact")}
    assert taking.perpetrator_code == "CTD"


def test_an_encounter_nobody_disputes_makes_no_entry(words):
    text = "The CTD said three militants were killed in an exchange of fire near Mastung on Sunday."
    assert drafts_of(text, words, "abuse") == []


# --- people taken ------------------------------------------------------------------------


def test_people_held_where_the_family_is_not_told_are_disappeared(words):
    text = (
        "An elder said 12 men from his village in Awaran had been detained during a raid on "
        "Monday and that their families had not been told where they were held."
    )
    draft = only(text, words, "abuse")
    assert draft.type == "enforced_disappearance"
    assert figures(draft) == {("missing", 12, "exact")}


def test_people_taken_in_raids_on_a_day_are_taken(words):
    text = "Two brothers from Kharan were taken on Sunday in a raid on their home, relatives said."
    assert only(text, words, "abuse").type == "enforced_disappearance"


def test_people_taken_to_hospital_are_not_taken(words):
    text = "Two labourers were taken to hospital in Kharan on Sunday after a road accident."
    assert drafts_of(text, words) == []


def test_releasing_those_held_is_a_demand_not_a_detention(words):
    text = "Peace would begin by releasing those held without charge in Turbat."
    assert drafts_of(text, words) == []


# --- claims ------------------------------------------------------------------------------


def test_an_act_told_first_is_what_the_group_later_says_it_carried_out(words):
    text = (
        "A man described by the BLA as an informer was gunned down in Kalat on Tuesday. The "
        "BLA later said it had carried out the killing."
    )
    draft = only(text, words, "claim")
    assert (draft.group, draft.type, draft.district) == ("BLA", "targeted_killing", "Kalat")
    assert draft.date == "2026-03-03"
    assert draft.passage.startswith("A man described by the BLA")


def test_a_post_taken_over_is_a_captured_post(words):
    text = "The BLF said its fighters had taken over a Levies post in Awaran on Monday."
    assert only(text, words, "claim").type == "post_capture"


def test_an_act_with_the_spokesman_speaking_after_it_is_the_groups_claim(words):
    text = (
        "The BLA said its fighters attacked an army camp in Kech on Monday.\n\n"
        "The following day, fighters blocked the N-25 highway near Surab for three hours, the "
        "spokesman said."
    )
    found = drafts_of(text, words, "claim")
    blockade = next(d for d in found if d.type == "road_blockade")
    assert (blockade.group, blockade.date) == ("BLA", "2026-03-03")


def test_a_statement_detailing_operations_with_no_place_is_not_a_claim_of_its_own(words):
    text = (
        "The BRAS issued a joint statement on Wednesday through its spokesman, detailing "
        "operations carried out by its fighters this week.\n\nAccording to the statement, BRAS "
        "fighters took control of a Levies post in Besima, Washuk district, on Tuesday."
    )
    draft = only(text, words, "claim")
    assert (draft.type, draft.district, draft.date) == ("post_capture", "Washuk", "2026-03-03")


def test_a_statements_acts_told_in_the_passive_and_on_the_same_day_are_claims_of_their_own(words):
    text = (
        "The BLF, in a statement issued to the media, accepted responsibility for attacks in "
        "Kech and Panjgur during the past week.\n\n"
        "The spokesman said that on 2 March our fighters attacked an army camp in Tump. On 3 "
        "March, the gas pipeline near Gichk in Panjgur was blown up with explosives.\n\n"
        "He said that on the same day the fighters blocked the M-8 road for two hours."
    )
    found = drafts_of(text, words, "claim")
    assert [d.group for d in found] == ["BLF", "BLF", "BLF"]
    assert "blown up" in found[1].passage and found[1].date == "2026-03-03"
    assert (found[2].type, found[2].date) == ("road_blockade", "2026-03-03")


# --- dates -------------------------------------------------------------------------------


def test_a_claim_the_text_does_not_date_is_undated(words):
    draft = only("The BLF said its fighters attacked a camp in Panjgur.", words, "claim")
    assert (draft.date, draft.date_precision) == (None, "unknown")


@pytest.mark.parametrize(
    ("words_used", "expected"),
    [
        ("گزشتہ روز تربت میں دھماکہ ہوا", "2026-03-04"),
        ("گزشتہ شب دو نوجوانوں کو اٹھا لیا گیا", "2026-03-04"),
        ("کل رات فائرنگ ہوئی", "2026-03-04"),
        ("پرسوں لاش ملی", "2026-03-03"),
        ("آج صبح لاش ملی", "2026-03-05"),
    ],
)
def test_urdu_relative_days_count_from_publication(words_used, expected):
    assert [d.date for d in find_dates(words_used, THURSDAY)] == [expected]


@pytest.mark.parametrize("words_used", ["لاپتہ افراد کی کل تعداد پچاس ہے", "آج کل حالات خراب ہیں"])
def test_urdu_total_and_nowadays_are_not_days(words_used):
    assert find_dates(words_used, THURSDAY) == []


def test_an_urdu_passive_taking_is_a_disappearance(words):
    text = "مستونگ سے گزشتہ شب دو نوجوانوں کو ان کے گھر سے اٹھا لیا گیا۔"
    draft = only(text, words, "abuse")
    assert draft.type == "enforced_disappearance"
    assert (draft.district, draft.date) == ("Mastung", "2026-03-04")


@pytest.mark.parametrize(
    ("words_used", "expected"),
    [("گزشتہ سال نومبر میں", "2025-11"), ("جون میں", "2025-06"), ("مارچ 2024 میں", "2024-03")],
)
def test_an_urdu_month_with_no_day_is_that_month(words_used, expected):
    assert [(d.date, d.precision) for d in find_dates(words_used, THURSDAY)] == [
        (expected, "month")
    ]


def test_an_urdu_bombing_told_by_the_groups_spokesman_is_its_claim(words):
    text = (
        "بلوچستان لبریشن فرنٹ نے پنجگور میں حملے کی ذمہ داری قبول کر لی ہے۔\n\n"
        "ترجمان کے مطابق اتوار کی رات ریموٹ کنٹرول بم سے فورسز کی ایک گاڑی کو نشانہ بنایا گیا۔"
    )
    found = drafts_of(text, words, "claim")
    bombing = next(d for d in found if d.type == "bombing")
    assert (bombing.group, bombing.date) == ("BLF", "2026-03-01")
