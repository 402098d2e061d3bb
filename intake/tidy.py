"""Passes that keep one draft per act, once all of a text is read: the same act told again
(a statement retelling the claim just made, a body found of people taken before), a lead that
sums up acts the article tells one by one, and background about a group that is no act."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from archive.messages import Message

from . import cues
from .dates import find_dates
from .drafts import Draft
from .vocabulary import Vocabulary

# "has stepped up attacks", "is one of the smaller armed groups active in": what a group
# does as a rule, told as background to the act, not an act.
BACKGROUND = re.compile(
    r"\b(?:has|have)\s+(?:\w+\s+)?(?:stepped\s+up|intensified|escalated|increased|expanded)\b"
    r"|\b(?:is|are|was)\s+(?:one|among)\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:groups|"
    r"organisations|organizations|outfits|factions)\b"
    r"|\b(?:has|have)\s+(?:long\s+|often\s+|frequently\s+|repeatedly\s+)(?:been\s+)?(?:\w+ed)\b",
    re.IGNORECASE,
)
# A day told at the act ("on Monday", "on 22 September", "late on Monday night").
A_DAY = re.compile(
    r"\bon\s+(?:the\s+night\s+of\s+)?(?:\w+\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2})\b"
)
# "the convoy", "the 24-inch pipeline", "the track": a thing told before, named again.
THE_THING = re.compile(r"\bthe\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]{4,})\b")
# "a convoy", "the railway track": things a claim's passage introduces.
A_THING = re.compile(r"\b(?:an?|the)\s+(?:[\w-]+\s+){0,2}(?P<noun>[a-z]{4,})\b")
# Nouns that name no target: the group, its statement and its people, places, time.
NOT_TARGETS = frozenset(
    [
        "group",
        "groups",
        "statement",
        "spokesperson",
        "spokesman",
        "media",
        "fighters",
        "members",
        "personnel",
        "security",
        "forces",
        "area",
        "areas",
        "district",
        "province",
        "state",
        "army",
        "organisation",
        "time",
        "night",
        "morning",
        "evening",
        "week",
        "month",
        "year",
        "years",
        "government",
        "officials",
        "people",
        "region",
        "town",
        "city",
        "village",
        "road",
    ]
)
# "responsibility for the attack": an act told before, claimed.
THE_ATTACK = re.compile(
    r"\bfor\s+the\s+(?:[\w-]+\s+)?(?:attack|blast|explosion|bombing|ambush|killing|assault)\b",
    re.IGNORECASE,
)
# "The students, all in their early twenties, were picked up": the people counted before.
THE_SAME_PEOPLE = re.compile(
    r"^(?:\S+\s+){0,3}?(?:the|all\s+the|both|all\s+three|all\s+four)\s+(?:[\w-]+\s+)?(?P<noun>"
    r"men|women|students|brothers|cousins|boys|youths|sons|villagers|labourers|fishermen|"
    r"teachers|activists|workers|shepherds|drivers|two|three|four|five)\b",
    re.IGNORECASE,
)
# A period named back ("during the month", "that year"): the period the text told before.
PERIOD_BACK = re.compile(
    r"\b(?:during|in|over|for|throughout)\s+(?:the|that|this)\s+(?:same\s+)?(?P<unit>month|year|"
    r"period)\b",
    re.IGNORECASE,
)
# "had been forcibly disappeared months before ... and were killed": one kill and dump.
TAKEN_THEN_KILLED = re.compile(
    r"\bhad\s+been\s+(?:\w+\s+)?(?:disappeared|picked\s+up|abducted|taken\s+away|detained)\b"
    r"[^.]{0,120}?\b(?:were|was|had\s+been)\s+(?:later\s+)?(?:killed|shot\s+dead|executed)\b",
    re.IGNORECASE,
)
# "The bodies of two men, who were picked up ..., were found": the dead are the people taken.
BODIES = re.compile(r"\bbod(?:y|ies)\b|لاش", re.IGNORECASE)
# "human remains", "the remains of": the dead, not abuses that remain.
REMAINS = re.compile(r"\b(?:human|skeletal|mortal)\s+remains\b|\bremains\s+of\b", re.IGNORECASE)
# An act named again by where it was: "no comment on the Awaran attack".
PLACE_ACT = re.compile(
    r"\bthe\s+(?P<where>[A-Z][\w-]+)\s+(?:attack|ambush|blast|bombing|assault|raid|strike)\b"
)
# More than one person taken: "He and a teenage apprentice were picked up".
PLURAL_TAKEN = re.compile(
    r"\bwere\s+(?:\w+\s+)?(?:picked\s+up|taken|abducted|whisked|detained|arrested)\b", re.IGNORECASE
)
# A state force's act told by a rights group, not a group's own: "he had been forcibly
# disappeared by the Frontier Corps", "were picked up by the CTD".
TAKEN_BY = re.compile(
    r"\b(?:forcibly\s+disappeared|picked\s+up|abducted|detained|arrested|taken\s+away|"
    r"tortured)\s+by\b",
    re.IGNORECASE,
)
# The group speaking of its own men: what makes a sentence the group's claim.
OWN_MEN = re.compile(
    r"\b(?:its|their|our|the\s+group['’]s)\s+(?:fighters|men|members|cadres|militants|commandos|units?)\b|"
    r"\b(?:it|they|we)\s+(?:had\s+|has\s+|have\s+)?(?!been\b)\w+ed\b|"
    r"(?:اس|ان)\s+کے\s+(?:جنگجوؤں|ساتھیوں|سرمچاروں|کارکنوں)|ہم\s+نے",
    re.IGNORECASE,
)
# Acts named as a kind, and one act named: what a group does against what it did.
ACTS = re.compile(
    r"\b(?:attacks|operations|blockades|ambushes|bombings|raids|strikes|killings|assaults)\b",
    re.IGNORECASE,
)
ONE_ACT = re.compile(
    r"\b(?:a|an|the|its|this|that)\s+(?:[\w-]+\s+){0,3}?(?:attack|ambush|blast|bombing|raid|"
    r"strike|assault|killing|blockade|explosion|operation)\b",
    re.IGNORECASE,
)
# Those who speak against an act, not of it: "staged a protest against a raid", "condemned".
REACTION = re.compile(
    r"\b(?:protest\w*|demonstrat\w+|rall(?:y|ied)|sit-in|condemn\w*|rejected|denied|denies|"
    r"rejects)\s+(?:[\w'’-]+\s+){0,8}?(?:against|over|as)\b",
    re.IGNORECASE,
)
# "took her son away", "whisked him away": the taking told again in a sentence of the raid.
TOOK_AWAY = re.compile(
    r"\b(?:took|whisked|dragged|bundled)\s+(?:\w+\s+){0,2}?(?:away|with\s+them)\b", re.IGNORECASE
)
# Officials confirming what the group claimed ("confirmed that the body of a man ...").
CONFIRMED = re.compile(r"\bconfirm(?:ed|s)?\b", re.IGNORECASE)
# "the men identified themselves as personnel of the CTD": who the unnamed men said they were.
IDENTIFIED = re.compile(
    r"\bidentified\s+themselves\s+as\s+(?:\w+\s+){0,2}?(?:personnel|officials|officers|men|"
    r"members|agents)\s+(?:of|from)\s+(?:the\s+)?(?P<who>[^.,;]{2,60})",
    re.IGNORECASE,
)
# Abuses told as lasting or widespread: a finding about a pattern, an entry of its own.
PATTERN = re.compile(
    r"\b(?:endemic|widespread|rampant|systematic|routine|unabated|unchecked|on\s+the\s+rise|"
    r"remain\w*|continu\w+|persist\w*|various|have\s+been\s+(?:discovered|found|reported))\b",
    re.IGNORECASE,
)
# "the following morning", "the next day": the day after the act told before.
DAY_AFTER = re.compile(
    r"\b(?:the\s+(?:following|next)\s+(?:day|morning|night|evening|afternoon)|a\s+day\s+later)\b",
    re.IGNORECASE,
)
# A place's proper name (not the first word of a sentence), to tie an act to another there.
PROPER = re.compile(r"(?<=[a-z,] )(?:in|near|at|from)\s+([A-Z][a-z]{3,})\b")
# A lead telling that someone rejects or denies what others allege: it sums up a dispute.
DENIED = re.compile(r"\b(?:rejected|rejects|denied|denies|dismissed|dismisses)\b", re.IGNORECASE)
# Harm by drought, floods or rain: no one's abuse.
NATURE = re.compile(
    r"\b(?:drought|floods?|flooding|flash\s+floods|heavy\s+rains?|rains|earthquake|cyclone|"
    r"heatwave|landslides?)\b",
    re.IGNORECASE,
)
# Abuse reports of an attack a group may claim.
ATTACKS = {"indiscriminate_attack", "extrajudicial_killing", "targeted_killing", "other"}
# The people taken before, referred to when their bodies are found ("both had been picked up").
SAME_PEOPLE = re.compile(
    r"\b(?:both|the\s+two|the\s+three|the\s+men|the\s+(?:young\s+)?man|they|he|she|all\s+"
    r"(?:\w+\s+)?(?:of\s+them|had)|the\s+two,)\b(?:[^.]{0,60}?)\b(?:had|have|was|were)\s+been\b"
    r"|\b(?:had|have)\s+been\s+(?:picked\s+up|taken\s+(?:away|into\s+custody)|abducted|"
    r"whisked\s+away|forcibly\s+disappeared|detained|arrested)\b",
    re.IGNORECASE,
)
# The taking is told with its own words: the taking of the people in the killing.
TAKEN = re.compile(
    r"\b(?:picked\s+up|taken\s+(?:away|into\s+custody)|abducted|whisked\s+away|forcibly\s+"
    r"disappeared|went\s+missing|disappeared)\b",
    re.IGNORECASE,
)


def tidy(text: str, found: list[Draft], paragraphs: list[int], vocab: Vocabulary) -> None:
    """Merge or drop, in place, drafts that tell an act already drafted or none at all."""
    _identified(found, vocab)
    _tally_across(found, vocab)
    _drop_each(found, paragraphs, _background, _natural, _nothing_to_enter)
    _claim_told_again(text, found, paragraphs)
    _taken_then_found(found, paragraphs)
    _same_sentence_dump(found, paragraphs)
    _people_told_again(text, found, paragraphs)
    _part_of_taking(found, paragraphs)
    _claim_confirmed(found, paragraphs)
    _lead_sums_up(found, paragraphs)
    _lead_several_acts(found, paragraphs)
    _drop_each(found, paragraphs, _state_act_as_claim, _unanchored_claim)
    _claimed_attack_dated(found, paragraphs)
    _period_named_back(text, found)
    _day_after(found)
    _drop_each(found, paragraphs, _vague_tally)
    _told_again(found, paragraphs)  # last: the dates above may be read from the vaguer telling


def _drop_each(found: list[Draft], paragraphs: list[int], *no_act: Callable[[Draft], bool]) -> None:
    """Drop every draft one of `no_act` says tells no act of its own (each looks at the draft
    alone, so the order they are asked in changes nothing)."""
    for number in range(len(found) - 1, -1, -1):
        if any(says(found[number]) for says in no_act):
            _drop(found, paragraphs, number, None)


def _drop(found: list[Draft], paragraphs: list[int], number: int, into: int | None) -> None:
    """Remove draft `number`; links to it go to `into` (the draft it was merged into)."""
    del found[number]
    del paragraphs[number]
    for draft in found:
        if draft.linked_to is None:
            continue
        if draft.linked_to == number:
            draft.linked_to = None if into is None else into - (into > number)
        elif draft.linked_to > number:
            draft.linked_to -= 1
    for index, draft in enumerate(found):  # a link to itself after a merge is no link
        if draft.linked_to == index:
            draft.linked_to = None


def _background(draft: Draft) -> bool:
    """A claim whose only sentence tells what the group does as a rule, with no day of its
    own ("has stepped up attacks in Kech since the beginning of the year"), is no act."""
    if draft.category != "claim" or not BACKGROUND.search(draft.passage):
        return False
    return not (A_DAY.search(draft.passage) or cues.CLAIM_CLAUSE.search(draft.passage))


def _named(pattern: re.Pattern, text: str) -> set[str]:
    """The nouns of the things `pattern` finds ("a section of the railway track" -> section,
    railway, track), less those that name no target."""
    return {
        word
        for match in pattern.finditer(text)
        for word in match.group().split()[1:]
        if len(word) > 3 and word.isalpha() and word.islower()
    } - NOT_TARGETS


def _compatible(first: str, second: str) -> bool:
    """Two claim types one act may be told in (explosives that blew up a pipeline are its
    sabotage and a bombing)."""
    kinds = {first, second}
    return len(kinds) == 1 or kinds == {"bombing", "arson_sabotage"}


def _claim_told_again(text: str, found: list[Draft], paragraphs: list[int]) -> None:
    """A claim whose first sentence names again, as "the convoy", the target of one of the
    group's claims told in the three paragraphs before, of a kind and district that fit, is
    that act told again: one draft, which takes the day the retelling gives if it had none."""
    number = 1
    while number < len(found):
        later = found[number]
        head = text[later.passage_start : later.passage_end].split(". ")[0]
        named = _named(THE_THING, head)
        where = {m.group("where").casefold() for m in PLACE_ACT.finditer(head)}
        before = None
        another = cues.SEPARATE.search(head) or ANOTHER_ACT.search(head)
        if later.category == "claim" and (named or where) and not another:
            before = next(
                (n for n in range(number - 1, -1, -1)
                 if found[n].category == "claim" and found[n].group == later.group
                 and _compatible(found[n].type, later.type)
                 and later.district in (None, found[n].district)
                 and 0 <= paragraphs[number] - paragraphs[n] <= 3
                 and (named & _named(A_THING, found[n].passage) or where & _where(found[n]))),
                None,
            )  # fmt: skip
        if before is None:
            number += 1
            continue
        first = found[before]
        if first.date_precision == "unknown" and later.date_precision != "unknown":
            first.date, first.date_end = later.date, later.date_end
            first.date_precision = later.date_precision
            first.reasons["date"] = later.reasons.get("date", "")
        if not first.figures and later.figures:
            first.figures = later.figures
        _drop(found, paragraphs, number, before)


# A claim that says it is one more act ("also attacked the track", "a second attack").
ANOTHER_ACT = re.compile(r"\b(?:also|another|second|third)\b", re.IGNORECASE)
# A sentence that says it tells another case ("in a separate incident"); narrower than
# cues.SEPARATE, which also holds "in separate raids" of one case.
ANOTHER_CASE = re.compile(
    r"\b(?:in\s+an?\s+(?:separate|different|second|other)\s+(?:incident|case|development)|"
    r"separately|elsewhere|meanwhile|another\s+(?:incident|case))\b",
    re.IGNORECASE,
)


def _where(draft: Draft) -> set[str]:
    """The district and place names a draft was placed at, to be named again ("the Awaran
    attack")."""
    names = {draft.district or ""} | {part.strip() for part in draft.place.split(",")}
    return {name.casefold() for name in names if name}


def _taken_then_found(found: list[Draft], paragraphs: list[int]) -> None:
    """A disappearance told right after bodies found, of the same people ("both had been picked
    up by ... on August 11"), is the kill and dump's taking: one entry, laid at the taker's
    door."""
    number = 1
    while number < len(found):
        taking = found[number]
        killing = found[number - 1]
        same = (
            taking.type in ("enforced_disappearance", "arbitrary_detention")
            and killing.type == "extrajudicial_killing"
            and paragraphs[number] - paragraphs[number - 1] in (0, 1)
            and SAME_PEOPLE.search(taking.passage)
            and TAKEN.search(taking.passage)
            and taking.district in (None, killing.district)
            and not ANOTHER_CASE.search(taking.passage)
            and taking.passage_start >= killing.passage_end - 1
        )
        if not same:
            number += 1
            continue
        if taking.perpetrator or taking.perpetrator_code:
            if not killing.perpetrator_code or killing.perpetrator_code == "security-forces":
                killing.perpetrator = taking.perpetrator
                killing.perpetrator_code = taking.perpetrator_code
                killing.perpetrator_name = taking.perpetrator_name
                killing.reasons["perpetrator"] = Message(
                    "the text says ‘%(words)s’ took those later found dead",
                    words=taking.perpetrator or taking.perpetrator_code,
                )
            if not killing.attributed_to:
                killing.attributed_to = taking.attributed_to
        _drop(found, paragraphs, number, number - 1)


def _lead_sums_up(found: list[Draft], paragraphs: list[int]) -> None:
    """An abuse report drafted from the article's lead whose kind the article tells again
    from a later paragraph: the lead summed up the acts told one by one."""
    if not found:
        return
    lead = [n for n, d in enumerate(found) if paragraphs[n] == 0 and d.category == "abuse"]
    for number in reversed(lead):
        draft = found[number]
        # a lead with its own count or doer tells one act; one with neither, a summary
        one_act = any(f.count for f in draft.figures) or draft.perpetrator or draft.perpetrator_code
        if one_act and not DENIED.search(draft.passage.split(". ")[0]):
            continue
        if PATTERN.search(draft.passage.split(". ")[0]):
            continue  # "abuses remain endemic": a finding of its own, not a summary
        again = any(
            other.category == "abuse" and other.type == draft.type and paragraphs[n] > 0
            for n, other in enumerate(found)
        )
        if again:
            _drop(found, paragraphs, number, None)


def _claimed_attack_dated(found: list[Draft], paragraphs: list[int]) -> None:
    """A claim "for the attack" with no day of its own, told within two paragraphs of the
    attack the article dated, takes that attack's day (the act's day is told elsewhere in the
    same event's sentences, not never)."""
    for number, claim in enumerate(found):
        if claim.category != "claim" or claim.date_precision != "unknown":
            continue
        if not THE_ATTACK.search(claim.passage):
            continue
        told = next(
            (n for n in range(number - 1, -1, -1)
             if found[n].category == "abuse" and found[n].type in ATTACKS
             and 0 <= paragraphs[number] - paragraphs[n] <= 2),
            None,
        )  # fmt: skip
        if told is None or found[told].date_precision == "unknown":
            continue
        attack = found[told]
        if claim.district not in (None, attack.district):
            continue
        claim.date, claim.date_end = attack.date, attack.date_end
        claim.date_precision = attack.date_precision
        if claim.linked_to is None and attack.linked_to is None:
            claim.linked_to, attack.linked_to = told, number
            if not (attack.perpetrator or attack.perpetrator_code):
                attack.perpetrator_code = claim.group
                attack.reasons["perpetrator"] = Message(
                    "%(group)s claimed the attack (linked claim)", group=claim.group
                )
        claim.reasons["date"] = Message(
            "the day of the attack told before: %(why)s", why=attack.reasons.get("date", "")
        )


def _natural(draft: Draft) -> bool:
    """Families displaced by drought or floods, with no one said to drive them out: no abuse."""
    if draft.type != "forced_displacement" or draft.perpetrator or draft.perpetrator_code:
        return False
    return bool(NATURE.search(draft.passage.split(". ")[0]))


def _same_sentence_dump(found: list[Draft], paragraphs: list[int]) -> None:
    """ "had been forcibly disappeared months before ... and were killed": a disappearance and
    a killing of the same people in one sentence are one kill and dump, the killing."""
    number = 0
    while number < len(found):
        taking = found[number]
        killing = next(
            (n for n, d in enumerate(found)
             if d.type == "extrajudicial_killing" and d.passage_start == taking.passage_start),
            None,
        )  # fmt: skip
        if (
            taking.type != "enforced_disappearance"
            or killing is None
            or not (TAKEN_THEN_KILLED.search(taking.passage) or _all_dead(taking, found[killing]))
        ):
            number += 1
            continue
        dead = found[killing]
        if not (dead.perpetrator or dead.perpetrator_code):
            dead.perpetrator, dead.perpetrator_code = taking.perpetrator, taking.perpetrator_code
            dead.perpetrator_name = taking.perpetrator_name
        _drop(found, paragraphs, number, killing)


def _all_dead(taking: Draft, killing: Draft) -> bool:
    """The sentence tells bodies found, and no more people taken than found dead ("a mechanic
    and an apprentice were picked up; his body was found" leaves the apprentice missing)."""
    taken = max((f.count or 0 for f in taking.figures), default=0)
    dead = max((f.count or 0 for f in killing.figures), default=0)
    first, _, rest = taking.passage.partition(". ")
    if dead <= 1 and PLURAL_TAKEN.search(rest):
        return False  # "He and an apprentice were picked up": more taken than found dead
    return bool(BODIES.search(first)) and taken <= dead


def _people_told_again(text: str, found: list[Draft], paragraphs: list[int]) -> None:
    """ "Three students who were forcibly disappeared in August have returned. The students
    were picked up on the night of August 14 by ...": the people told again, in the next
    paragraph, in an act of the same kind, are the same act; the fuller telling's day, doer
    and place fill the first, whose passage runs on to it."""
    number = 1
    while number < len(found):
        later, first = found[number], found[number - 1]
        head = text[later.passage_start : later.passage_end]
        same = (
            later.category == first.category == "abuse"
            and later.type == first.type
            and paragraphs[number] - paragraphs[number - 1] == 1
            and first.figures
            and THE_SAME_PEOPLE.search(head)
            and not cues.SEPARATE.search(head[:80])
            and later.district in (None, first.district)
        )
        if not same:
            number += 1
            continue
        if later.date_precision == "day" and first.date_precision != "day":
            first.date, first.date_end = later.date, later.date_end
            first.date_precision = later.date_precision
            first.reasons["date"] = later.reasons.get("date", "")
        if later.perpetrator_code and not first.perpetrator_code:
            first.perpetrator, first.perpetrator_code = later.perpetrator, later.perpetrator_code
            first.perpetrator_name = later.perpetrator_name
            first.reasons["perpetrator"] = later.reasons.get("perpetrator", "")
        first.place = first.place or later.place
        first.passage_end = max(first.passage_end, later.passage_end)
        first.passage = text[first.passage_start : first.passage_end]
        _drop(found, paragraphs, number, number - 1)


def _period_named_back(text: str, found: list[Draft]) -> None:
    """ "nine cases of torture during the month": a tally with no date of its own is of the
    month (or year) the text named last before it ("during June 2025")."""
    mentions = None
    for draft in found:
        back = PERIOD_BACK.search(draft.passage.split(". ")[0])
        if back is None or draft.date_precision == "day":
            continue
        # the sentence names the period only by referring back: its own words date nothing
        if draft.date_precision != "unknown" and find_dates(draft.passage.split(". ")[0], None):
            continue
        if mentions is None:
            mentions = find_dates(text, None)
        unit = back["unit"].casefold()
        wanted = {"month": ("month",), "year": ("year",)}.get(unit, ("month", "year"))
        # the period of the tallies told before, else the first the text names (its subject)
        tallied = [d for d in found[: found.index(draft)] if d.date_precision in wanted and d.date]
        told = [m for m in mentions if m.end <= draft.passage_start and m.precision in wanted]
        if tallied:
            period = tallied[-1]
            draft.date, draft.date_end, draft.date_precision = (
                period.date,
                None,
                period.date_precision,
            )
            draft.reasons["date"] = Message(
                "‘%(back)s’ is the period told before: %(words)s",
                back=back.group(),
                words=period.date,
            )
            continue
        if not told or told[0].date is None:
            continue
        told = told[:1]
        draft.date, draft.date_end, draft.date_precision = told[0].date, None, told[-1].precision
        draft.reasons["date"] = Message(
            "‘%(back)s’ is the period told before: %(words)s",
            back=back.group(),
            words=told[0].words,
        )


def _part_of_taking(found: list[Draft], paragraphs: list[int]) -> None:
    """ "The men searched the house ... and took her son away": the raid of the taking told
    just before in the paragraph is part of it, not a harassment of its own."""
    for number in range(len(found) - 1, 0, -1):
        draft, before = found[number], found[number - 1]
        if draft.type != "harassment" or paragraphs[number] != paragraphs[number - 1]:
            continue
        takings = ("enforced_disappearance", "arbitrary_detention")
        if before.type in takings and TOOK_AWAY.search(draft.passage):
            _drop(found, paragraphs, number, number - 1)


def _claim_confirmed(found: list[Draft], paragraphs: list[int]) -> None:
    """ "The BLA said its fighters shot dead a man... Levies officials confirmed that the body of
    a man had been found": officials confirming the killing the group claimed just before, in
    the same paragraph, tell the claimed act again, not a killing by a force."""
    for number in range(len(found) - 1, 0, -1):
        draft, before = found[number], found[number - 1]
        if draft.type != "extrajudicial_killing" or before.category != "claim":
            continue
        if before.type != "targeted_killing" or paragraphs[number] != paragraphs[number - 1]:
            continue
        if CONFIRMED.search(draft.passage.split(". ")[0]):
            _drop(found, paragraphs, number, number - 1)


def _identified(found: list[Draft], vocab: Vocabulary) -> None:
    """Men in plain clothes who "identified themselves as personnel of the CTD" (in the same
    passage, in the words of those who saw them): the force they named."""
    for draft in found:
        if draft.category != "abuse" or draft.perpetrator_code:
            continue
        said = IDENTIFIED.search(draft.passage)
        if said is None:
            continue
        named = [m for m in vocab.actors_in(said["who"]) if m.kind == "state"]
        if named:
            draft.perpetrator, draft.perpetrator_code = named[0].words, named[0].key
            draft.perpetrator_name = vocab.actor_names.get(named[0].key, named[0].key)
            draft.reasons["perpetrator"] = Message(
                "they identified themselves as ‘%(words)s’", words=said["who"].strip()
            )


def _nothing_to_enter(draft: Draft) -> bool:
    """An abuse the text gives no doer, no place, no time and no number for ("Young men picked
    up at checkpoints, students questioned in their hostels": an opinion's rhetoric), unless
    it is a finding that the abuse persists, leaves a documenter nothing to enter."""
    if draft.category != "abuse" or draft.perpetrator or draft.perpetrator_code:
        return False
    if draft.date_precision != "unknown" or draft.district or draft.place:
        return False
    return not (any(f.count for f in draft.figures) or PATTERN.search(draft.passage))


def _day_after(found: list[Draft]) -> None:
    """ "raiding houses in Mangochar the following morning": an act told as the day after
    another is the day after the act told before at the same place (else just before it),
    when the text dated that one."""
    for number, draft in enumerate(found):
        head = draft.passage.split(". ")[0]
        after = DAY_AFTER.search(head)
        if number == 0 or after is None or draft.date_precision not in ("unknown", "day"):
            continue
        names = set(PROPER.findall(head[1:]))
        dated = [d for d in found[:number] if d.date_precision == "day" and d.date]
        there = [d for d in dated if names & set(PROPER.findall(d.passage))]
        if there:
            before = there[-1]
        elif draft.date_precision == "unknown" and found[number - 1] in dated:
            before = found[number - 1]
        else:
            continue
        day = date.fromisoformat(before.date) + timedelta(days=1)
        draft.date, draft.date_end, draft.date_precision = day.isoformat(), None, "day"
        draft.reasons["date"] = Message(
            "‘%(words)s’: the day after the act told before (%(day)s)",
            words=after.group(), day=before.date,
        )  # fmt: skip


# A tally counts cases ("40 new cases of enforced disappearance"), not a single act's victims.
CASES = re.compile(r"\b(?:cases|complaints|incidents)\b", re.IGNORECASE)


def _tally_across(found: list[Draft], vocab: Vocabulary) -> None:
    """A tally of cases whose sentence names several districts ("most of them from Kech,
    Panjgur and Awaran") is of no one district."""
    for draft in found:
        head = draft.passage.split(". ")[0]
        if draft.category != "abuse" or not draft.district or not CASES.search(head):
            continue
        if len({m.key for m in vocab.places_in(head)}) >= 2:
            draft.district, draft.province, draft.place = None, None, ""
            draft.reasons["district"] = Message(
                "a tally of cases in several districts: %(words)s", words=head[:60]
            )


def _lead_several_acts(found: list[Draft], paragraphs: list[int]) -> None:
    """A lead sentence drafted as several acts, or one that reacts to an act ("staged a
    protest against a raid", "rejected an allegation"), sums up what the body tells: when the
    body tells abuses of its own, the lead's abuse drafts go."""
    body = [d for n, d in enumerate(found) if d.category == "abuse" and paragraphs[n] > 0]
    if not body:
        return
    lead = [n for n, d in enumerate(found) if paragraphs[n] == 0]
    starts = [found[n].passage_start for n in lead]
    for number in reversed(lead):
        draft = found[number]
        if draft.category != "abuse":
            continue
        first = draft.passage.split(". ")[0]
        if PATTERN.search(first):
            continue  # "disappearances and torture remain endemic": a finding of its own
        several = starts.count(draft.passage_start) > 1
        reaction = REACTION.search(first) and any(d.district == draft.district for d in body)
        if several or reaction:
            _drop(found, paragraphs, number, None)


def _state_act_as_claim(draft: Draft) -> bool:
    """A claim drafted from a sentence that tells a force's act ("said he had been forcibly
    disappeared by the Frontier Corps"), with no group speaking of its own men: a rights
    group's account, not a claim."""
    if draft.category != "claim" or not TAKEN_BY.search(draft.passage):
        return False
    return not (OWN_MEN.search(draft.passage) or cues.CLAIM_CLAUSE.search(draft.passage))


def _unanchored_claim(draft: Draft) -> bool:
    """A claim with no day, no place and no figure that names acts only as a kind ("was once
    active in Khuzdar but has claimed only sporadic attacks") tells what a group is, not an
    act it owned."""
    if draft.category != "claim" or draft.date_precision in ("day", "range") or draft.place:
        return False  # a year or month may be of the group's history ("designated in 2019")
    if any(f.count for f in draft.figures) or cues.CLAIM_CLAUSE.search(draft.passage):
        return False
    # "its fighters took full control", "claimed a rocket attack": one act
    return not OWN_MEN.search(draft.passage) and _plural_only(draft.passage)


def _plural_only(passage: str) -> bool:
    """The passage names acts only as a kind ("sporadic attacks", "highway blockades"), never
    one act ("a rocket attack", "the ambush")."""
    return bool(ACTS.search(passage)) and not ONE_ACT.search(passage)


def _anchors(draft: Draft) -> int:
    """How much of an act a draft pins down: doer, place, district, time, a count."""
    return sum((
        bool(draft.perpetrator or draft.perpetrator_code), bool(draft.place),
        bool(draft.district), draft.date_precision != "unknown",
        any(f.count for f in draft.figures),
    ))  # fmt: skip


def _restates(vague: Draft, full: Draft) -> bool:
    """`vague` tells `full`'s act again: same type, and nothing of its own that differs (no
    other doer, place, district or day, no count beyond full's)."""
    if vague.type != full.type or vague.category != "abuse" or full.category != "abuse":
        return False
    if ANOTHER_CASE.search(vague.passage.split(". ")[0]):
        return False  # "in a separate incident": another act, however little it tells
    if PATTERN.search(REMAINS.sub("", vague.passage.split(". ")[0])):
        return False  # "disappearances remain endemic": a finding of its own
    if vague.perpetrator_code and vague.perpetrator_code != full.perpetrator_code:
        return False
    if vague.place and vague.place != full.place:
        return False
    if vague.district and vague.district != full.district:
        return False
    if vague.date_precision != "unknown" and not (full.date or "").startswith(vague.date or "-"):
        return False  # "in August" holds "on 29 August"; another day is another act
    counts = {(f.kind, f.count) for f in full.figures}
    # one person with no number written ("the reporter") is no count of its own
    if any((f.count or 0) > 1 and (f.kind, f.count) not in counts for f in vague.figures):
        return False
    return _anchors(full) > _anchors(vague)


def _told_again(found: list[Draft], paragraphs: list[int]) -> None:
    """An abuse told again with less ("They ransacked every room", "shepherds came across human
    remains" after the grave was told) is the act drafted already: one draft, the fullest."""
    for number in range(len(found) - 1, -1, -1):
        draft = found[number]
        fuller = next(
            (n for n, other in enumerate(found) if n != number and _restates(draft, other)), None
        )
        if fuller is not None:
            _drop(found, paragraphs, number, fuller)


# A quantity with no number: "dozens of people", "hundreds of families".
VAGUE = re.compile(r"\b(?:dozens|hundreds|scores|thousands|several|many|numerous)\b", re.IGNORECASE)


def _vague_tally(draft: Draft) -> bool:
    """An abuse told with no doer, no day and no place, counted only as "dozens" ("said dozens
    of people from Panjgur were still missing"), is the context of the acts told, no entry."""
    if draft.category != "abuse" or draft.perpetrator or draft.perpetrator_code:
        return False
    if draft.date_precision != "unknown" or draft.place or not draft.figures:
        return False
    return all(f.words and VAGUE.search(f.words) for f in draft.figures)
