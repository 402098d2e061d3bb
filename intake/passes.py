"""Passes over all of a text's drafts once read: what only the whole text can tell (who took
the people later found dead; the dateline's district for drafts placed nowhere else)."""

from __future__ import annotations

import re

from archive.messages import Message

from . import cues, fields
from .drafts import Draft
from .vocabulary import Vocabulary

# A news dateline ("TURBAT: ..."): where the report was filed, a district's last resort.
DATELINE = re.compile(r"\A\s*(?P<place>[A-Z][A-Z .'-]{2,40}?)\s*:")


def dateline(text: str, found: list[Draft], vocab: Vocabulary) -> None:
    """Drafts placed nowhere else: the district of the article's dateline, if known."""
    match = DATELINE.match(text)
    if not match:
        return
    places = vocab.places_in(match["place"].title())
    if len(places) != 1:
        return
    for draft in found:
        if (
            not draft.district
            # a pattern is told undated and placed nowhere on purpose; an undated act is not
            and (draft.date_precision != "unknown" or fields.dated_by_publication(draft))
            and ("district" not in draft.reasons)
        ):
            draft.district = places[0].key
            draft.reasons["district"] = Message(
                "the article is datelined %(place)s, in %(key)s",
                place=match["place"].strip(),
                key=places[0].key,
            )


def kill_and_dump(found: list[Draft], paragraphs: list[int]) -> None:
    """Bodies found of people taken earlier: the killing is laid at the door of those
    the text says took them: the taking told in the same paragraph, else the only one."""
    takings = [
        (paragraphs[number], d.perpetrator, d.perpetrator_code, number, _count(d))
        for number, d in enumerate(found)
        if d.type == "enforced_disappearance"
        and (d.perpetrator or d.perpetrator_code)
        and d.date_precision != "unknown"  # a pattern named, not a case
    ]
    for number, draft in enumerate(found):
        if draft.type != "extrajudicial_killing" or draft.perpetrator or draft.perpetrator_code:
            continue
        here = {(w, c) for p, w, c, _, _ in takings if p == paragraphs[number]}
        # Failing that, a taking elsewhere in the text of as many people (or of a number not
        # given): "63 people disappeared in May" does not say who killed "eight persons".
        count = _count(draft)
        others = {(w, c) for _, w, c, _, n in takings if None in (n, count) or n == count}
        takers = here or others
        if len(takers) == 1:
            words, code = next(iter(takers))
            draft.perpetrator, draft.perpetrator_code = words, code
            draft.reasons["perpetrator"] = Message(
                "the text says ‘%(words)s’ took those later found dead", words=words
            )


# A taking told as before a body found: "had been picked up", "اٹھا کر لے گئے تھے".
TAKEN_BEFORE = re.compile(
    r"\bhad\s+(?:been\s+|\w+\s+){0,3}?(?:taken|picked|detained|seized|whisked|abducted|arrested)\b"
    r"|(?:لیا|لے\s+گئے|اٹھایا|کیا)\s+(?:تھا|تھے)"
)


def taking_joins_killing(found: list[Draft], paragraphs: list[int]) -> None:
    """A person taken and later found dead is one entry, the killing: the taking of as many
    people, told as before the body found (in its paragraph or the two after), joins it."""
    gone = set()
    for number, draft in enumerate(found):
        if draft.type != "enforced_disappearance" or not TAKEN_BEFORE.search(draft.passage):
            continue
        killing = next(
            (n for n in range(number - 1, -1, -1)
             if found[n].type == "extrajudicial_killing"
             and paragraphs[number] - 2 <= paragraphs[n] <= paragraphs[number]),
            None,
        )  # fmt: skip
        if killing is None or _count(draft) != _count(found[killing]):
            continue
        if not (found[killing].perpetrator or found[killing].perpetrator_code):
            found[killing].perpetrator = draft.perpetrator
            found[killing].perpetrator_code = draft.perpetrator_code
            found[killing].reasons["perpetrator"] = Message(
                "the text says ‘%(words)s’ took those later found dead",
                words=draft.perpetrator or draft.perpetrator_code,
            )
        gone.add(number)
    if not gone:
        return
    renumber = {old: new for new, old in enumerate(n for n in range(len(found)) if n not in gone)}
    kept = [(d, p) for n, (d, p) in enumerate(zip(found, paragraphs, strict=True)) if n not in gone]
    found[:] = [d for d, _ in kept]
    paragraphs[:] = [p for _, p in kept]
    for draft in found:
        if draft.linked_to is not None:
            draft.linked_to = renumber.get(draft.linked_to)


# "the brother of one of the dead said he had been taken": the taking of those killed.
THE_DEAD = re.compile(r"\b(?:one\s+of\s+)?the\s+(?:dead|deceased|slain)\b", re.IGNORECASE)


def taken_before_killed(found: list[Draft], paragraphs: list[int]) -> None:
    """The taking of people a force is said to have killed, told with no taker ("the brother
    of one of the dead said he had been taken from a wedding"): the force said to kill them is
    the one said to hold them, as in a kill and dump."""
    for number, draft in enumerate(found):
        if draft.type != "enforced_disappearance" or draft.perpetrator or draft.perpetrator_code:
            continue
        if not THE_DEAD.search(draft.passage):
            continue
        killing = next(
            (d for n, d in reversed(list(enumerate(found[:number])))
             if d.type == "extrajudicial_killing" and paragraphs[n] >= paragraphs[number] - 1),
            None,
        )  # fmt: skip
        if killing is None or not (killing.perpetrator or killing.perpetrator_code):
            continue
        draft.perpetrator, draft.perpetrator_code = killing.perpetrator, killing.perpetrator_code
        draft.reasons["perpetrator"] = Message(
            "the text tells of the taking of those ‘%(words)s’ is said to have killed",
            words=killing.perpetrator or killing.perpetrator_code,
        )


def _count(draft: Draft) -> int | None:
    """How many people a draft counts, when it says."""
    return next((f.count for f in draft.figures if f.count is not None), None)


def abductions(found: list[Draft], vocab: Vocabulary) -> None:
    """People taken by an armed group, or by armed men the text ties to no state force, are
    hostages of an abduction: an enforced disappearance is the state's act."""
    for draft in found:
        if draft.category != "abuse" or draft.type != "enforced_disappearance":
            continue
        group = vocab.actor_kinds.get(draft.perpetrator_code or "") == "armed_group"
        # Unnamed armed men who "picked up" someone "not seen since" are told in the words of a
        # disappearance; those who "abducted" or "kidnapped" them, of a kidnapping.
        unnamed = not draft.perpetrator_code and cues.NOT_STATE.match(draft.perpetrator)
        if not (group or (unnamed and cues.KIDNAPPING.search(draft.passage))):
            continue
        draft.type = vocab.type_or_other("abuse", "other")
        draft.reasons["type"] = Message(
            "taken by ‘%(who)s’, not a state force: an abduction, not an enforced "
            "disappearance", who=draft.perpetrator or draft.perpetrator_code,
        )  # fmt: skip
        for figure in draft.figures:
            if figure.kind == "missing":
                figure.kind = "hostages"
