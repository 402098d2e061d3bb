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


# --- claims -------------------------------------------------------------------------------


def test_the_group_is_still_the_speaker_after_an_official_answers_its_claim(words):
    text = (
        "The BLF said its fighters ambushed an FC patrol near Hoshab on Tuesday. A Levies "
        "official confirmed the ambush but denied any deaths. The same statement said the "
        "group's fighters had burnt a bulldozer of a road contractor in Tump on Wednesday."
    )
    claims = drafts_of(text, words, "claim")
    assert [(d.type, d.group) for d in claims] == [
        ("armed_attack", "BLF"), ("arson_sabotage", "BLF")]  # fmt: skip
    assert claims[1].date == "2025-03-12"


def test_a_pronoun_does_not_reach_back_over_an_officials_answer(words):
    text = (
        "The BLF said its fighters ambushed an FC patrol near Hoshab on Tuesday. Levies "
        "officials denied it. They said a bulldozer had been burnt in Tump on Wednesday."
    )
    claims = drafts_of(text, words, "claim")
    assert [d.type for d in claims] == ["armed_attack"]


def test_an_accusation_after_the_act_is_the_groups_reason_not_an_abuse_report(words):
    text = (
        "The TTP said its men gunned down a Levies constable in Zhob on Sunday, accusing him "
        "of harassing the families of its members."
    )
    draft = only(text, words)
    assert (draft.category, draft.type, draft.group) == ("claim", "targeted_killing", "TTP")


def test_a_group_accusing_forces_of_an_abuse_is_not_claiming_it(words):
    text = "The BLA accused the FC of abducting four shepherds in Kohlu on Sunday."
    assert drafts_of(text, words, "claim") == []


def test_the_same_night_dates_a_claim_by_the_claim_told_before(words):
    text = (
        "The BRA said its fighters attacked a Levies post in Sui on the night of 9 March. "
        "In another operation the same night, the statement said, fighters set fire to a "
        "gas company's vehicle near Pir Koh."
    )
    claims = drafts_of(text, words, "claim")
    assert [(d.type, d.date) for d in claims] == [
        ("armed_attack", "2025-03-09"), ("arson_sabotage", "2025-03-09")]  # fmt: skip


@pytest.mark.parametrize(
    "act",
    [
        "put up barricades on the Quetta-Karachi highway near Lakpass",
        "took control of the coastal highway near Ormara for two hours",
        "halted traffic on the main road near Kalat, checking the identity cards of travellers",
    ],
)
def test_holding_a_road_is_a_road_blockade(words, act):
    draft = only(f"The BLF said its fighters {act} on Saturday.", words)
    assert (draft.category, draft.type) == ("claim", "road_blockade")


def test_capturing_posts_beside_a_road_stays_a_capture(words):
    text = (
        "The BLA said its fighters took control of two Levies posts near Mangochar and blocked "
        "the highway for three hours."
    )
    assert only(text, words).type == "post_capture"


def test_an_act_of_another_kind_on_another_day_is_another_claim(words):
    text = (
        "The BLA said its fighters blew up a gas pipeline near Sui. In the same statement, the "
        "group said its fighters had halted traffic on the Sui-Kashmore road on Monday."
    )
    claims = drafts_of(text, words, "claim")
    assert [d.type for d in claims] == ["arson_sabotage", "road_blockade"]


def test_operations_in_several_districts_are_claimed_by_the_acts_told_next(words):
    text = (
        "The BLF said its fighters carried out operations in Kech and Awaran on Sunday. "
        "In Hoshab, the statement said, its fighters set fire to two trucks of a construction "
        "company."
    )
    claims = drafts_of(text, words, "claim")
    assert [(d.type, d.district, d.date) for d in claims] == [
        ("arson_sabotage", "Kech", "2025-03-09")]  # fmt: skip


def test_operations_in_several_districts_with_no_act_told_stay_one_claim(words):
    text = "The BLF said its fighters carried out attacks in Kech and Awaran on Sunday."
    draft = only(text, words)
    assert (draft.category, draft.group, draft.date) == ("claim", "BLF", "2025-03-09")


# --- abuse reports ------------------------------------------------------------------------


def test_reports_rejected_with_a_quoted_verdict_make_no_entry(words):
    text = (
        "The provincial government on Tuesday dismissed as 'fabricated propaganda' reports "
        "that the FC had picked up six students from a hostel in Turbat."
    )
    assert drafts_of(text, words) == []


def test_a_request_for_relief_is_not_a_report_of_displacement(words):
    text = (
        "Tribal elders asked the district administration to provide tents for the displaced "
        "families of Mashkay."
    )
    assert drafts_of(text, words) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A reporter in Pasni said he had been summoned twice by officials of an intelligence "
        "agency and warned over his coverage of the fishermen's protest.",
        "The house of a rights activist in Nushki was raided at night by masked men who "
        "ransacked her study.",
    ],
)
def test_summons_warnings_and_raided_homes_are_harassment(words, sentence):
    assert only(sentence, words).type == "harassment"


def test_a_raid_in_which_people_are_taken_is_the_taking_alone(words):
    text = (
        "CTD personnel raided the home of a lecturer in Turbat on Friday and took him away; "
        "he has not been seen since."
    )
    assert only(text, words).type == "enforced_disappearance"


def test_people_taken_into_custody_and_whisked_away_are_disappeared(words):
    text = (
        "FC personnel took six men, among them a 70-year-old imam, into custody in Tump on "
        "Sunday and whisked them away to an undisclosed location."
    )
    draft = only(text, words)
    assert draft.type == "enforced_disappearance"
    assert [f.key() for f in draft.figures] == [("missing", 6, "exact")]


def test_victims_held_at_an_unknown_place_and_beaten_are_not_also_disappeared(words):
    text = (
        "Three students released on Monday said they had been beaten and kept blindfolded at an "
        "unknown location by FC personnel."
    )
    assert only(text, words).type == "torture"


def test_rejected_reports_circulating_somewhere_make_no_entry(words):
    text = (
        "Police in Gwadar rejected reports circulating on social media that the FC had "
        "detained four fishermen at Jiwani."
    )
    assert drafts_of(text, words) == []


def test_an_official_saying_no_one_was_taken_makes_no_entry(words):
    text = "The deputy commissioner said no labourer had been picked up by any agency in Washuk."
    assert drafts_of(text, words) == []


def test_a_monitors_finding_that_abuses_persist_is_a_broad_entry(words):
    text = (
        "The Human Rights Commission of Pakistan said enforced disappearances and torture "
        "remain widespread across the province."
    )
    found = drafts_of(text, words, "abuse")
    assert [(d.type, d.date_precision, d.perpetrator_code) for d in found] == [
        ("enforced_disappearance", "unknown", None), ("torture", "unknown", None)]  # fmt: skip


def test_a_monitors_concern_about_a_pattern_is_no_entry_of_its_own(words):
    text = (
        "The HRCP said enforced disappearances remain the most pressing concern of families "
        "in Awaran."
    )
    assert drafts_of(text, words, "abuse") == []


def test_a_forces_account_of_a_killing_disputed_next_is_an_extrajudicial_killing(words):
    text = (
        "Police said they had shot dead two suspects in an exchange of fire near Hub on "
        "Saturday. Relatives of both men rejected the police version. They said the two had "
        "been picked up from a market in Hub in January."
    )
    killings = [d for d in drafts_of(text, words, "abuse") if d.type == "extrajudicial_killing"]
    assert len(killings) == 1
    draft = killings[0]
    assert (draft.perpetrator_code, draft.district, draft.date) == ("Police", "Hub", "2025-03-08")
    assert [f.key() for f in draft.figures] == [("killed", 2, "exact")]


def test_a_forces_account_of_a_killing_left_undisputed_makes_no_entry(words):
    text = (
        "Police said they had shot dead two suspects in an exchange of fire near Hub on "
        "Saturday. A police spokesman said weapons were recovered."
    )
    assert drafts_of(text, words) == []


# --- who did it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Officers of the Maritime Security Agency detained nine fishermen off Ormara on Monday.",
        "Maritime Security Agency personnel detained nine fishermen off Ormara on Monday.",
    ],
)
def test_a_force_the_reference_data_lacks_is_kept_in_the_texts_words(words, sentence):
    draft = only(sentence, words)
    assert (draft.perpetrator, draft.perpetrator_code) == ("Maritime Security Agency", None)


def test_unnamed_men_who_picked_someone_up_unseen_since_made_a_disappearance(words):
    text = (
        "A schoolteacher was picked up by unidentified armed men in Nal in January and has not "
        "been seen since."
    )
    assert only(text, words).type == "enforced_disappearance"


def test_unnamed_men_who_kidnapped_someone_made_an_abduction(words):
    text = "Unidentified armed men kidnapped two engineers near Nal on Monday."
    assert only(text, words).type == "other"


def test_bodies_are_not_laid_at_the_door_of_a_later_case_of_other_people(words):
    text = (
        "The bodies of five men were found in Mashkay in May, the report said.\n\n"
        "Among the new cases is a farmer from Awaran who was picked up by FC personnel on 3 "
        "May and has not been heard from since."
    )
    bodies = next(d for d in drafts_of(text, words) if d.type == "extrajudicial_killing")
    assert bodies.perpetrator_code is None


# --- the verbs of the register ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The BLF said it had killed a police informer in Turbat on Sunday.", "targeted_killing"),
        (
            "The BLA said its fighters executed two men it accused of spying for the army in "
            "Kalat.",
            "targeted_killing",
        ),
        ("The BRA said its men set alight three oil tankers near Sui on Monday.", "arson_sabotage"),
        ("The BLF said its fighters gutted a bank in Awaran on Sunday.", "arson_sabotage"),
        ("The BLF said its fighters fired mortars at an FC camp in Tump.", "armed_attack"),
        (
            "The BLA, in an email to journalists, said its fighters had hit an army camp in Kohlu.",
            "armed_attack",
        ),
    ],
)
def test_claims_read_the_verbs_of_killing_burning_and_firing(words, sentence, kind):
    draft = only(sentence, words)
    assert draft.category == "claim"
    assert kind is None or draft.type == kind


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "His family has had no news of him since he was detained by the CTD in Quetta in "
            "March.",
            "enforced_disappearance",
        ),
        (
            "A labourer was bundled into a vehicle by men in plain clothes in Quetta on Monday.",
            "enforced_disappearance",
        ),
        (
            "A journalist in Turbat said he had received death threats from officials of an "
            "intelligence agency.",
            "harassment",
        ),
        (
            "Three men were gunned down by FC personnel at a checkpoint in Kech on Monday, "
            "witnesses said.",
            "extrajudicial_killing",
        ),
        (
            "Police shot dead a student at a protest in Turbat on Monday, his classmates said.",
            "extrajudicial_killing",
        ),
    ],
)
def test_abuses_read_the_verbs_of_taking_threatening_and_killing(words, sentence, kind):
    draft = only(sentence, words)
    assert (draft.category, draft.type) == ("abuse", kind)


def test_police_killing_suspects_by_their_own_account_is_no_abuse(words):
    text = "Police shot dead two suspects in a shoot-out in Turbat on Monday, officials said."
    assert drafts_of(text, words, "abuse") == []


def test_what_might_have_happened_makes_no_entry(words):
    text = "Had the FC not withdrawn, more people might have been detained, the columnist argued."
    assert drafts_of(text, words) == []


def test_someone_taken_by_a_force_from_a_place_is_disappeared(words):
    text = "His wife said he was taken by CTD personnel from a bus stand in Hub on Friday."
    assert only(text, words).type == "enforced_disappearance"


def test_a_person_found_dead_is_a_killing(words):
    text = "A tailor was found dead in a ravine near Panjgur on Monday, police said."
    assert only(text, words).type == "extrajudicial_killing"


def test_a_force_denying_it_held_anyone_makes_no_entry(words):
    text = "The FC denied that it had detained any student in Turbat."
    assert drafts_of(text, words) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The BLA said it would continue its attacks on the FC in Kech.",
        "The BLF warned that it would target any company working on the road in Awaran.",
        "The BRA vowed to attack gas installations in Dera Bugti.",
    ],
)
def test_a_threat_of_what_a_group_will_do_is_not_a_claim(words, sentence):
    assert drafts_of(sentence, words) == []


def test_harm_during_the_operation_is_laid_to_who_ran_it(words):
    text = (
        "Residents said the FC launched an operation in the hills around Mashkay on 2 March.\n\n"
        "Mortar shells fired during the operation hit a house in Mashkay, killing two children."
    )
    draft = only(text, words, "abuse")
    assert (draft.type, draft.perpetrator_code) == ("indiscriminate_attack", "FC")


def test_over_the_same_period_dates_an_abuse_by_the_one_told_before(words):
    text = (
        "The group documented 14 cases of enforced disappearance in Kech between March and "
        "June 2024, blaming the FC. It also recorded the recovery of six bodies in Kech over "
        "the same period."
    )
    bodies = next(d for d in drafts_of(text, words) if d.type == "extrajudicial_killing")
    assert (bodies.date, bodies.date_end, bodies.date_precision) == ("2024-03", "2024-06", "range")


def test_a_person_named_by_age_alone_is_counted(words):
    text = "A 17-year-old from Kharan said he had been beaten at an FC camp in Kharan."
    draft = only(text, words)
    assert [f.key() for f in draft.figures] == [("victims", 1, "exact")]


def test_the_men_are_the_men_counted_just_before(words):
    text = (
        "Relatives of all four labourers gathered at the press club in Turbat on Sunday. They "
        "said the labourers had been picked up by FC personnel in Tump in February."
    )
    draft = only(text, words, "abuse")
    assert [f.key() for f in draft.figures] == [("missing", 4, "exact")]


def test_an_abuse_told_again_in_the_victims_words_is_one_entry(words):
    text = (
        "A shopkeeper from Kharan said he was tortured for a week at an FC camp in Kharan in "
        "May. He had been picked up by FC personnel from his shop in Kharan on 2 May.\n\n"
        '"They hung me by my wrists and beat me with cables," he told this newspaper.'
    )
    types = [d.type for d in drafts_of(text, words)]
    assert types == ["torture", "enforced_disappearance"]


def test_the_same_abuse_of_someone_else_elsewhere_is_another_entry(words):
    text = (
        "A shopkeeper from Kharan said he was tortured for a week at an FC camp in Kharan.\n\n"
        "A student from Nushki said he had been beaten at a camp in Nushki."
    )
    assert [d.type for d in drafts_of(text, words)] == ["torture", "torture"]


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words_used", "expected"),
    [
        ("on Thursday last week", ("2025-03-06", None, "day")),
        ("on Tuesday of last week", ("2025-03-04", None, "day")),
        ("in the last week of January", ("2025-01", None, "month")),
    ],
)
def test_a_weekday_of_last_week_and_a_week_of_a_month(words, words_used, expected):
    text = f"A tailor was picked up by FC personnel in Tump {words_used}, his family said."
    draft = only(text, words)
    assert (draft.date, draft.date_end, draft.date_precision) == expected


def test_a_claim_told_again_after_officials_speak_is_one_claim_dated_by_them(words):
    text = (
        "PANJGUR/TURBAT (Staff Reporter): The BLF has claimed responsibility for firing on a "
        "Levies patrol in Panjgur. Levies officials said gunmen fired on the patrol on Tuesday "
        "night. The group said in a statement that its fighters killed two Levies men."
    )
    draft = only(text, words, "claim")
    assert (draft.group, draft.district, draft.date) == ("BLF", "Panjgur", "2025-03-11")
    assert [f.key() for f in draft.figures] == [("killed", 2, "exact")]


def test_fighting_security_forces_is_a_clash(words):
    text = "The BLF said its fighters fought security forces for four hours near Mashkay."
    assert only(text, words).type == "clash"


def test_someone_held_who_has_not_returned_since_is_disappeared(words):
    text = (
        "The 22-year-old has not returned home since FC personnel detained him at a checkpoint "
        "in Hoshab in February, his mother said."
    )
    assert only(text, words).type == "enforced_disappearance"


def test_a_groups_record_of_attacks_over_years_is_not_a_claim(words):
    text = "The BLA has carried out dozens of attacks in the province since 2004."
    assert drafts_of(text, words) == []


def test_those_blamed_for_the_abuses_just_told_did_them(words):
    text = (
        "A monitoring group said 40 people were forcibly disappeared across Balochistan in "
        "June.\n\nIts chairman said families blamed the Frontier Corps for the disappearances, "
        "most of which took place in Kech and Awaran."
    )
    draft = only(text, words, "abuse")
    assert (draft.type, draft.perpetrator_code) == ("enforced_disappearance", "FC")


def test_bodies_are_not_laid_to_takers_of_a_different_number_of_people(words):
    text = (
        "The group said 40 people were picked up by FC personnel in Kech in June.\n\n"
        "Separately, the bodies of three men were found near Turbat on 2 July.\n\n"
        "Relatives said they did not know who had killed them."
    )
    bodies = next(d for d in drafts_of(text, words) if d.type == "extrajudicial_killing")
    assert bodies.perpetrator_code is None


def test_bodies_named_one_by_one_are_counted_by_their_names(words):
    text = "The bodies of Abdul Ghani and Rahim Bakhsh were found near Turbat on Monday."
    draft = only(text, words)
    assert [f.key() for f in draft.figures] == [("killed", 2, "exact")]


def test_an_aside_about_some_of_them_does_not_hide_the_count(words):
    text = (
        "Three shepherds, two of them brothers, were killed when mortar shells hit their camp "
        "in Kohlu, relatives said."
    )
    draft = only(text, words)
    assert (draft.type, [f.key() for f in draft.figures]) == (
        "indiscriminate_attack", [("killed", 3, "exact")])  # fmt: skip


# --- a group's own statement, and claims told after the act -------------------------------


def test_each_act_of_a_relayed_statement_is_a_claim(words):
    """A statement relayed whole tells its acts with no 'said' in each sentence."""
    text = (
        "The Baloch Republican Army has released the following statement.\n\n"
        "Our fighters ambushed a Levies patrol near Dera Bugti town on Tuesday, killing three "
        "personnel.\n\n"
        "In a second action, sarmachars planted a bomb under a gas pipeline near Sui in Dera "
        "Bugti on Wednesday.\n\n"
        "The organisation accepts responsibility for all these attacks."
    )
    claims = drafts_of(text, words, "claim")
    assert [(c.type, c.group, c.date) for c in claims] == [
        ("armed_attack", "BRA", "2025-03-11"),
        ("bombing", "BRA", "2025-03-12"),
    ]


def test_a_statement_ends_when_officials_speak(words):
    """Officials' account after a relayed statement is not the group speaking."""
    text = (
        "The BLF issued the following statement to the media.\n\n"
        "Our fighters attacked an FC post in Turbat on Tuesday.\n\n"
        "Police said unknown men torched a truck in Gwadar on Wednesday."
    )
    assert len(drafts_of(text, words, "claim")) == 1


@pytest.mark.parametrize(
    "owning",
    [
        "The TTP owned the shooting a day later.",
        "Responsibility was accepted by the TTP in a message to reporters.",
        "The TTP said on its channel that the grenade attack had been carried out by its men.",
    ],
)
def test_a_claim_told_after_the_act_others_told_is_a_claim_of_it(words, owning):
    """Others tell the act, the group owns it after: a claim of that act, placed and dated
    by it, even after a claim of another act by the same group."""
    text = (
        "The TTP claimed an attack on a police van in Zhob on Monday.\n\n"
        "On Wednesday night, gunmen hurled a grenade at a police station in Loralai, injuring "
        f"two constables. {owning}"
    )
    claims = drafts_of(text, words, "claim")
    assert len(claims) == 2, [c.to_json() for c in claims]
    assert (claims[1].district, claims[1].date) == ("Loralai", "2025-03-12")


@pytest.mark.parametrize(
    ("more", "kind"),
    [
        ("The group also said its men had blocked the highway for two hours.", "road_blockade"),
        (
            "They further torched the office of a construction firm nearby, it said.",
            "arson_sabotage",
        ),
    ],
)
def test_an_act_told_as_one_more_is_another_claim(words, more, kind):
    """ "also", "further": one more act of another kind, after officials spoke between."""
    text = (
        "The BLA claimed an attack on a Levies post in Surab on Tuesday. Levies officials "
        f"declined to comment. {more}"
    )
    claims = drafts_of(text, words, "claim")
    assert [c.type for c in claims] == ["armed_attack", kind]


@pytest.mark.parametrize(
    "verb", ["exchanged fire with", "traded fire with", "were exchanging fire with"]
)
def test_exchanging_fire_is_a_clash(words, verb):
    text = f"The BLF said its fighters {verb} soldiers near Gomazi in Kech on Monday."
    assert only(text, words, "claim").type == "clash"


def test_checkpoints_set_up_on_a_road_named_first_are_a_blockade(words):
    text = (
        "Vehicles on the Quetta-Taftan highway were stranded for hours after gunmen set up "
        "checkpoints near Dalbandin, the BLA said in a statement."
    )
    assert only(text, words, "claim").type == "road_blockade"


def test_an_abbreviation_spelled_out_in_urdu_names_the_group(words):
    """Urdu writes BLF letter by letter; 'کہا' (said) makes it speak."""
    text = "بی ایل ایف نے کہا کہ اس کے جنگجوؤں نے پنجگور میں ناکہ بندی کی۔"
    draft = only(text, words, "claim")
    assert (draft.group, draft.type, draft.district) == ("BLF", "road_blockade", "Panjgur")


@pytest.mark.parametrize(
    "told",
    [
        "A gas pipeline was blown up near Sui on Wednesday night.",
        "Two power pylons were damaged near Sui on Wednesday night.",
    ],
)
def test_infrastructure_blown_up_in_the_passive_is_sabotage_the_group_owns(words, told):
    """Others tell the sabotage in the passive; the group's word for it ('explosives') does
    not make it a bombing, and the claim takes its place and day."""
    text = f"{told} The BRG said its men had planted explosives there."
    draft = only(text, words, "claim")
    assert (draft.type, draft.district, draft.date) == (
        "arson_sabotage",
        "Dera Bugti",
        "2025-03-12",
    )


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        # counted from the day the group spoke, not from publication
        (
            "The BLF said on Wednesday that its fighters had attacked an FC camp in Awaran the "
            "previous night.",
            "2025-03-11",
        ),
        (
            "The BLF said on Monday that its fighters attacked an FC camp in Awaran two days "
            "earlier.",
            "2025-03-08",
        ),
    ],
)
def test_a_day_counted_from_the_day_the_group_spoke(words, sentence, day):
    assert only(sentence, words, "claim").date == day


def test_a_day_counted_from_the_claim_told_before(words):
    text = (
        "The BLA said its fighters ambushed a convoy in Kohlu on Monday.\n\n"
        "Three days later, the group said it had attacked a Levies post in Barkhan."
    )
    claims = drafts_of(text, words, "claim")
    assert [c.date for c in claims] == ["2025-03-10", "2025-03-13"]


def test_one_more_act_with_no_day_of_its_own_takes_the_day_of_the_claim(words):
    text = (
        "The BLF claimed an attack on an FC camp in Tump on Tuesday night.\n\n"
        "The group also said its fighters had sealed off the Tump road for two hours."
    )
    claims = drafts_of(text, words, "claim")
    assert [(c.type, c.date) for c in claims] == [
        ("armed_attack", "2025-03-11"),
        ("road_blockade", "2025-03-11"),
    ]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        # the oblique plural: "چار مزدوروں کو" (four labourers, as an object)
        (
            "پولیس کے مطابق نامعلوم افراد نے پنجگور سے چار مزدوروں کو اغوا کر لیا۔",
            ("missing", 4, "exact"),
        ),
        # numbers past ten, written out
        ("خاندان کے مطابق تربت سے پندرہ افراد کو حراست میں لیا گیا۔", ("detained", 15, "exact")),
    ],
    ids=["oblique plural", "past ten"],
)
def test_urdu_counts_in_the_oblique_plural_and_past_ten(words, text, figure):
    draft = only(text, words, "abuse")
    assert [f.key() for f in draft.figures] == [figure]


@pytest.mark.parametrize(
    "who", ["unidentified gunmen", "unknown persons", "unidentified armed men"]
)
def test_unidentified_doers_name_no_perpetrator(words, who):
    """An abuse by 'unidentified gunmen' has no known perpetrator; the passage keeps the
    words."""
    text = (
        f"A shopkeeper was picked up by {who} from his shop in Turbat on Tuesday and has not "
        "been seen since, his family said."
    )
    draft = only(text, words, "abuse")
    assert (draft.perpetrator, draft.perpetrator_code) == (None, None)
    assert who in draft.passage


@pytest.mark.parametrize(
    "found",
    [
        "Police recovered the body of a tailor from a ravine near Khuzdar on Sunday.",
        "Levies personnel found a bullet-riddled body in a field near Khuzdar on Sunday.",
    ],
)
def test_the_force_that_finds_a_body_is_not_its_killer(words, found):
    draft = only(found, words, "abuse")
    assert draft.type == "extrajudicial_killing"
    assert not draft.perpetrator and draft.perpetrator_code is None


@pytest.mark.parametrize(
    "tally",
    [
        "Checkpoints have not cut the number of attacks claimed by the BLF in Kech on Monday.",
        "Officials point to a rise in attacks claimed by the TTP along the Zhob highway.",
    ],
)
def test_a_tally_of_claimed_attacks_is_not_a_claim(words, tally):
    assert drafts_of(tally, words, "claim") == []


def test_soldiers_killed_by_unnamed_gunmen_are_an_attack_not_an_abuse(words):
    text = (
        "Three FC soldiers were shot dead by gunmen near Mand on Sunday; no group has claimed it."
    )
    assert drafts_of(text, words) == []


def test_people_killed_by_a_state_force_stay_an_abuse_whoever_they_are(words):
    text = "Relatives said CTD personnel shot dead two militants in custody near Mand on Sunday."
    assert only(text, words, "abuse").type == "extrajudicial_killing"


@pytest.mark.parametrize(
    "demand",
    [
        "Free the two brothers detained in Turbat last week and let their parents see them.",
        "Bring the detained before a magistrate. Publish the names of those held in Kech.",
        "Every person detained under the ordinance in Panjgur must be produced before a court.",
    ],
)
def test_a_demand_that_the_held_be_freed_is_no_report_of_detention(words, demand):
    assert drafts_of(demand, words, "abuse") == []


@pytest.mark.parametrize(
    "release",
    [
        "Of the people taken away in Awaran this year, nine were released in March.",
        "Six men who were picked up and released within the week spoke to the commission.",
    ],
)
def test_people_told_released_are_no_new_disappearance(words, release):
    assert "enforced_disappearance" not in [d.type for d in drafts_of(release, words, "abuse")]


def test_a_ranking_followed_by_other_districts_is_no_harassment(words):
    text = "Panjgur recorded the most cases this year, followed by Kech and Washuk."
    assert drafts_of(text, words, "abuse") == []


def test_a_journalist_followed_by_men_is_harassment(words):
    draft = only("A reporter in Turbat was followed by armed men for three days.", words, "abuse")
    assert draft.type == "harassment"


def test_a_home_raided_with_a_hyphenated_owner_is_harassment(words):
    text = "On Monday the home of Panjgur-based activist Sabir Ali was raided by men in uniform."
    assert only(text, words, "abuse").type == "harassment"


@pytest.mark.parametrize(
    "sentence",
    [
        "Police on Monday exhumed four bodies from a dry well outside Nushki.",
        "The remains of nine men were exhumed near Tump after herders raised the alarm.",
    ],
)
def test_several_dead_dug_out_of_one_pit_are_a_mass_grave_found_by_the_diggers(words, sentence):
    draft = only(sentence, words, "abuse")
    assert draft.type == "mass_grave"
    assert draft.perpetrator_code is None  # who digs the dead out did not kill them


def test_families_accusing_a_force_of_killing_in_custody_report_a_killing(words):
    text = "Relatives accuse the FC of murdering the shopkeeper in custody in Mastung."
    draft = only(text, words, "abuse")
    assert (draft.type, draft.perpetrator_code) == ("extrajudicial_killing", "FC")


def test_a_force_man_killed_in_an_attack_on_his_post_is_no_abuse_by_his_force(words):
    text = (
        "A Levies sepoy was shot dead and two guards have been missing since gunmen "
        "attacked the Levies post in Kohlu on Monday."
    )
    assert drafts_of(text, words, "abuse") == []


def test_a_force_that_acts_is_still_the_perpetrator(words):
    text = "A shopkeeper was picked up by the FC from Turbat bazaar on Monday."
    assert only(text, words, "abuse").perpetrator_code == "FC"


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        # the men who came are the doers; the one taken is "him"
        ("In Pasni, ten men in plain clothes arrived at night and took him away.", 1),
        ("In Kech, the office of a lawyer was raided by about six men on Monday.", 1),
    ],
)
def test_the_men_who_did_it_are_not_counted_among_those_harmed(words, sentence, count):
    draft = only(sentence, words, "abuse")
    assert [f.count for f in draft.figures] == [count]


def test_a_monitors_tally_of_killings_counts_the_killed(words):
    text = "Dumped bodies were found across Kech in May, seven extrajudicial killings in all."
    draft = only(text, words, "abuse")
    assert [(f.kind, f.count) for f in draft.figures] == [("killed", 7)]


def test_acts_after_a_statement_issued_to_the_media_are_the_groups_claims(words):
    text = (
        "The BLF spokesman Gwahram Baloch has in a statement sent to the media owned an attack "
        "in Turbat on Monday.\n\n"
        "On Tuesday, BLF fighters set fire to three oil tankers near Ormara in Gwadar district."
    )
    types = [d.type for d in drafts_of(text, words, "claim")]
    assert "arson_sabotage" in types


@pytest.mark.parametrize("opening", ["The spokesman said", "He said"])
def test_the_spokesman_again_is_the_group_speaking_again(words, opening):
    text = (
        "The BLA spokesman Jeeyand Baloch claimed an attack on an FC camp in Kalat on Monday.\n\n"
        f"{opening} that on Wednesday Sarmachars blew up a gas pipeline near Sui in Dera Bugti."
    )
    claims = drafts_of(text, words, "claim")
    expected = [("BLA", "armed_attack"), ("BLA", "arson_sabotage")]
    assert [(d.group, d.type) for d in claims] == expected


def test_a_claim_of_two_attacks_rests_on_the_act_told_after_it(words):
    text = (
        "The BLF has claimed two attacks on forces in Panjgur district.\n\n"
        "In a statement, its spokesman Gwahram Baloch said its fighters attacked an FC camp in "
        "Gramkan on Tuesday evening, killing four soldiers.\n\n"
        "Officials in Panjgur confirmed that the camp had come under fire."
    )
    claim = only(text, words, "claim")
    assert "attacked an FC camp in Gramkan" in claim.passage


def test_a_claim_of_several_attacks_told_no_further_stands_as_one(words):
    text = (
        "The BLA claimed a series of attacks across Kech on Friday. It said the attacks "
        "targeted posts and convoys, and it also claimed to have captured two check posts."
    )
    assert len(drafts_of(text, words, "claim")) == 1
