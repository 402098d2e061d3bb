"""Who an abuse report says did it: a state force named as acting (not one that only speaks,
is told, or whose camp is merely a place), a common description of one, a name the passage
accuses, or the passage's own words for unnamed men."""

from __future__ import annotations

import re

from archive.messages import Message

from . import cues, fields
from .reading import Reading
from .vocabulary import Vocabulary

# An actor told of something, not the one who did it ("reported missing to the police").
RECIPIENT = re.compile(r"\b(?:to|with|before)\s+(?:the\s+)?$", re.IGNORECASE)
# "wounding two Levies men": the force's people counted among those harmed, not the doers.
COUNTED = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|both)\s+$",
    re.IGNORECASE,
)
# "A Levies constable was killed": one of the force's men is the one harmed, not the doer.
MEMBER_BEFORE = re.compile(r"\b(?:an?|one)\s+$", re.IGNORECASE)
MEMBER = re.compile(
    r"^\s+(?:[\w-]+\s+)?(?:constable|soldier|sepoy|official|officer|man|guard|jawan|employee|"
    r"driver)\s+(?:\w+\s+)?(?:was|had\s+been|has\s+been|is)\b",
    re.IGNORECASE,
)
ATTACKED = re.compile(
    r"\b(?:storm\w*|attack\w*|overr[au]n|raid\w*|target\w*|assault\w*|besieg\w*|surround\w*)"
    r"\s+(?:the\s+|an?\s+)?$",
    re.IGNORECASE,
)
# A force's camp or post names a place ("near an FC camp"), not who acted.
PLACE_OF = re.compile(r"\s+(?:camps?|posts?|check-?posts?|checkpoints?|stations?|headquarters|"
                      r"cantonment|compound|offices?|vehicles?|convoys?|patrols?|mobiles?|"
                      r"vans?|trucks?)\b", re.IGNORECASE)  # fmt: skip


SAYS_IT_DID = re.compile(
    r"\b(?:(?:it|they)\s+(?:had\s+)?|claim\w*\s+to\s+have\s+)(?:killed|shot\s+dead|gunned\s+down|"
    r"arrested|detained|abducted|kidnapped|seized)\b"
)


# what follows an actor that says it did it: "the CTD said (that) it had killed", "the CTD
# claimed to have killed", "the CTD officials said they had arrested"
SPEAKER_SAYS = re.compile(
    r"(?:\s+\w+){0,2}?\s+(?:(?:said|says|stated|claimed|claims|announced)(?:\s+that)?\s+"
    r"(?:it|they)\s+(?:had\s+)?|claim\w*\s+to\s+have\s+)(?:killed|shot\s+dead|gunned\s+down|"
    r"arrested|detained|abducted|kidnapped|seized)\b"
)


def perpetrator_of(
    reading: Reading, vocab: Vocabulary, position: int, custody: bool = True
) -> tuple[str, str | None, str] | None:
    """(words, actor code, reason) of who is said to have done it, or None. A force's
    camp or station names where people were held (custody), else only a place."""
    acting = [
        m
        for m in reading.actors
        if m.kind == "state"
        and not reading.speaking(m)
        and not RECIPIENT.search(reading.text[max(0, m.start - 12) : m.start])
        and not COUNTED.search(reading.text[max(0, m.start - 12) : m.start])
        and not (
            MEMBER_BEFORE.search(reading.text[max(0, m.start - 6) : m.start])
            and MEMBER.match(reading.text[m.end :])
        )
        and not cues.FINDER.match(reading.text[m.end :])
    ]
    held_at = [
        m
        for m in acting
        if PLACE_OF.match(reading.text[m.end :])
        and not ATTACKED.search(reading.text[max(0, m.start - 24) : m.start])
    ]
    # a post others stormed is where they struck, neither custody nor its doer
    acting = [
        m for m in acting if not ATTACKED.search(reading.text[max(0, m.start - 24) : m.start])
    ]
    acting = [m for m in acting if m not in held_at] or (held_at if custody else [])
    if not custody and (said := self_told(reading, as_subject=True)):
        # "the CTD claimed to have killed five, but the men were in the custody of agencies":
        # the force that says it killed them did it; the one that held them only held them
        return said
    if acting:
        best = min(acting, key=lambda m: fields.by_first(reading.text, m, position))
        name = vocab.actor_names.get(best.key, best.key)
        return (
            best.words,
            best.key,
            Message("‘%(words)s’ is %(name)s, named as acting", words=best.words, name=name),
        )
    described = fields.description(reading.text, vocab)
    if described:
        return described
    force = cues.FORCE_NAMED.search(reading.text)
    if force:
        who = " ".join((force["who"] or force["who2"] or force["who3"]).split())
        return (
            who,
            None,
            Message("‘%(who)s’ is named as acting, a name not in the reference data", who=who),
        )
    accused = cues.ACCUSED.search(reading.text)
    if accused:
        who = " ".join(accused["who"].split())
        return (
            who,
            None,
            Message("the passage accuses ‘%(who)s’, a name not in the reference data", who=who),
        )
    unnamed = cues.UNNAMED_PERPETRATORS.search(reading.text)
    if unnamed:
        return (
            unnamed.group(),
            None,
            Message("the passage names them only as ‘%(words)s’", words=unnamed.group()),
        )
    return self_told(reading)


def self_told(reading: Reading, as_subject: bool = False) -> tuple[str, str | None, Message] | None:
    """ "The CTD claimed to have killed", "the BLA said it had abducted": who says it did it.
    With `as_subject`, only an actor whose own words these are ("the CTD said it had killed"),
    not the first actor of a text in which someone says so ("the BLA said FC troops shot dead
    three students after they had detained them": FC acted, not the BLA)."""
    speakers = [m for m in reading.actors if m.kind in ("state", "armed_group")]
    if as_subject:
        speakers = [m for m in speakers if SPEAKER_SAYS.match(reading.text[m.end :])]
    if speakers and SAYS_IT_DID.search(reading.text):
        best = speakers[0]
        return best.words, best.key, Message("‘%(words)s’ says it did it", words=best.words)
    return None
