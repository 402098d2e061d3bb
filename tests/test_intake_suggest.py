"""Suggested entries: each rule on sentences of our own, and the 2025-09-07 seed's nine drafts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from archive.reference import vocabulary
from intake.suggest import suggest_drafts

SEED = (
    Path(__file__).resolve().parent.parent
    / "bench/intake_eval/dev/01-seed-bla-blf-mastung-mand.json"
)
MONDAY = date(2025, 3, 10)


@pytest.fixture
def words(db):
    """The reference data of a fresh archive, as intake reads it."""
    return vocabulary(db)


def only(drafts, category=None):
    found = [d for d in drafts if category in (None, d.category)]
    assert len(found) == 1, [d.to_json() for d in drafts]
    return found[0]


def test_a_group_named_by_its_alias_claiming_an_attack_is_a_claim(words):
    text = "The Balochistan Liberation Army said its fighters ambushed an FC convoy near Hoshab."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.category, draft.type, draft.group) == ("claim", "armed_attack", "BLA")
    assert draft.group_name == "Baloch Liberation Army"
    assert draft.district == "Kech" and draft.province == "Balochistan"
    assert "Hoshab" in draft.reasons["district"] and "Kech" in draft.reasons["district"]


def test_a_claim_the_text_does_not_date_is_undated_not_the_day_it_was_published(words):
    # EVALSET convention: an act told with no day, month or year is undated
    draft = only(suggest_drafts("The BLF claimed a rocket attack on a camp in Panjgur.", words,
                                MONDAY))  # fmt: skip
    assert (draft.date, draft.date_precision) == (None, "unknown")
    assert "publication" in draft.reasons["date"]


def test_an_undated_claim_still_takes_the_dateline_district(words):
    text = "TURBAT: The BLF said its fighters attacked a camp of the army."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.district, draft.date_precision) == ("Kech", "unknown")


@pytest.mark.parametrize(
    ("words_used", "expected"),
    [
        ("on Saturday", ("2025-03-08", None, "day")),
        ("last week", ("2025-03-03", "2025-03-09", "range")),
        ("in late January 2014", ("2014-01", None, "month")),
        ("between 13 and 15 August", ("2024-08-13", "2024-08-15", "range")),
        ("on the night of 2 March", ("2025-03-02", None, "day")),
        ("in 2019", ("2019", None, "year")),
        ("over the years", (None, None, "unknown")),
    ],
)
def test_dates_are_read_against_the_publication_date(words, words_used, expected):
    text = (
        f"Three labourers were abducted by Levies personnel in Tump {words_used}, relatives said."
    )
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.date, draft.date_end, draft.date_precision) == expected


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        (
            "More than twenty villagers were detained by the FC in Jhao.",
            ("detained", 20, "at_least"),
        ),
        ("About 40 students were arrested by police in Turbat.", ("detained", 40, "approximately")),
        ("The bodies of seven men were found dumped near Mashkay.", ("killed", 7, "exact")),
        ("A shopkeeper was picked up by CTD personnel in Uthal.", ("missing", 1, "exact")),
    ],
)
def test_figures_keep_their_qualifier_and_what_is_counted(words, sentence, figure):
    draft = only(suggest_drafts(sentence, words, MONDAY))
    assert [f.key() for f in draft.figures] == [figure]


def test_the_perpetrator_is_who_acted_not_who_spoke(words):
    text = (
        "Police said a teacher was picked up from his school in Nal by men in plain clothes "
        "accompanied by Frontier Corps personnel."
    )
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.type, draft.perpetrator_code, draft.district) == (
        "enforced_disappearance", "FC", "Khuzdar")  # fmt: skip


def test_an_unlisted_perpetrator_is_kept_in_the_texts_words(words):
    text = "A student was taken away by masked gunmen from a hostel in Bela on Sunday."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert draft.perpetrator == "masked gunmen" and draft.perpetrator_code is None


def test_a_road_named_after_a_district_is_not_in_that_district(words):
    text = "The BRA claimed it blocked the Quetta-Sibi highway near Bibi Nani on Sunday."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert draft.type == "road_blockade" and draft.district is None


def test_sentences_about_one_event_make_one_draft(words):
    text = (
        "A lawyer was abducted from his chamber in Hub on Friday, his colleagues said. "
        "They said the men who took him were in plain clothes."
    )
    draft = only(suggest_drafts(text, words, MONDAY))
    assert draft.passage == text
    assert (draft.passage_start, draft.passage_end) == (0, len(text))


def test_a_claim_and_the_civilians_it_harmed_are_two_linked_drafts(words):
    text = (
        "Five passengers were killed when a bomb went off near a bus in Dalbandin on Sunday, "
        "officials said. The BLF claimed responsibility for the attack."
    )
    drafts = suggest_drafts(text, words, MONDAY)
    abuse, claim = only(drafts, "abuse"), only(drafts, "claim")
    assert (abuse.type, claim.type) == ("indiscriminate_attack", "bombing")
    assert drafts[abuse.linked_to] is claim and drafts[claim.linked_to] is abuse
    assert abuse.perpetrator_code == "BLF" and claim.district == "Chagai"
    assert [f.key() for f in abuse.figures] == [("killed", 5, "exact")]
    assert abuse.figures[0].given_by == "official"


def test_a_denial_and_a_demand_make_no_draft(words):
    text = (
        "The BLA denied any role in the attack. The committee demanded the release of all "
        "those detained. Officials said no one is picked up without reason."
    )
    assert suggest_drafts(text, words, MONDAY) == []


def test_an_article_with_no_event_makes_no_draft(words):
    text = "Gwadar port handled more cargo in March, officials said. Traders in Turbat welcomed it."
    assert suggest_drafts(text, words, MONDAY) == []


def test_urdu_text_makes_drafts_where_the_reference_data_allows(words):
    text = "بلوچ لبریشن آرمی نے حملے کی ذمہ داری قبول کر لی ہے۔"
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.category, draft.group) == ("claim", "BLA")


def test_urdu_text_the_reference_data_does_not_cover_makes_none(words):
    assert suggest_drafts("آج کوئٹہ میں موسم خوشگوار رہا۔", words, MONDAY) == []


def test_the_seed_article_gives_its_nine_drafts(words):
    article = json.loads(SEED.read_text(encoding="utf-8"))
    drafts = suggest_drafts(article["text"], words, date.fromisoformat(article["published"]))
    got = sorted((d.category, d.type, d.group or d.perpetrator_code, d.district) for d in drafts)
    assert got == sorted(
        (e["category"], e["type"], e["group"] or e["perpetrator"], e["district"])
        for e in article["entries"]
    )
    ambush = next(d for d in drafts if "Koh Pusht Giab" in d.passage)
    assert (ambush.date, ambush.date_end, ambush.date_precision) == (
        "2025-08-13", "2025-08-15", "range")  # fmt: skip
    shelling = next(d for d in drafts if d.type == "indiscriminate_attack")
    assert drafts[shelling.linked_to].type == "clash" and shelling.date == "2025-09-03"
    for draft in drafts:
        assert article["text"][draft.passage_start : draft.passage_end] == draft.passage


def test_drafts_are_the_same_each_time_and_plain_json(words):
    article = json.loads(SEED.read_text(encoding="utf-8"))
    first = [d.to_json() for d in suggest_drafts(article["text"], words, date(2025, 9, 7))]
    again = [d.to_json() for d in suggest_drafts(article["text"], words, date(2025, 9, 7))]
    assert first == again
    assert json.loads(json.dumps(first)) == first


def test_a_body_found_is_dated_by_the_finding_not_by_the_disappearance(words):
    text = "The body of a teacher, who went missing in 2023, was found in Kharan on Friday."
    drafts = suggest_drafts(text, words, MONDAY)
    killing = next(d for d in drafts if d.type == "extrajudicial_killing")
    assert (killing.date, killing.district) == ("2025-03-07", "Kharan")


def test_a_dateline_places_a_draft_the_text_does_not(words):
    text = "TURBAT: A shopkeeper was picked up by FC personnel from his home on Sunday night."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert draft.district == "Kech" and "dateline" in draft.reasons["district"]


@pytest.mark.parametrize(
    ("sentence", "abuse_type"),
    [
        ("A tailor was dragged off a coach near Hoshab by plain-clothes men on Sunday, his son "
         "said.",
         "enforced_disappearance"),
        ("The fate of a schoolteacher seized in Nal in 2023 remains unknown, his wife said.",
         "enforced_disappearance"),
        ("A shepherd was held by the Levies in Kharan for a month without charge.",
         "arbitrary_detention"),
        ("A student said he was kicked and punched at a camp in Turbat in 2024.", "torture"),
        ("Villagers said eleven bodies were found in an unmarked grave near Tump in 2020.",
         "mass_grave"),
        ("Residents said gunships fired on hamlets near Kahan on Sunday.",
         "indiscriminate_attack"),
        ("Some 60 families have since fled Gishkaur, elders said.", "forced_displacement"),
        ("A reporter in Panjgur said she was followed home by two men on Sunday.", "harassment"),
        ("کوئٹہ سے ایک نوجوان کی لاش برآمد ہوئی ہے۔", "extrajudicial_killing"),
    ],
)  # fmt: skip
def test_each_kind_of_abuse_is_read_in_other_words_too(words, sentence, abuse_type):
    assert only(suggest_drafts(sentence, words, MONDAY)).type == abuse_type


def test_a_group_distancing_itself_from_an_attack_makes_no_claim(words):
    text = "The BLF said it had no connection with the bombing of a bus in Kharan on Sunday."
    assert [d.category for d in suggest_drafts(text, words, MONDAY)] != ["claim"]


def test_sabotage_of_a_railway_line_is_sabotage_not_a_bombing(words):
    text = "The BRG said it blew up a long stretch of the railway track near Sibi on Sunday."
    assert only(suggest_drafts(text, words, MONDAY)).type == "arson_sabotage"


def test_a_call_for_action_is_not_a_report_unless_it_tells_what_happened(words):
    call = "Amnesty urged the authorities to stop torturing detainees held in Quetta."
    assert suggest_drafts(call, words, MONDAY) == []
    told = "The families demanded the return of two students who were picked up in Turbat."
    assert only(suggest_drafts(told, words, MONDAY)).type == "enforced_disappearance"


def test_a_force_that_reports_a_killing_is_not_its_perpetrator(words):
    text = "A trader was shot dead by two gunmen in Kharan on Sunday, according to police."
    assert all(d.perpetrator_code != "Police" for d in suggest_drafts(text, words, MONDAY))


def test_they_after_officials_speak_are_the_officials_not_the_group(words):
    text = (
        "The TTP said its fighters attacked a Levies post in Zhob on Sunday. Levies officials "
        "denied it. They said three policemen were wounded."
    )
    claim = only(suggest_drafts(text, words, MONDAY), "claim")
    assert claim.figures == [] and "three attackers" not in claim.passage


def test_urdu_district_names_come_from_the_reference_datas_spellings(words):
    text = "ضلع پنجگور کے علاقے پروم سے ایک نوجوان کو اغوا کر لیا گیا۔"
    assert only(suggest_drafts(text, words, MONDAY)).district == "Panjgur"


def test_the_town_of_a_press_club_is_not_where_the_event_happened(words):
    text = (
        "Speaking at the Quetta Press Club, relatives said a student from Kharan was picked up "
        "by CTD personnel on Sunday."
    )
    assert only(suggest_drafts(text, words, MONDAY)).district == "Kharan"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Forty men from Kharan were taken away by FC personnel from 2019 to 2022, relatives "
         "said.", ("2019", "2022", "range")),
        ("ضلع خاران سے ایک نوجوان کو دو ماہ قبل اغوا کیا گیا۔", ("2025-01", None, "month")),
        ("Police broke up a rally in Kharan on Saturday, when they arrested 20 students.",
         ("2025-03-08", None, "day")),
    ],
)  # fmt: skip
def test_more_ways_of_writing_a_date(words, text, expected):
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.date, draft.date_end, draft.date_precision) == expected


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("A six-year-old boy was killed when a mortar shell hit a house in Kahan on Sunday.",
         ("killed", 1, "exact")),
        ("The teacher's younger brother was arrested by police in Kharan on Sunday.",
         ("detained", 1, "exact")),
    ],
)  # fmt: skip
def test_one_person_named_by_age_or_kinship_is_counted(words, sentence, figure):
    draft = only(suggest_drafts(sentence, words, MONDAY))
    assert [f.key() for f in draft.figures] == [figure]


def test_a_forces_camp_is_where_people_were_held_not_a_count_nor_an_attacker(words):
    held = "Two drivers said they were beaten at a Levies post near Nal in 2024."
    draft = only(suggest_drafts(held, words, MONDAY))
    assert draft.perpetrator_code == "Levies" and [f.count for f in draft.figures] == [2]
    struck = "A shell hit a house near an FC camp in Kahan on Sunday, killing two children."
    assert only(suggest_drafts(struck, words, MONDAY)).perpetrator_code is None


def test_one_of_those_detained_is_one_of_the_same_people(words):
    text = (
        "Police arrested 40 students in Hub on Sunday. One of those detained, a class "
        "representative, said he was slapped in the lock-up."
    )
    drafts = suggest_drafts(text, words, MONDAY)
    assert sorted(d.type for d in drafts) == ["arbitrary_detention", "torture"]


def test_a_claim_of_the_attack_told_before_takes_its_day_and_place(words):
    text = (
        "Two policemen were wounded when a bomb went off near a Levies post in Nal on Saturday. "
        "\n\nThe BLF later said its fighters had carried out the explosion."
    )
    claim = only(suggest_drafts(text, words, MONDAY), "claim")
    assert (claim.type, claim.date, claim.district) == ("bombing", "2025-03-08", "Khuzdar")


def test_a_claim_dated_later_in_the_statement_is_one_claim_dated_then(words):
    text = (
        "The BLA claimed an attack on an FC post in Kharan. Its spokesman said the attack took "
        "place on Saturday night and that two soldiers were killed."
    )
    claim = only(suggest_drafts(text, words, MONDAY), "claim")
    assert (claim.date, [f.count for f in claim.figures]) == ("2025-03-08", [2])


def test_a_later_abuse_of_the_same_story_keeps_its_district_and_evening(words):
    text = (
        "Police arrested twelve traders in Kharan on Saturday.\n\nA shopkeeper who filmed "
        "the arrests was threatened by men on a motorbike the same evening."
    )
    harassed = next(d for d in suggest_drafts(text, words, MONDAY) if d.type == "harassment")
    assert (harassed.district, harassed.date) == ("Kharan", "2025-03-08")


def test_a_separate_case_takes_nothing_from_the_one_before(words):
    text = (
        "Police arrested twelve traders in Kharan on Saturday. In a separate incident, a "
        "teacher was picked up by men in plain clothes."
    )
    taken = next(d for d in suggest_drafts(text, words, MONDAY) if d.type != "arbitrary_detention")
    assert taken.district is None


def test_people_who_have_since_fled_fled_the_abuse_told_before(words):
    text = (
        "Villagers said army troops shelled houses in Gishkaur on Saturday. About 40 families "
        "have since left their villages, elders said."
    )
    fled = next(d for d in suggest_drafts(text, words, MONDAY) if d.type == "forced_displacement")
    assert (fled.perpetrator_code, fled.date, fled.date_end) == (
        "Security-forces", "2025-03-08", "2025-03-10")  # fmt: skip


def test_a_body_is_laid_at_the_door_of_those_who_took_that_man(words):
    text = (
        "Two tailors were taken away by CTD personnel in Hub in January, their families said."
        "\n\nThe body of a driver was found in Kharan on Sunday. His father said he had been "
        "picked up by FC personnel in 2024."
    )
    body = next(d for d in suggest_drafts(text, words, MONDAY) if d.type == "extrajudicial_killing")
    assert body.perpetrator_code == "FC"


def test_an_accused_force_the_reference_data_lacks_is_kept_in_words(words):
    text = (
        "Three boatmen went missing in Jiwani on Sunday, their families said, accusing the "
        "Maritime Security Agency of holding them."
    )
    assert only(suggest_drafts(text, words, MONDAY)).perpetrator == "Maritime Security Agency"


def test_many_found_since_a_month_is_a_range_to_publication(words):
    text = "Activists said at least 14 bodies had been found in Kech district since January."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.date, draft.date_end, draft.date_precision) == ("2025-01", "2025-03", "range")


def test_an_urdu_force_that_reports_is_not_the_perpetrator(words):
    text = "پولیس کے مطابق ضلع خاران سے ایک نوجوان کی لاش برآمد ہوئی ہے۔"
    assert only(suggest_drafts(text, words, MONDAY)).perpetrator_code is None


# --- wordings of regional news: counts, disappearances, dates, people told before ----------


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Dozens of traders were arrested by police in Chaman on Sunday.", ("detained", 24,
                                                                             "at_least")),
        ("Scores of villagers were rounded up by the FC in Mashkay.", ("detained", 40, "at_least")),
        ("Dozens of fishermen were abducted by men in plain clothes off Jiwani.", ("missing", 24,
                                                                              "at_least")),
        ("Half a dozen herders were picked up by the FC near Sui.", ("missing", 6, "exact")),
        ("The body of a young electrician was recovered from a ditch in Hub.", ("killed", 1,
                                                                                "exact")),
        ("A college lecturer was taken away by CTD personnel in Kalat.", ("missing", 1, "exact")),
    ],
)  # fmt: skip
def test_counts_written_without_a_digit(words, sentence, figure):
    draft = only(suggest_drafts(sentence, words, MONDAY))
    assert [f.key() for f in draft.figures] == [figure]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ghulam Nabi, a tailor, has not been seen since he was stopped by the FC in Nal.",
        "Two shopkeepers of Dasht were driven away by FC personnel and remain untraced.",
        "The youth vanished after the Levies stopped his motorcycle in Surab, his uncle said.",
        "A teacher was forced into a double-cabin vehicle by men in plain clothes in Hoshab.",
        "His family says there has been no trace of him since CTD personnel came to the house.",
    ],
)
def test_disappearances_in_other_words(words, sentence):
    draft = only(suggest_drafts(sentence, words, MONDAY))
    assert draft.type == "enforced_disappearance"


def test_held_and_missing_since_is_a_disappearance_not_a_detention(words):
    text = (
        "A driver was arrested by the Levies at a checkpoint in Washuk on 2 March and has been "
        "missing ever since, his wife said."
    )
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.type, draft.perpetrator_code) == ("enforced_disappearance", "Levies")
    assert [f.key() for f in draft.figures] == [("missing", 1, "exact")]


def test_a_detention_told_later_as_a_disappearance_becomes_one(words):
    text = (
        "A student was detained by the FC in Turbat on 3 March. "
        "His whereabouts remain unknown, his father told journalists."
    )
    draft = only(suggest_drafts(text, words, MONDAY))
    assert draft.type == "enforced_disappearance"
    assert "held, then" in draft.reasons["type"]


def test_took_into_custody_is_a_detention(words):
    text = "FC personnel took eleven labourers into custody at a brick kiln in Dera Murad Jamali."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.type, draft.perpetrator_code) == ("arbitrary_detention", "FC")
    assert [f.key() for f in draft.figures] == [("detained", 11, "exact")]


def test_arrests_at_a_protest_take_the_protests_day(words):
    text = "Police arrested 14 women at a sit-in outside the press club in Gwadar on Saturday."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.date, draft.date_precision) == ("2025-03-08", "day")


def test_a_date_in_a_relative_clause_is_not_the_events(words):
    text = (
        "The body of a driver, who relatives say was picked up by CTD personnel three weeks "
        "ago, was found in Mastung on Saturday, police said."
    )
    drafts = suggest_drafts(text, words, MONDAY)
    killing = next(d for d in drafts if d.type == "extrajudicial_killing")
    assert (killing.date, killing.date_precision) == ("2025-03-08", "day")
    assert all(d.attributed_to != "who relatives" for d in drafts)


def test_some_of_those_released_are_the_people_detained_before(words):
    text = (
        "FC personnel detained 20 students in Khuzdar on Thursday.\n\n"
        "Most of them were freed by the evening.\n\n"
        "Two of the freed students said they had been beaten with rifle butts."
    )
    drafts = suggest_drafts(text, words, MONDAY)
    torture = next(d for d in drafts if d.type == "torture")
    assert (torture.date, torture.district) == ("2025-03-06", "Khuzdar")


def test_what_was_done_during_the_raid_happened_that_day(words):
    text = (
        "Police raided a house in Turbat on Friday and arrested three brothers.\n\n"
        "A neighbour who filmed it during the raid said policemen threatened him and "
        "confiscated his phone."
    )
    drafts = suggest_drafts(text, words, MONDAY)
    harassment = next(d for d in drafts if d.type == "harassment")
    assert (harassment.date, harassment.district) == ("2025-03-07", "Kech")


def test_one_person_told_by_name_is_a_count_of_one(words):
    text = (
        "Levies personnel picked up Shahzad Baloch from a tea stall in Panjgur on Friday; he "
        "has not been heard from since, his cousin told reporters."
    )
    draft = only(suggest_drafts(text, words, MONDAY))
    assert [f.key() for f in draft.figures] == [("missing", 1, "exact")]
    assert draft.attributed_to == "his cousin"


def test_the_speaker_of_the_sentence_not_of_an_aside(words):
    text = (
        "The body of a shepherd, who his brothers say was abducted by armed men, was found "
        "near Kohlu on Sunday, according to a Levies official."
    )
    killing = next(d for d in suggest_drafts(text, words, MONDAY) if d.type ==
                   "extrajudicial_killing")  # fmt: skip
    assert killing.attributed_to == "a Levies official"
    assert (killing.date, killing.date_precision) == ("2025-03-09", "day")


@pytest.mark.parametrize(
    ("words_used", "expected"),
    [
        ("on 04/03", ("2025-03-04", None, "day")),
        ("on 28.02.2025", ("2025-02-28", None, "day")),
        ("in November last year", ("2024-11", None, "month")),
        ("a fortnight ago", ("2025-02-24", None, "day")),
        ("ten days back", ("2025-02-28", None, "day")),
        ("over the weekend", ("2025-03-08", "2025-03-09", "range")),
        ("on the 6th", ("2025-03-06", None, "day")),
    ],
)
def test_dates_in_figures_fortnights_and_weekends(words, words_used, expected):
    text = f"Four tribesmen were detained by Levies personnel in Sui {words_used}, elders said."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.date, draft.date_end, draft.date_precision) == expected


def test_a_score_or_case_number_is_not_a_date(words):
    text = "A boy was picked up by the FC in Nal after a 3-1 match, FIR 12/2024 says."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert draft.date is None


def test_a_district_spelled_another_way_in_the_dateline(words):
    text = "QALAT: Two herders were abducted by armed men on Sunday, their relatives said."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert draft.district == "Kalat"


@pytest.mark.parametrize(
    ("text", "doer", "district", "day"),
    [
        (
            "Levies personnel raided a hamlet near Nal on Thursday. The men took away two "
            "brothers, according to their mother.",
            "Levies", "Khuzdar", "2025-03-06",
        ),
        (
            "CTD personnel surrounded a house in Pishin before dawn on Sunday. They dragged "
            "a student out and drove off with him, neighbours said.",
            "CTD", "Pishin", "2025-03-09",
        ),
        (
            "FC troops cordoned off Tump on Saturday. Villagers said five men were picked up "
            "by the troops and have not returned.",
            "FC", "Kech", "2025-03-08",
        ),
    ],
)  # fmt: skip
def test_doers_named_in_the_sentence_before(words, text, doer, district, day):
    draft = only(suggest_drafts(text, words, MONDAY))
    assert draft.type == "enforced_disappearance"
    assert (draft.perpetrator_code, draft.district, draft.date) == (doer, district, day)
    assert "refers back" in draft.reasons["perpetrator"]


@pytest.mark.parametrize(
    ("text", "group", "code"),
    [
        ("The BLF owned the attack on a Levies post in Washuk on Sunday.", "BLF", "armed_attack"),
        ("The BRA accepted responsibility for blowing up a gas pipeline in Sui.", "BRA",
         "arson_sabotage"),
        ("The TTP took credit for the ambush on a police van in Zhob, saying its men had killed "
         "two policemen.", "TTP", "armed_attack"),
        ("BLA spokesman Jeeyand Baloch said the group's fighters stormed an FC camp in Kalat.",
         "BLA", "armed_attack"),
        ("The BLF said it was behind the grenade attack on a shop in Turbat.", "BLF",
         "grenade_attack"),
        ("The BLA has admitted carrying out the attack on a train near Sibi.", "BLA",
         "armed_attack"),
        ("A video released by the BLA shows its fighters setting fire to trucks near Ormara.",
         "BLA", "arson_sabotage"),
        ("The BRAS said its fighters had seized a Levies checkpost near Dalbandin.", "BRAS",
         "post_capture"),
    ],
)  # fmt: skip
def test_claims_in_other_words(words, text, group, code):
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.category, draft.group, draft.type) == ("claim", group, code)


@pytest.mark.parametrize(
    "text",
    [
        "In this column I argue that enforced disappearances by the FC have poisoned our politics.",
        "The FC spokesman dismissed reports that students had been detained in Turbat as "
        "propaganda.",
        "Police denied allegations that two shopkeepers were tortured in custody in Hub.",
        "The BLA said it has never targeted civilians and blamed state-backed gangs for the blast.",
    ],
)
def test_opinion_and_denials_make_no_draft(words, text):
    assert suggest_drafts(text, words, MONDAY) == []


def test_people_taken_by_armed_men_not_tied_to_the_state_are_hostages(words):
    text = "Unidentified gunmen abducted four road workers from a camp in Kohlu on Sunday."
    draft = only(suggest_drafts(text, words, MONDAY))
    # unnamed: no perpetrator (bench/intake_eval README), the words stay in the passage
    assert (draft.type, draft.perpetrator) == ("other", None)
    assert [f.key() for f in draft.figures] == [("hostages", 4, "exact")]
    assert "not a state force" in draft.reasons["type"]


def test_officials_of_a_place_who_speak_did_not_do_it(words):
    text = "Levies officials in Washuk said armed men had abducted two teachers on Friday."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert draft.perpetrator_code is None and draft.perpetrator == "armed men"


def test_a_count_with_an_aside_keeps_what_happened_to_them(words):
    text = (
        "Six villagers, among them a woman and two boys, were killed when mortar shells hit "
        "houses in Kahan on Sunday."
    )
    draft = only(suggest_drafts(text, words, MONDAY))
    assert draft.type == "indiscriminate_attack"
    assert ("killed", 6, "exact") in [f.key() for f in draft.figures]


def test_the_day_a_statement_arrived_does_not_split_the_claim(words):
    text = (
        "The BLF said its fighters ambushed an FC convoy near Hoshab on Saturday.\n\n"
        "In a statement received on Sunday, the BLF spokesman said the fighters had opened "
        "fire from the hills."
    )
    assert only(suggest_drafts(text, words, MONDAY)).date == "2025-03-08"


def test_officials_answering_a_claim_say_where_its_target_was(words):
    text = (
        "The BRAS said its fighters had attacked a Levies post on the highway. "
        "A Levies official in Nushki said the post had come under fire."
    )
    assert only(suggest_drafts(text, words, MONDAY)).district == "Nushki"


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        ("A mason was taken from his home in Nal by men in uniform on Sunday.", "Security-forces"),
        ("A poet was allegedly abducted by intelligence agencies in Kharan on Sunday.",
         "Intelligence-agencies"),
        ("Uniformed personnel picked up a shopkeeper in Surab on Sunday.", "Security-forces"),
    ],
)  # fmt: skip
def test_forces_described_not_named(words, text, doer):
    assert only(suggest_drafts(text, words, MONDAY)).perpetrator_code == doer


def test_a_tortured_body_is_a_killing_dated_by_its_finding(words):
    text = (
        "The tortured body of a herder who went missing last month was found near Wadh on Saturday."
    )
    drafts = suggest_drafts(text, words, MONDAY)
    assert "torture" not in [d.type for d in drafts]
    killing = next(d for d in drafts if d.type == "extrajudicial_killing")
    assert (killing.date, killing.date_precision) == ("2025-03-08", "day")


def test_a_man_and_his_son_are_two(words):
    text = "A man and his son were injured when the FC fired on houses in Kahan on Sunday."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert [f.key() for f in draft.figures] == [("injured", 2, "exact")]


def test_a_killing_the_force_claims_and_relatives_doubt(words):
    text = (
        "Police claimed to have killed three militants in a shootout near Sibi, but their "
        "families said all three had been in custody since January."
    )
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.type, draft.perpetrator_code) == ("extrajudicial_killing", "Police")


def test_arrests_outside_a_press_club_are_in_its_district(words):
    text = "Police detained 12 activists outside the Turbat press club on Sunday."
    assert only(suggest_drafts(text, words, MONDAY)).district == "Kech"


def test_beatings_of_those_at_a_rally_take_the_rallys_day(words):
    text = "Witnesses said police had beaten participants of a sit-in in Kharan on Saturday."
    assert only(suggest_drafts(text, words, MONDAY)).date == "2025-03-08"


def test_a_monthly_tally_across_the_province_has_no_district(words):
    text = (
        "TURBAT: More than 30 people were subjected to enforced disappearance across "
        "Balochistan in February, a rights group said.\n\n"
        "Most of them were picked up in Kech and Panjgur."
    )
    draft = next(d for d in suggest_drafts(text, words, MONDAY) if "30" in d.passage)
    assert draft.type == "enforced_disappearance" and draft.district is None
    assert [f.key() for f in draft.figures] == [("missing", 30, "at_least")]
    assert "province" in draft.reasons["district"]


def test_men_seized_in_a_raid_are_disappeared(words):
    text = "Three brothers were seized in a dawn raid on their home in Mand on Friday."
    assert only(suggest_drafts(text, words, MONDAY)).type == "enforced_disappearance"


def test_the_recovery_of_bodies_is_a_killing(words):
    text = "Levies reported the recovery, on Sunday, of the bodies of two youths near Dalbandin."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.type, draft.date) == ("extrajudicial_killing", "2025-03-09")
    assert [f.key() for f in draft.figures] == [("killed", 2, "exact")]


def test_urdu_held_and_no_trace_since_with_their_count(words):
    # Police took the two brothers into custody on Saturday; there has been no trace of them.
    text = "ہفتے کو پولیس نے دونوں بھائیوں کو حراست میں لیا اور تب سے ان کا کوئی سراغ نہیں ملا۔"
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.type, draft.perpetrator_code) == ("enforced_disappearance", "Police")
    assert [f.key() for f in draft.figures] == [("missing", 2, "exact")]


@pytest.mark.parametrize(
    ("text", "figure", "day"),
    [
        # At least 12 people have been disappeared from Kech this year.
        ("رواں سال کیچ سے کم از کم 12 افراد لاپتہ ہوئے ہیں۔", ("missing", 12, "at_least"),
         ("2025", "year")),
        # More than three soldiers were killed in an attack in Kalat last month (the BLA claims).
        ("بلوچ لبریشن آرمی نے گزشتہ ماہ قلات میں حملے کی ذمہ داری قبول کی جس میں تین سے زائد "
         "اہلکار مارے گئے۔", ("killed", 3, "at_least"), ("2025-02", "month")),
    ],
)  # fmt: skip
def test_urdu_qualifiers_and_relative_dates(words, text, figure, day):
    draft = only(suggest_drafts(text, words, MONDAY))
    assert [f.key() for f in draft.figures] == [figure]
    assert (draft.date, draft.date_precision) == day


def test_a_claim_made_the_next_day_takes_the_attacks_day(words):
    text = (
        "Gunmen attacked a Levies post in Surab on Saturday night.\n\n"
        "The BLA on Sunday claimed responsibility for the attack."
    )
    draft = only(suggest_drafts(text, words, MONDAY), "claim")
    assert (draft.date, draft.district) == ("2025-03-08", "Surab")


def test_suspects_the_police_say_they_arrested_make_no_draft(words):
    text = "Police said three suspects were arrested in Hub in connection with the blast."
    assert suggest_drafts(text, words, MONDAY) == []


def test_suspects_whose_families_say_they_are_innocent_are_a_draft(words):
    text = (
        "The CTD arrested four suspects in Mastung on Sunday; their families said the men "
        "were innocent labourers."
    )
    assert only(suggest_drafts(text, words, MONDAY)).type == "arbitrary_detention"


def test_miners_killed_by_gunmen_are_civilians_harmed(words):
    text = "Four miners were shot dead when gunmen attacked their camp in Marwar on Sunday."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert draft.type == "indiscriminate_attack"
    assert [f.key() for f in draft.figures] == [("killed", 4, "exact")]


def test_a_bomb_beside_a_force_vehicle_harmed_civilians_the_group_claims(words):
    text = (
        "Officials said a bomb went off near a passing Levies van in Kharan bazaar on Sunday, "
        "wounding two Levies men and five passers-by. The BLA claimed the bombing."
    )
    drafts = suggest_drafts(text, words, MONDAY)
    abuse, claim = only(drafts, "abuse"), only(drafts, "claim")
    assert abuse.perpetrator_code == "BLA" and drafts[abuse.linked_to] is claim
    assert [f.key() for f in abuse.figures] == [("injured", 5, "exact")]


def test_a_group_saying_it_took_people_holds_hostages(words):
    text = "The BLF said it had abducted three engineers of a road project near Gichk."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.type, draft.perpetrator_code) == ("other", "BLF")
    assert [f.key() for f in draft.figures] == [("hostages", 3, "exact")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The ambush was claimed by the BLF, which said its fighters killed two soldiers.", ""),
        ("A spokesman for the BLA, Jeeyand Baloch, said its fighters attacked a post in Kalat.",
         "Jeeyand Baloch"),
        ("The BRA, in a statement, said its men blew up a gas pipeline in Sui.", ""),
    ],
)  # fmt: skip
def test_who_said_it_is_a_name_not_a_clause(words, text, speaker):
    assert only(suggest_drafts(text, words, MONDAY)).attributed_to == speaker


def test_a_name_like_jan_is_not_january(words):
    text = "Dad Jan went missing after he was stopped at an FC checkpoint near Tump on 1 March."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.date, draft.date_precision) == ("2025-03-01", "day")
    assert [f.key() for f in draft.figures] == [("missing", 1, "exact")]


def test_cases_documented_between_months_not_yet_come_are_last_years(words):
    text = "The forum documented 40 cases of enforced disappearance in Awaran between May and July."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.date, draft.date_end, draft.date_precision) == ("2024-05", "2024-07", "range")
    assert [f.key() for f in draft.figures] == [("missing", 40, "exact")]


@pytest.mark.parametrize(
    ("text", "code", "doer"),
    [
        ("Protesting mothers were baton-charged by police in Sibi on Sunday.", "torture",
         "Police"),
        ("Her brother said Wasim was taken away at gunpoint by men of a state agency in Hub.",
         "enforced_disappearance", "Intelligence-agencies"),
    ],
)  # fmt: skip
def test_more_wordings_of_ill_treatment_and_of_who_took_them(words, text, code, doer):
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.type, draft.perpetrator_code) == (code, doer)


def test_a_body_named_is_one_person_killed(words):
    text = "The body of Karim Dad was found near Hoshab on Sunday, his brother said."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert [f.key() for f in draft.figures] == [("killed", 1, "exact")]


def test_a_later_clause_of_the_same_sentence_takes_its_day(words):
    text = (
        "Villagers said police detained 30 men in Sui on Saturday, and that some of them "
        "were beaten with sticks."
    )
    torture = next(d for d in suggest_drafts(text, words, MONDAY) if d.type == "torture")
    assert (torture.date, torture.perpetrator_code) == ("2025-03-08", "Police")


def test_a_group_claiming_the_killing_of_someone(words):
    text = "The BLA claimed the killing of a Levies officer in Kalat on Saturday."
    draft = only(suggest_drafts(text, words, MONDAY))
    assert (draft.category, draft.type, draft.group) == ("claim", "targeted_killing", "BLA")
    assert [f.key() for f in draft.figures] == [("killed", 1, "exact")]


def test_it_is_not_who_said_it(words):
    text = (
        "The BRA claimed responsibility for a blast on a gas pipeline near Sui, which it said "
        "was damaged beyond repair."
    )
    assert only(suggest_drafts(text, words, MONDAY)).attributed_to == "The BRA"
