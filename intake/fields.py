"""Fields of a draft read from a passage: where (district, place), who (perpetrator named by
a description, speaker, spokesperson), how (claim medium), and the draft's title and narrative.
Helpers of intake/suggest.py, each a small pure function."""

from __future__ import annotations

import re

from archive.messages import N_, Message

from . import cues
from .drafts import Draft
from .reading import EXPLICIT_BEFORE, Reading
from .vocabulary import Mention, Vocabulary

# Who gives an abuse report's figures, from who the passage says is speaking.
GIVERS = [
    (re.compile(r"\b(?:officials?|police|officers?|spokes\w+|government|administration|"
                r"deputy\s+commissioner|Levies|hospital|doctors?|CTD|FC)\b", re.I), "official"),
    (re.compile(r"\b(?:family|families|relatives?|father|mother|wife|brother|uncle|elders?|"
                r"witness\w*|residents?)\b", re.I), "family"),
    (re.compile(r"\b(?:commission|HRCP|Amnesty|Watch|committee|VBMP|BYC|organi[sz]ation)\b", re.I),
     "documenter"),
]  # fmt: skip
# Where a sentence may tell two cases ("..., and the other two were taken").
SPLIT = re.compile(r",\s+and\s+|;\s+|,\s+while\s+|,\s+but\s+")


def clauses(text: str) -> list[tuple[int, int]]:
    """Stretches of a sentence that may each tell their own abuse ("one was picked up in
    March, and the other two were taken in May")."""
    cuts = [m for m in SPLIT.finditer(text)]
    if not cuts:
        return [(0, len(text))]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append((start, cut.start()))
        start = cut.end()
    pieces.append((start, len(text)))
    telling = [
        p for p in pieces if any(pat.search(text[p[0] : p[1]]) for _, pat in cues.ABUSE_TYPES)
    ]
    if len(telling) < 2:
        return [(0, len(text))]
    # Each telling clause keeps the words before it up to the previous telling clause.
    spans, begin = [], 0
    for number in range(len(telling)):
        end = telling[number + 1][0] if number + 1 < len(telling) else len(text)
        spans.append((begin, end))
        begin = end
    return spans


# "One of those detained", "two of them": some of the people already told.
PART_OF_TOLD = re.compile(
    r"\b(?:one|two|three|some|several|many|most|none|all)\s+of\s+(?:those|the\s+\w+\s+"
    r"(?:detained|arrested|held|taken|missing|released|freed|abducted)|the\s+(?:detained|arrested|"
    r"released|freed|abducted|missing)\s+\w+)\b",
    re.IGNORECASE,
)


def other_people(draft: Draft, reading: Reading) -> bool:
    """The sentence counts other people than the draft: "more than 40 people" after "a
    young man"; "the two cousins" or "both men" are the same people counted again."""
    counts = {figure.count for figure in draft.figures}
    if PART_OF_TOLD.search(reading.text):
        return False
    for position, figure in reading.figures:
        words = reading.text[max(0, position - 5) : position] + figure.words
        definite = re.search(r"\b(?:the|both|all)\s+\w+\s+\w+$|^(?:both|all)\b", words, re.I)
        if draft.figures and figure.count not in counts and not definite:
            return True
    return False


def same_doer(told: Draft, drafts: list[Draft]) -> None:
    """ "... by CTD personnel, and the other two were taken in May": the same perpetrator;
    "detained ... on Friday, and that several were tortured": the same day and place too."""
    for draft in drafts:
        if draft.category != "abuse":
            continue
        if not (draft.perpetrator or draft.perpetrator_code):
            draft.perpetrator, draft.perpetrator_code = told.perpetrator, told.perpetrator_code
            draft.reasons["perpetrator"] = N_("the same sentence names them for the case before")
        if draft.date is None and told.date and draft.district in (None, told.district):
            draft.date, draft.date_end, draft.date_precision = (
                told.date, told.date_end, told.date_precision)  # fmt: skip
            draft.reasons["date"] = N_("the same sentence dates the case before")


def distinct(found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    seen, kept = set(), []
    for code, position in found:
        if code not in seen:
            seen.add(code)
            kept.append((code, position))
    return kept


def new_place(draft: Draft, reading: Reading) -> bool:
    """The sentence names a district, or a gazetteer place, other than the draft's."""
    for mention in reading.places:
        if draft.district and mention.key != draft.district:
            return True
        if mention.kind == "place" and draft.place and mention.via not in draft.place:
            return True
    return False


def new_date(draft: Draft, reading: Reading) -> bool:
    return any(
        d.date and draft.date and not within(d.date, draft.date, draft.date_end)
        for d in reading.event_dates()
        if not reading.is_speech_date(d)  # "in a statement received on Tuesday"
    )


def explicit_type(draft: Draft) -> bool:
    return not draft.reasons.get("type", "").startswith(("‘attack", "‘attacks", "‘operation"))


PUBLICATION_DATE = N_(
    "no date in the passage: unknown (the day of publication is only when it was reported)"
)


def dated_by_publication(draft: Draft) -> bool:
    """The draft's date is only the day the text was published: a date told later is its."""
    return draft.reasons.get("date") == PUBLICATION_DATE


def since_range(draft: Draft, reading: Reading, published) -> None:
    """ "nine bodies found since June": a count of many over a stretch, from then until
    publication (one man "missing since June" keeps June: it is when he was taken)."""
    many = any((f.count or 0) > 1 for f in draft.figures)
    if not many or published is None or draft.date_precision not in ("month", "year"):
        return
    for mention in reading.event_dates():
        if mention.date == draft.date and re.search(
            r"\bsince\s+$", reading.text[max(0, mention.start - 8) : mention.start]
        ):
            end = published.isoformat()[: len(draft.date)]
            if end > draft.date:
                draft.date_end, draft.date_precision = end, "range"
                draft.reasons["date"] = Message(
                    "%(reason)s, counted until publication", reason=mention.reason
                )
            return


def within(day: str, first: str, last: str | None) -> bool:
    return day.startswith(first) or first.startswith(day) or bool(last and first <= day <= last)


def set_date(draft: Draft, mention) -> None:
    draft.date, draft.date_end, draft.date_precision = (
        mention.date, mention.date_end, mention.precision)  # fmt: skip
    draft.reasons["date"] = mention.reason


def is_explicit(reading: Reading, mention: Mention) -> bool:
    before = reading.text[max(0, mention.start - 12) : mention.start]
    after = reading.text[mention.end :]
    return bool(re.match(r"\s+district\b", after, re.I) or EXPLICIT_BEFORE.search(before))


def district_reason(mention: Mention) -> str:
    if mention.kind == "place":
        return Message(
            "‘%(words)s’ is in %(key)s in the gazetteer", words=mention.words, key=mention.key
        )
    if mention.via:
        return Message(
            "‘%(words)s’ is another name of %(key)s district", words=mention.words, key=mention.key
        )
    return Message("‘%(words)s’ is a district", words=mention.words)


AREA = re.compile(
    r"(?:(?P<of>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)'s\s+)?(?P<area>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})"
    r"\s+(?:area|village|town|bazaar|neighbourhood|locality|tehsil)\b"
    r"|\bnear\s+(?P<near>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})"
)


def area(text: str) -> str:
    match = AREA.search(text)
    if not match:
        return ""
    if match["near"]:
        return match["near"]
    return f"{match['area']}, {match['of']}" if match["of"] else match["area"]


def description(text: str, vocab: Vocabulary) -> tuple[str, str | None, str] | None:
    """A state force named by a common description ("Pakistani forces"), as a known actor."""
    codes = {name.casefold(): code for code, name in vocab.actor_names.items()}
    for pattern, name in cues.DESCRIPTIONS:
        match = next((m for m in pattern.finditer(text) if not _speaking(text, m)
                      and not cues.FINDER.match(text[m.end() :])), None)  # fmt: skip
        if match and name.casefold() in codes:
            words = match.group()
            return words, codes[name.casefold()], f"‘{words}’ is taken as {name}"
    return None


TELLS = re.compile(r"\s+(?:\w+\s+)?(?:said|says|told|confirmed|denied|reported)\b")


def _speaking(text: str, match: re.Match) -> bool:
    """ "according to police", "police confirmed": the force tells, it is not said to act."""
    before = text[max(0, match.start() - 14) : match.start()].lower()
    after = text[match.end() : match.end() + 30]
    return "according to" in before or bool(TELLS.match(after))


SECONDARY = re.compile(r"\b(?:accompanied|backed|supported|escorted|assisted|helped)\s+by\s+"
                       r"(?:the\s+)?$")  # fmt: skip


def by_first(text: str, mention: Mention, position: int) -> tuple[int, int]:
    """Who acted first: named after a passive "by", then the first named; those who only
    "accompanied" or "backed" the others last."""
    before = text[max(0, mention.start - 30) : mention.start]
    if SECONDARY.search(before):
        return (2, mention.start)
    after_by = re.search(r"\bby\s+(?:the\s+)?$", before)
    return (0 if after_by else 1, mention.start)


def cue_reason(reading: Reading, code: str, position: int, category: str,
                vocab: Vocabulary) -> str:  # fmt: skip
    words = reading.text[position : position + 40].split()
    cue = " ".join(words[:3]) if words else ""
    return Message(
        "‘%(cue)s…’ reads as %(label)s", cue=cue, label=vocab.type_label(category, code).lower()
    )


def medium(text: str) -> str:
    for code, pattern in cues.MEDIUMS:
        if pattern.search(text):
            return code
    return "unknown"


SPOKESPERSON = re.compile(
    r"spokes(?:person|man|woman),?\s+(?P<a>(?:Major\s+|Captain\s+)?[A-Z]\w+\s+[A-Z]\w+)"
    r"|(?P<b>[A-Z]\w+\s+[A-Z]\w+),\s+(?:a\s+|the\s+)?spokes(?:person|man|woman)"
)


def spokesperson(text: str) -> str:
    match = SPOKESPERSON.search(text)
    return (match["a"] or match["b"]) if match else ""


def speaker(text: str) -> str:
    """Who the text says is telling it ("relatives said", "according to a police official");
    one speaking inside an aside (", who his family says was taken,") only when none else."""
    main = RELATIVE_ASIDE.sub(",", text)
    return _speaker(main) or (_speaker(text) if main != text else "")


RELATIVE_ASIDE = re.compile(r",\s+(?:who|whom|whose|which)\b[^,]*,", re.IGNORECASE)


# Words a speaker's name does not hold: it is a clause, not who speaks ("The attack was").
NOT_A_SPEAKER = re.compile(
    r"\b(?:said|says|told|had|has|have|was|were|is|are|been|would|will|killed|attacked)\b"
    r"|\b(?:its|their)\s+(?:fighters|men|militants)\b|^(?:which|who|whom|that|it|they|he|she)$|^in\s+an?\s",
    re.IGNORECASE,
)


def _speaker(text: str) -> str:
    for pattern in cues.SPEAKERS:
        for match in pattern.finditer(text):
            who = " ".join(match["who"].split())
            who = re.sub(r"\s+(?:further|also|later|then|had|has|have)$", "", who)
            who = re.sub(r"^(?:who|whom|which|that)\s+", "", who, flags=re.IGNORECASE)
            if 1 <= len(who.split()) <= 8 and not NOT_A_SPEAKER.search(who):
                return who
    return ""


def giver(text: str) -> str:
    for pattern, giver in GIVERS:
        if pattern.search(text):
            return giver
    return "media"


def short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


UNIDENTIFIED = re.compile(r"(?:unidentified|unknown|unnamed)\b", re.IGNORECASE)


def finish(draft: Draft, vocab: Vocabulary) -> None:
    """Names, title and a short narrative, from the fields found."""
    if draft.group:
        draft.group_name = vocab.actor_names.get(draft.group, draft.group)
    if draft.perpetrator_code:
        draft.perpetrator_name = vocab.actor_names.get(draft.perpetrator_code, "")
    elif draft.perpetrator and UNIDENTIFIED.match(draft.perpetrator):
        # "unidentified gunmen" name no one: the perpetrator is unknown, the passage keeps
        # the words (after passes.abductions has read them)
        draft.perpetrator = None
        draft.reasons["perpetrator"] = N_("the passage names no one: unidentified, unknown")
    if draft.district and not draft.province:
        draft.province = vocab.provinces.get(draft.district)
    label = vocab.type_label(draft.category, draft.type)
    where = f" in {draft.place or draft.district}" if (draft.place or draft.district) else ""
    who = draft.group or draft.perpetrator_code or draft.perpetrator
    draft.title = f"{label}{where}" + (f" ({who})" if who else "")
    verb = "claims" if draft.category == "claim" else "is reported"
    said = f"{draft.group_name or draft.group} {verb}" if draft.category == "claim" else (
        "Reported")  # fmt: skip
    draft.narrative = f"{said}: {short(draft.passage, 240)}"
    if draft.date_precision == "unknown":
        draft.date, draft.date_end = None, None
    if draft.date_precision != "range":
        draft.date_end = None
