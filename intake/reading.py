"""One sentence (or clause) read for what it reports: the actors, places, dates and figures it
names and the cues of a claim or an abuse, each with its position in the sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from . import cues
from .dates import DateMention, find_dates
from .drafts import Figure
from .figures import find_figures
from .sentences import Sentence
from .vocabulary import Mention, Vocabulary

QUOTES = re.compile(r"[\"“”‘’']")
# Words after an actor's name that make it the one speaking, not the one acting.
SPEAKING = re.compile(
    r"^(?:'s)?\s*(?:\w+\s+){0,2}?(?:said|says|told|sources|spokes\w+|officials?\s+(?:in\s+\w+\s+)?"
    r"said|confirmed"
    r"|denied|reported|claimed)\b",
    re.IGNORECASE,
)
# Urdu: "X کے مطابق" (according to X), "X نے بتایا" / "نے کہا" (X said).
URDU_SPEAKING = re.compile(r"^\s*(?:\S+\s+)?(?:کے\s+مطابق|نے\s+بتایا|نے\s+کہا)")
# Before a cue: it did not happen, or it is demanded ("release all those detained").
NEGATED = re.compile(
    r"\b(?:no\s+one|nobody|not|never|n't|no)\s+(?:\w+\s+){0,3}$"
    r"|\breleas(?:e|ing)\s+(?:of\s+)?(?:all\s+)?(?:those\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
# "district of X", "ضلع X" (Urdu: district X): the name is a district's.
EXPLICIT_BEFORE = re.compile(r"(?:\bdistrict\s+(?:of\s+)?|ضلع\s+)$")
# Where people spoke of it, not where it happened: "at the Quetta Press Club".
VENUE = re.compile(r"\s+(?:press\s+club|پریس\s+کلب|high\s+court|bench)\b", re.IGNORECASE)
# A call for something to be done ("HRCP calls on the government to release those held"): what
# follows is demanded, not reported, unless a relative clause tells what happened ("who were").
DEMAND = re.compile(
    r"\b(?:should|must|calls?\s+(?:on|upon|for)|called\s+(?:on|upon|for)|urg(?:es|ed|ing)|"
    r"demand(?:s|ed|ing)?|appeal(?:s|ed)\s+to|(?:ask|request)(?:s|ed|ing)?\s+(?:\w+\s+){0,4}?to\s+"
    r"(?!have\b))\b(?!.*\b(?:who|whose|after|when|since)\b)",
    re.IGNORECASE,
)
# What might have been, or would be: not what happened ("more might have been detained").
HYPOTHETICAL = re.compile(
    r"\b(?:might|could|would|may|should)\s+(?:well\s+|also\s+)?(?:have\s+)?(?:been\s+|be\s+)?$"
    r"|\b(?:risk|fear|danger|threat)\s+of\s+(?:being\s+)?$|\bif\s+(?:\w+\s+){0,4}?(?:were|was|is|are)"
    r"\s+$",
    re.IGNORECASE,
)
# After "taken away": things, not people.
THINGS = re.compile(
    r"^\s+(?:\w+\s+)?(?:his|her|their|the)?\s*(?:\w+\s+)?(?:weapons|arms|ammunition|laptops?|"
    r"phones?|mobile|vehicles?|cameras?|equipment|documents|belongings|footage)\b",
    re.IGNORECASE,
)
SPEECH_DATE = re.compile(
    r"\b(?:said|announced|told|stated|claimed|statement|media|reported|confirmed|denied|"
    r"rejected|added)\s+(?:\w+\s+){0,2}?(?:on\s+)?$",
    re.IGNORECASE,
)
# The day of something else told beside the event: a protest, a hearing, a release.
OTHER_DATE = re.compile(
    r"\b(?:protest|press\s+conference|rally|sit-in|hearing|returned\s+home|returned|released|"
    r"release)"
    r"\s+(?:\w+\s+){0,2}?(?:on\s+)?$",
    re.IGNORECASE,
)
# "arrested during a protest on Friday": the gathering's day is the event's when it happened there.
AT_GATHERING = re.compile(
    r"\b(?:during|at|from|outside|after|of|on|in)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:protest|"
    r"rally|sit-in|demonstration|gathering)\s+(?:\w+\s+){0,2}?(?:on\s+)?$",
    re.IGNORECASE,
)
RELATIVE_CLAUSE = re.compile(
    r",\s+(?:who|whom|whose|which)\b[^,]*,|\bwho\s+(?:had\s+)?(?:went|gone|been|was|were|"
    r"disappeared|vanished)\b[^,.;]{0,60}?(?=\s+(?:was|were|had\s+been|has\s+been)\s)",
    re.IGNORECASE,
)
# "منگل کو میڈیا کو جاری کردہ بیان میں" (in a statement released to the media on Tuesday).
URDU_AFTER_SPEECH = re.compile(r"^\s*کو\s+(?:\S+\s+){0,4}?(?:بیان|جاری|کہا|بتایا)")
OUTSIDE = re.compile(r"\b(?:outside|near|in\s+front\s+of|at\s+the\s+gate\s+of)\s+(?:the\s+)?$",
                     re.IGNORECASE)  # fmt: skip
# A cue that says more makes a lesser one in the same stretch part of it: bodies found in a
# grave are the grave; threats made while beating someone are the ill-treatment.
# So do people taken, held or killed: the summons, the raid or the threats around it are part
# of the taking.
SUBSUMES = {
    "mass_grave": {"extrajudicial_killing"},
    "torture": {"harassment"},
    "enforced_disappearance": {"harassment"},
    "arbitrary_detention": {"harassment"},
    "extrajudicial_killing": {"harassment"},
}
# "a sit-in on Thursday, when police arrested ...": the date is the event's after all.
WHEN = re.compile(r"\s*,?\s*when\b", re.IGNORECASE)
AFTER_SPEECH = re.compile(
    r"^\s*(?:\w+\s+)?(?:announced|said|told|stated|rejected|denied|claimed)\b",
    re.IGNORECASE,
)


@dataclass
class Reading:
    """What one stretch of a text names, with positions relative to `text`."""

    sentence: Sentence
    text: str
    offset: int
    actors: list[Mention]
    places: list[Mention]
    dates: list[DateMention]
    figures: list[tuple[int, Figure]]
    claim_type: tuple[str, int] | None = None
    abuse_types: list[tuple[str, int]] = field(default_factory=list)
    # Where each abuse cue ends ("bodies ... were found"): dates and places are read near it.
    cue_ends: dict[str, int] = field(default_factory=dict)
    abuse_nouns: list[tuple[str, int]] = field(default_factory=list)

    @property
    def groups(self) -> list[Mention]:
        """Armed groups named."""
        return [m for m in self.actors if m.kind == "armed_group"]

    @property
    def speech(self) -> bool:
        """Someone is reported speaking (a claim, a statement)."""
        return bool(cues.SPEECH.search(self.text))

    def speaking(self, mention: Mention) -> bool:
        """The actor named is the one speaking ("police said"), not the one acting."""
        before = self.text[max(0, mention.start - 14) : mention.start]
        after = self.text[mention.end :]
        return bool(SPEAKING.match(after) or URDU_SPEAKING.match(after)) or (
            "according to" in before.lower()
        )

    def event_dates(self) -> list[DateMention]:
        """Dates of what happened: not the day someone spoke ("said on Monday")."""
        dates = [
            d
            for d in self.dates
            if not OTHER_DATE.search(self.text[max(0, d.start - 40) : d.start])
            or WHEN.match(self.text[d.end :])
            or AT_GATHERING.search(self.text[max(0, d.start - 50) : d.start])
        ]
        kept = [d for d in dates if not self._speech_date(d)]
        return kept or ([] if len(dates) > 1 else dates)

    def is_speech_date(self, mention: DateMention) -> bool:
        """The day someone spoke ("said on Monday"), not the day of what they tell."""
        return self._speech_date(mention)

    def _speech_date(self, mention: DateMention) -> bool:
        before = self.text[max(0, mention.start - 40) : mention.start]
        after = self.text[mention.end :]
        return bool(SPEECH_DATE.search(before) or AFTER_SPEECH.match(after)
                    or URDU_AFTER_SPEECH.match(after))  # fmt: skip

    def nearest_date(self, position: int) -> DateMention | None:
        """The event date nearest to `position` (a cue), or None."""
        dates = self.event_dates()
        if not dates:
            return None
        # ", who was taken two months ago,": the relative clause's date is not the event's.
        aside = [m.span() for m in RELATIVE_CLAUSE.finditer(self.text)
                 if not m.start() <= position < m.end()]  # fmt: skip
        main = [d for d in dates if not any(a <= d.start < b for a, b in aside)]
        dates = main or dates
        # A date just after the verb ("was found on Sunday") is its own; one before it may
        # belong to a clause in between ("abducted in 2022, was found").
        return min(dates, key=lambda d: d.start - position if d.start >= position
                   else 1.5 * (position - d.end))  # fmt: skip

    def districts(self) -> list[Mention]:
        """Places naming a district, "X district" first, then in order."""
        explicit = [
            m
            for m in self.places
            if re.match(r"\s+district\b", self.text[m.end :], re.IGNORECASE)
            or EXPLICIT_BEFORE.search(self.text[max(0, m.start - 12) : m.start])
        ]
        rest = [m for m in self.places if m not in explicit]
        kept = [m for m in rest if not VENUE.match(self.text[m.end :])]
        # "outside the Gwadar press club": where it happened, when nothing else says where
        outside = [m for m in rest if m not in kept and OUTSIDE.search(
            self.text[max(0, m.start - 24) : m.start])]  # fmt: skip
        return explicit + (kept or outside)


def read(sentence: Sentence, vocabulary: Vocabulary, published: date | None,
         start: int = 0, end: int | None = None) -> Reading:  # fmt: skip
    """Read the sentence (or its clause from `start` to `end`)."""
    text = sentence.text[start:end]
    plain = QUOTES.sub(" ", text).replace(" s ", "'s ")
    reading = Reading(
        sentence=sentence,
        text=text,
        offset=sentence.start + start,
        actors=vocabulary.actors_in(text),
        places=vocabulary.places_in(text),
        dates=find_dates(text, published),
        figures=find_figures(plain),
    )
    reading.claim_type = _first_cue(cues.CLAIM_TYPES, text)
    reading.abuse_types, reading.cue_ends = _abuse_cues(text)
    names = [(m.start, m.end) for m in reading.actors]
    reading.abuse_nouns = [
        (code, m.start())
        for code, p in cues.ABUSE_NOUNS
        for m in p.finditer(text)
        if not any(start <= m.start() < end for start, end in names)
        and not cues.OPINION.search(text)
    ]
    return reading


def _first_cue(patterns: list[tuple[str, re.Pattern]], text: str) -> tuple[str, int] | None:
    for code, pattern in patterns:
        match = pattern.search(text)
        if match:
            return code, match.start()
    return None


def _abuse_cues(text: str) -> tuple[list[tuple[str, int]], dict[str, int]]:
    found, ends = [], {}
    for code, pattern in cues.ABUSE_TYPES:
        for match in pattern.finditer(text):
            if NEGATED.search(text[max(0, match.start() - 30) : match.start()]):
                continue
            if DEMAND.search(text[: match.start()]):
                continue
            if HYPOTHETICAL.search(text[max(0, match.start() - 40) : match.start()]):
                continue
            if cues.DENIED_REPORT.search(text[: match.start()]):
                continue
            if cues.DENIED_ACT.search(text[max(0, match.start() - 60) : match.start()]):
                continue
            taking = code in ("enforced_disappearance", "arbitrary_detention")
            # "took away their phones", not "bundled into a vehicle"
            into = re.search(r"\b(?:into|onto|off)$", match.group())
            if taking and not into and THINGS.match(text[match.end() :]):
                continue
            found.append((code, match.start()))
            ends[code] = match.end()
            break
    codes = {code for code, _ in found}
    lesser = set().union(*(SUBSUMES.get(code, set()) for code in codes))
    found = [cue for cue in found if cue[0] not in lesser]
    return sorted(found, key=lambda cue: cue[1]), ends
