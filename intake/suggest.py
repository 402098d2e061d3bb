"""Suggested entries: from an article's text and the archive's reference data to draft abuse
reports and attack claims, each resting on its passage and saying why each field was suggested.

`suggest_drafts(text, vocabulary, published)` is pure and deterministic: the same text and
reference data give the same drafts. It reads sentence by sentence: a group speaking about an
attack makes a claim; a reported disappearance, detention, killing, torture, mass grave,
shelling or harm to civilians makes an abuse report; sentences that go on about the same event
join its draft; a claim and an abuse report of one event are linked, never merged.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta

from archive.messages import N_, Message

from . import cues, fields, keep, passes, tidy
from .dates import SMALL
from .drafts import Draft, Figure
from .figures import is_vague, named_person, people_named
from .perpetrators import perpetrator_of
from .reading import Reading, read
from .sentences import PARAGRAPH_BREAK, Sentence, sentences
from .vocabulary import Vocabulary, as_vocabulary

# What a figure counts, for each type of abuse: a detainee is "detained", not "missing".
KIND_BY_TYPE = {
    "enforced_disappearance": "missing",
    "arbitrary_detention": "detained",
    "extrajudicial_killing": "killed",
    "mass_grave": "killed",
    "torture": "victims",
    "harassment": "victims",
    "forced_displacement": "victims",
}
UMBRELLA_PLACES = 3
# What a mishap with no violence cannot be: no one took, killed or attacked those it harmed.
MISHAP_HIDES = {"enforced_disappearance", "extrajudicial_killing", "indiscriminate_attack"}
# Someone died of it: only then are people rounded up and fired on no arrest of their own.
DEATHS = re.compile(r"\b(?:kill\w*|shot\s+dead|dead|died|bodies|lifeless)\b", re.IGNORECASE)
# Abuses of people held: the force whose camp or station held them is who is said to act.
CUSTODY = {"enforced_disappearance", "arbitrary_detention", "torture", "harassment"}
# "he had been", "they were": the people just told of.
SAME_PEOPLE = re.compile(r"\b(?:they|he|she|them|him|her)\s+(?:had\s+)?been\b", re.IGNORECASE)
# A sentence that opens by referring back to people or things just told.
DEFINITE = re.compile(
    r"(?:The|Both|They|He|She|His|Her|Their|Relatives|The\s+family|The\s+families)\s+"
    r"(?:\w+\s+){0,2}?(?:said|says|told|shells?|bodies|men|injured|victims|two|family|"
    r"families|relatives)\b"
)


# Who acted, named by a word that refers back ("the men", "they", "the personnel").
REFERRING_DOER = re.compile(
    r"^(?:\S+\s+){0,3}?(?:the\s+(?:men|personnel|troops|soldiers|raiders|raiding\s+party|"
    r"officials|officers|policemen|force|forces|team|intruders|attackers|abductors)|they|those\s+"
    r"men)\s+(?:\w+\s+){0,2}?(?:took|picked|abducted|whisked|bundled|dragged|arrested|detained|"
    r"beat|tortured|forced|led|drove|shot|killed|blindfolded|handcuffed|seized|rounded)\b"
    r"|\bby\s+(?:the\s+)?(?:same\s+)?(?:men|personnel|troops|raiders|them)\b",
    re.IGNORECASE,
)


# Abuses told as lasting or spreading: a finding about a pattern, not a call or a question.
PERSIST = re.compile(
    r"\b(?:endemic|widespread|rampant|systematic|routine|unabated|unchecked|on\s+the\s+rise|"
    r"(?:are|is|have\s+been|has\s+been|remain|remains)\s+(?:rising|increasing|growing|common)|"
    r"(?:continu\w+|persist\w*)\s+(?:across|in|throughout)\b)",
    re.IGNORECASE,
)
# "the men", "the two brothers", "all the students": people counted before.
THE_PEOPLE = re.compile(
    r"\b(?:the|all\s+the|these|those)\s+(?P<noun>men|women|children|people|[a-z]+(?:ers|ents|"
    r"ists|ers|ians|ees|ors|ies|sons|others|cousins|brothers|youths|villagers|labourers))\b"
)
# Someone blamed for the abuses just told ("blamed security forces for the disappearances").
BLAMED = re.compile(
    r"\b(?:blam\w+|held|holds?|accus\w+)\s+(?:[\w-]+\s+){1,4}?(?:responsible\s+)?(?:for|of)\s+"
    r"(?:the|these|those|most\s+of\s+the)\s+(?:[\w-]+\s+)?(?P<what>disappearances|abductions|"
    r"killings|arrests|detentions|torture|strikes?|shelling|bombardment)\b",
    re.IGNORECASE,
)
BLAMED_TYPES = {"disap": "enforced_disappearance", "abduc": "enforced_disappearance",
                "killi": "extrajudicial_killing", "arres": "arbitrary_detention",
                "deten": "arbitrary_detention", "tortu": "torture",
                "strik": "indiscriminate_attack", "shell": "indiscriminate_attack",
                "bomba": "indiscriminate_attack"}  # fmt: skip
# Killed by someone: the verbs of killing in the passive.
KILLED_BY = re.compile(
    r"\b(?:killed|shot\s+dead|shot|gunned\s+down|executed|tortured\s+to\s+death|beaten\s+to\s+"
    r"death|murdered|slain)\s+(?:\w+\s+)?by\b",
    re.IGNORECASE,
)
# A force that killed civilians ("personnel opened fire and killed two shepherds").
STATE_KILLS = re.compile(
    r"^(?:\s+[\w-]+){0,4}?\s+(?P<verb>killed|shot\s+dead|gunned\s+down|shot|executed|"
    r"tortured\s+to\s+death|beat\s+(?:\w+\s+){1,3}?to\s+death)\s+(?:\w+\s+){0,3}?"
    rf"(?:{cues.CIVILIANS.pattern[2:-2]})\b",
    re.IGNORECASE,
)
# A force firing on people, and some killed ("FC personnel fired at a car, killing two
# brothers", "opened fire on his pick-up, and killed the driver").
STATE_FIRES = re.compile(
    r"^(?:\s+[\w-]+){0,3}?\s+(?P<verb>opened\s+fire|fired)\s+(?:\w+\s+){0,2}?(?:on|at|upon|into)\b"
    r"[^.;]{0,80}?\b(?:killing|and\s+killed|leaving)\s+(?P<who>[^.;]{1,50})",
    re.IGNORECASE,
)
# One person told by a pronoun at the act ("took him away", "detained her") or a singular
# noun before it ("the house of a reporter was raided"): a count of one.
ONE_PERSON = re.compile(r"\b(?:him|her)\b", re.IGNORECASE)
ONE_DOER = re.compile(
    r"\b(?:the|an?)\s+(?:[\w-]+\s+){0,2}?(?:reporter|correspondent|journalist|student|activist|"
    r"teacher|lawyer|doctor|shopkeeper|driver|labou?rer|fisherman|man|woman|boy|girl|youth)"
    r"(?=\s+(?:[\w-]+\s+){0,6}?(?:was|had\s+been|has\s+been)\b)",
    re.IGNORECASE,
)
# A force's own account of those it killed ("said it had killed three militants").
OFFICIAL_KILLING = re.compile(
    r"\b(?:killed|shot\s+dead|gunned\s+down|eliminated|neutrali[sz]ed)\b(?=[^.]{0,80}\b(?:"
    r"militants?|terrorists?|insurgents?|suspects?|miscreants|encounter|exchange\s+of\s+fire|"
    r"shoot-?out|operation|raid)\b)|\b(?:militants?|terrorists?|insurgents?|suspects?)\b[^.]{0,60}"
    r"\b(?:were|was|had\s+been)\s+killed\b",
    re.IGNORECASE,
)
# Those who knew the dead dispute the force's account.
DISPUTED = re.compile(
    r"\b(?:disput\w+|reject\w*|contest\w*|challeng\w+|question\w*|den(?:y|ied|ies))\s+(?:the|this|"
    r"that|their|its|such|an?|official|police|CTD['’]?s?|FC['’]?s?)\s+(?:\w+\s+)?(?:account|version|"
    r"claims?|story|narrative|statement)\b|\b(?:staged|fake|so-called)\s+encounter|\bkilled\s+in\s+"
    r"custody\b"
    # "insist the men had been in CTD custody for weeks": held before they were said to fight
    r"|\b(?:had\s+been|were|was)\s+(?:already\s+|still\s+)?in\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:custody|detention)\b"
    r"|\b(?:had\s+been|were|was)\s+(?:\w+\s+)?(?:picked\s+up|taken\s+away|abducted|forcibly\s+"
    r"disappeared)\b[^.]{0,60}\b(?:earlier|before|ago)\b",
    re.IGNORECASE,
)
# Where someone comes from, not where the act was: "hails from", "a native of".
ORIGIN = re.compile(
    r"\b(?:(?:hails?|hailing|originally|comes?|coming)\s+from|(?:native|resident|residents|"
    r"natives)\s+of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
# A dateline opening an article: place names, perhaps joined by "/", then ":" or "(...)".
DATELINE_HEAD = re.compile(r"\A\s*[^\W\d_][^\n:()]{1,40}?\s*(?:\([^)\n]{1,40}\)|:)")
# Several operations at once ("carried out attacks in Panjgur and Washuk").
OPERATIONS = re.compile(
    r"\b(?:operations|attacks|strikes|raids|actions|offensives|assaults)\b", re.IGNORECASE
)
# "responsibility for two attacks", "a number of operations": several operations told at once.
SEVERAL = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|multiple|a\s+(?:number|"
    r"series|spate|string)\s+of)\s+(?:[\w-]+\s+)?(?:operations|attacks|strikes|raids|actions|"
    r"assaults)\b",
    re.IGNORECASE,
)
PLURAL_BACK = re.compile(
    r"\b(?:the|these|those)\s+(?:[\w-]+\s+)?(?:attacks|operations|actions|strikes|raids|assaults)\b",
    re.IGNORECASE,
)
# The group's accusation, its reason for an act ("accusing the firm of looting").
MOTIVE = re.compile(
    r"\b(?:accus\w+|blam\w+)\s+(?:\w+\s+){0,3}(?:of|for)\b|\bin\s+(?:retaliation|revenge|"
    r"response)\s+for\b|\bfor\s+(?:allegedly\s+)?(?:working|spying|informing)\b",
    re.IGNORECASE,
)


PROVINCE_WIDE = re.compile(
    r"\b(?:in|across|throughout|from)\s+(?:the\s+)?(?:province|Balochistan|Sindh|Punjab|Khyber\s+"
    r"Pakhtunkhwa)\b(?!\s+(?:University|High\s+Court|Assembly|province['’]s))",
    re.IGNORECASE,
)
# "the post", "the convoy": the target of the claim just told.
TARGET_TOLD = re.compile(
    r"\bthe\s+(?:post|check-?post|checkpoint|camp|convoy|station|thana|vehicle|train|pipeline|"
    r"tower|base|attack|assault|ambush|blast|explosion)\b",
    re.IGNORECASE,
)


def _same_act(claim: Draft, event: dict) -> bool:
    """The act others tell is the one the group's claim told: same kind, no other district."""
    kinds = {claim.type, event["type"]}
    if len(kinds) > 1 and "armed_attack" not in kinds:
        return False
    return claim.district == event["district"]


def _says_more(told: str | None, claimed: str) -> bool:
    """The act others told is of a kind the cues put before the group's own word for it
    (explosives on a pipeline that others say was blown up: sabotage, not a bombing)."""
    order = list(dict.fromkeys(code for code, _ in cues.CLAIM_TYPES))
    if told not in order or claimed not in order or "armed_attack" in (told, claimed):
        return False
    return order.index(told) < order.index(claimed)


def dispersed_with_arrests(text: str) -> bool:
    """Whether a sentence tells a protest dispersed ("baton-charged", "tear gas") and arrests."""
    return cues.DISPERSAL.search(text) is not None and any(
        code == "arbitrary_detention" and pattern.search(text) for code, pattern in cues.ABUSE_TYPES
    )


def suggest_drafts(
    text: str, vocabulary: Vocabulary | dict, published: date | None = None
) -> list[Draft]:
    """Draft entries for every event `text` reports, in reading order, claims and abuse
    reports of one event linked (`linked_to`); [] when it reports none."""
    return keep.kept(text, published, rule_drafts(text, vocabulary, published))


def rule_drafts(
    text: str, vocabulary: Vocabulary | dict, published: date | None = None
) -> list[Draft]:
    """The rules' drafts before the keep filter (intake/keep.py) looks at them: what the
    filter is trained on."""
    return _Reader(text, as_vocabulary(vocabulary), published).drafts()


class _Reader:
    """One pass over a text's sentences, keeping what the next sentence may refer back to."""

    def __init__(self, text: str, vocabulary: Vocabulary, published: date | None):
        self.text, self.vocab, self.published = text, vocabulary, published
        self.found: list[Draft] = []
        self.paragraphs: list[int] = []  # the paragraph each draft starts in
        self.open: int | None = None  # the draft a following sentence may go on about
        self.open_paragraph = -1
        self.last_group: str | None = None
        self.last_claimant: str | None = None  # the group of the last claim drafted
        self.summaries: list[Draft] = []  # claims of several operations, kept aside
        self.official_killing: tuple[Reading, int] | None = None  # a force's own account
        self.operation: tuple[str, str | None, str] | None = None  # who ran the operation told
        self.counted: dict[str, tuple[Figure, int]] = {}  # "men" -> its last count, paragraph
        self.group_dates: dict[str, tuple] = {}  # group -> (date mention, paragraph)
        self.event: dict | None = None  # the last unclaimed attack told, for "the attack"
        self.pattern_perpetrator: tuple[str, str | None, str] | None = None
        self.scene: dict | None = None  # who acted, where and when, in a sentence with no draft
        self.voice: str | None = None  # the group whose own statement the text relays
        self.forces: tuple[tuple[str, str | None, str], int] | None = None  # a force acting
        self.breaks = [gap.end() for gap in PARAGRAPH_BREAK.finditer(text)]  # paragraph starts

    def drafts(self) -> list[Draft]:
        for sentence in sentences(self.text):
            self._sentence(sentence)
        self._summaries()
        tidy.tidy(self.text, self.found, self.paragraphs, self.vocab)
        passes.kill_and_dump(self.found, self.paragraphs)
        passes.taken_before_killed(self.found, self.paragraphs)
        passes.taking_joins_killing(self.found, self.paragraphs)
        passes.dateline(self.text, self.found, self.vocab)
        passes.abductions(self.found, self.vocab)
        for draft in self.found:
            fields.finish(draft, self.vocab)
        return self.found

    def _remember_counts(self, reading: Reading) -> None:
        """What each sentence counts, by the noun it counts ("all three men" -> men: 3)."""
        for _, figure in reading.figures:
            noun = figure.words.split()[-1].casefold()
            if figure.count and figure.count > 1 and noun.endswith(("s", "men", "ren")):
                self.counted[noun] = (figure, reading.sentence.paragraph)

    def _counted_before(self, draft: Draft, reading: Reading) -> None:
        """ "the men had been picked up": the men counted in this paragraph or the one before."""
        for match in THE_PEOPLE.finditer(reading.text):
            told = self.counted.get(match["noun"].casefold())
            if told and told[1] >= reading.sentence.paragraph - 1:
                figure, giver = told[0], fields.giver(draft.attributed_to or reading.text)
                kind = KIND_BY_TYPE[draft.type]
                draft.figures.append(Figure(kind, figure.count, figure.qualifier, giver,
                                            figure.words))  # fmt: skip
                draft.reasons["figures.0"] = Message(
                    "‘%(the)s’ are the ‘%(words)s’ told before", the=match.group(),
                    words=figure.words)  # fmt: skip
                return

    def _blamed(self, reading: Reading) -> None:
        """ "Families blamed security forces for the disappearances": who is said to have done
        the abuse told just before, when it named no one."""
        blame = BLAMED.search(reading.text)
        if blame is None:
            return
        code = BLAMED_TYPES[blame["what"].casefold()[:5]]
        told = next((d for d in reversed(self.found[-3:]) if d.category == "abuse"), None)
        if told is None or told.type != code or told.perpetrator or told.perpetrator_code:
            return
        if self.paragraphs[self.found.index(told)] < reading.sentence.paragraph - 1:
            return
        named = perpetrator_of(reading, self.vocab, blame.start(), custody=False)
        if named is not None:
            told.perpetrator, told.perpetrator_code, _ = named
            told.reasons["perpetrator"] = Message(
                "blamed for them in the text: %(words)s", words=fields.short(reading.text, 60)
            )

    def _operation_run(self, reading: Reading) -> None:
        """ "since security forces launched a military operation": who ran it, for harm told
        later "during the operation"."""
        run = cues.OPERATION_RUN.search(reading.text)
        if run is None:
            return
        doer = perpetrator_of(reading, self.vocab, run.start(), custody=False)
        if doer is not None:
            self.operation = doer

    def _by_operation(self, draft: Draft, reading: Reading) -> None:
        """Harm "during the operation": laid to who ran the operation told before."""
        if draft.perpetrator or draft.perpetrator_code or self.operation is None:
            return
        if not cues.DURING_OPERATION.search(reading.text):
            return
        words, code, _ = self.operation
        draft.perpetrator, draft.perpetrator_code = words, code
        draft.reasons["perpetrator"] = Message(
            "‘%(words)s’ ran the operation the passage refers to", words=words
        )

    def _by_forces_before(self, draft: Draft, reading: Reading) -> None:
        """People shot with no doer named: laid to the force told acting just before."""
        if draft.perpetrator or draft.perpetrator_code or self.forces is None:
            return
        if draft.type != self.vocab.type_or_other("abuse", "extrajudicial_killing"):
            return
        if self._shot_unnamed(reading) is None:
            return
        (words, code, _), _ = self.forces
        draft.perpetrator, draft.perpetrator_code = words, code
        draft.reasons["perpetrator"] = Message(
            "‘%(words)s’ were told acting just before; the passage names no one", words=words
        )

    def _died_later(self, reading: Reading) -> None:
        """ "One of them, a teenage boy, died overnight": those an attack on civilians hurt,
        told in this paragraph or the one before, die later; its toll of the dead grows."""
        died = cues.DIED_LATER.search(reading.text)
        if died is None or cues.SEPARATE.search(reading.text):
            return
        number = next((n for n in range(len(self.found) - 1, -1, -1)
                       if self.found[n].type == "indiscriminate_attack"), None)  # fmt: skip
        if number is None or self.paragraphs[number] < reading.sentence.paragraph - 1:
            return
        draft = self.found[number]
        if not any(f.kind == "injured" for f in draft.figures):
            return
        words = died["n"] or "one"
        count = int(words) if words.isdigit() else SMALL[words.lower()]
        killed = next((f for f in draft.figures if f.kind == "killed"), None)
        if killed is not None:
            killed.count = (killed.count or 0) + count
        else:
            given_by = fields.giver(fields.speaker(reading.text) or reading.text)
            draft.figures.append(Figure("killed", count, "exact", given_by, died.group()))
        index = next(n for n, f in enumerate(draft.figures) if f.kind == "killed")
        draft.reasons[f"figures.{index}"] = Message(
            "those hurt who died later: ‘%(words)s’", words=died.group())  # fmt: skip
        draft.passage_end = max(draft.passage_end, reading.sentence.end)
        draft.passage = self.text[draft.passage_start : draft.passage_end]

    def _official_killing(self, reading: Reading) -> None:
        """ "The CTD said it had killed three militants in an encounter": the force's account,
        kept until the next sentences dispute it, or forgotten."""
        killed = OFFICIAL_KILLING.search(reading.text)
        state = any(m.kind == "state" for m in reading.actors) or fields.description(
            reading.text, self.vocab)  # fmt: skip
        self.official_killing = (reading, killed.start()) if killed and state else None

    def _disputed_killing(self, reading: Reading) -> None:
        """ "Families of the men disputed the account": the killing told before becomes an
        alleged extrajudicial killing."""
        told = self.official_killing
        if told is None or reading.sentence.paragraph > told[0].sentence.paragraph + 1:
            self.official_killing = None
            return
        if not DISPUTED.search(reading.text):
            return
        self.official_killing = None
        before = len(self.found)
        self._new_abuse(told[0], "extrajudicial_killing", told[1])
        if len(self.found) > before:
            draft = self.found[-1]
            draft.reasons["type"] = Message(
                "a force's account of a killing, disputed: %(words)s",
                words=fields.short(reading.text, 60),
            )
            self.open = None

    def _summaries(self) -> None:
        """A claim of several operations stands only when none of its acts is told after it."""
        for summary in self.summaries:
            told = any(
                d.category == "claim" and d.group == summary.group
                and d.passage_start > summary.passage_start
                for d in self.found
            )  # fmt: skip
            if not told:
                self.found.append(summary)
                self.paragraphs.append(-1)

    # --- one sentence -------------------------------------------------------------------

    def _sentence(self, sentence: Sentence) -> None:
        reading = read(sentence, self.vocab, self.published)
        self._died_later(reading)
        self._disputed_killing(reading)
        self._operation_run(reading)
        self._remember_counts(reading)
        acting = perpetrator_of(reading, self.vocab, 0, custody=False)
        if acting is not None:
            self.forces = (acting, sentence.paragraph)
        group = self._group_of(reading)
        voiced = self._in_voice(reading, group)
        group = group or voiced
        made = False
        if group and (voiced or self._is_claim(reading)) and not self._taking(reading):
            made = self._claim(reading, group)
        abuses = self._abuses(sentence, reading, civilians_only=made)
        made = made or abuses
        if not made:
            self._context(reading, group)
            self._set_scene(reading)
            self._official_killing(reading)
            self._blamed(reading)
        else:
            self.scene = None
        if reading.groups:
            self.last_group = reading.groups[0].key
        elif any(m.kind == "state" and reading.speaking(m) for m in reading.actors):
            self.last_group = None  # "Levies officials denied it. They said...": not the group
        elif group:
            self.last_group = group

    def _taking(self, reading: Reading) -> bool:
        """ "two brothers were picked up during a raid", "the army raided the villages and
        abducted three civilians": people taken, by no fighters of the group, are an abuse the
        text (or the group) reports, not an act the group claims."""
        if not any(code in cues.TAKINGS for code, _ in reading.abuse_types):
            return False
        if cues.OWN_FIGHTERS.search(reading.text) or cues.BARE_FIGHTERS.search(reading.text):
            return False
        return not any(not reading.speaking(m) for m in reading.groups)

    def _in_voice(self, reading: Reading, group: str | None) -> str | None:
        """The group whose statement the text relays, when this sentence tells an act of its
        fighters in its own words ("Our fighters hurled grenades at a camp"): a claim with no
        'said' of its own. Another speaker ends the statement."""
        if reading.groups and cues.STATEMENT_OPENS.search(reading.text):
            self.voice = reading.groups[0].key
            return None
        if self.voice is None:
            return None
        if cues.OTHER_VOICE.search(reading.text) and not reading.groups:
            self.voice = None
            return None
        if cues.RECALLED.search(reading.text):
            return None  # "In July last year ...": background, not one of the statement's acts
        if any(m.kind != "armed_group" and reading.speaking(m) for m in reading.actors):
            self.voice = None
            return None
        if group not in (None, self.voice) or reading.claim_type is None:
            return None
        if cues.NOT_A_CLAIM.search(reading.text) or cues.FUTURE.search(
            reading.text[max(0, reading.claim_type[1] - 50) : reading.claim_type[1]]
        ):
            return None
        # "the railway track was blown up": an act told in the passive, naming no one else,
        # is still the statement's own
        passive = not (reading.actors or cues.SEPARATE.search(reading.text))
        own = cues.OWN_FIGHTERS.search(reading.text) or cues.BARE_FIGHTERS.search(reading.text)
        if group is None and not own and not passive:
            return None
        return self.voice

    def _group_of(self, reading: Reading) -> str | None:
        named = reading.groups
        if named:
            return named[0].key
        if self.last_group and cues.GROUP_ANAPHORA.search(reading.text):
            return self.last_group
        if self.last_claimant and cues.GROUP_NAMED_AGAIN.search(reading.text):
            return self.last_claimant
        return None

    def _is_claim(self, reading: Reading) -> bool:
        if cues.NOT_A_CLAIM.search(reading.text) or not reading.speech:
            return False
        if reading.claim_type and cues.FUTURE.search(
            reading.text[max(0, reading.claim_type[1] - 50) : reading.claim_type[1]]
        ):
            return False  # "said it would continue its attacks": a threat, not a claim
        accusing = MOTIVE.search(reading.text)
        if accusing and reading.abuse_types:
            # "said it shot dead a constable, accusing him of harassing its members": the
            # accusation after the act is the group's reason for it, the act is claimed.
            acted = reading.claim_type and reading.claim_type[1] < accusing.start()
            if not acted:
                return False
        return bool(reading.claim_type or cues.CLAIM_CLAUSE.search(reading.text))

    # --- claims -------------------------------------------------------------------------

    def _claim(self, reading: Reading, group: str) -> bool:
        if cues.ALL_TOLD.search(reading.text) and any(
            d.category == "claim" and d.group == group for d in [*self.found, *self.summaries]
        ):
            return True  # "responsibility for all these attacks": each is drafted already
        summary = next((d for d in reversed(self.summaries) if d.group == group), None)
        # once the statement lists its acts one by one, an act with no place of its own is one
        # more of them ("on the same day the fighters blocked the road"), not the summary again
        listing = (
            summary is not None
            and reading.claim_type is not None
            and any(
                d.category == "claim"
                and d.group == group
                and d.passage_start > summary.passage_start
                for d in self.found
            )
        )
        if (
            summary is not None
            and (PLURAL_BACK.search(reading.text) or not (reading.places or listing))
            and not reading.event_dates()
        ):
            # "the attacks have targeted...", "also claimed to have captured police stations":
            # the several operations claimed, told more, with no place or day of their own
            return True
        # The dateline ("ZHOB/QUETTA (Staff Reporter)") says where the report was filed.
        filed = DATELINE_HEAD.match(reading.text) if reading.sentence.start == 0 else None
        places = [m for m in reading.places if not (filed and m.start < filed.end())]
        districts = {m.key for m in places}
        dates = reading.event_dates()
        if len(places) >= UMBRELLA_PLACES and len(districts) >= 2:
            self.last_claimant = group
            if dates:
                self.group_dates[group] = (dates[0], reading.sentence.paragraph)
            return False
        several = len(districts) >= 2 or SEVERAL.search(reading.text) or not districts
        if several and OPERATIONS.search(reading.text):
            # "operations in Panjgur and Washuk": the acts are told next; the summary is a
            # claim of its own only if none of them is.
            if dates:
                self.group_dates[group] = (dates[0], reading.sentence.paragraph)
            self._new_claim(reading, group)
            if self.found[-1].linked_to is not None:
                return True  # linked to the harm it caused: it stays where it is
            self.summaries.append(self.found.pop())
            self.paragraphs.pop()
            self.open = None
            return True
        if self._claims_event(reading, group):
            self._new_claim(reading, group)
            return True
        current = self._open_draft("claim")
        if current is not None and current.group == group and self._goes_on(current, reading):
            self._join(current, reading)
            return True
        told = self._claim_told_again(reading, group)
        if told is not None:
            self._join(told, reading)
            return True
        self._new_claim(reading, group)
        return True

    def _claims_event(self, reading: Reading, group: str) -> bool:
        """ "The TTP later said the attack was carried out by its fighters": an act told after
        the group's last claim, by others, with no claim of its own yet, is what this sentence
        claims when it refers to it or names no other place or day."""
        event = self.event
        if event is None or event["paragraph"] < reading.sentence.paragraph - 1:
            return False
        claims = [d for d in self.found if d.category == "claim" and d.group == group]
        if any(d.passage_end > event["start"] for d in claims):
            return False
        if claims and _same_act(claims[-1], event):
            return False  # the claim told first ("has claimed the firing"), then how it went
        refers = cues.CLAIM_CLAUSE, cues.EVENT_ANAPHORA, cues.SAME_TIME
        if any(cue.search(reading.text) for cue in refers):
            return True
        own = reading.places or [d for d in reading.event_dates() if d.date]
        return event["paragraph"] == reading.sentence.paragraph and not own

    def _claim_told_again(self, reading: Reading, group: str) -> Draft | None:
        """ "The group said its fighters killed two policemen", after officials spoke of the
        attack it claimed: its claim told again, with no new place, day or kind of act."""
        if reading.places or reading.event_dates() or cues.SEPARATE.search(reading.text):
            return None
        code = reading.claim_type[0] if reading.claim_type else "armed_attack"
        for number in range(len(self.found) - 1, max(-1, len(self.found) - 4), -1):
            draft = self.found[number]
            if draft.category != "claim" or draft.group != group:
                continue
            if self.paragraphs[number] < reading.sentence.paragraph - 1:
                return None
            if self._one_more(draft, reading):
                return None
            return draft if "armed_attack" in (code, draft.type) or code == draft.type else None
        return None

    def _goes_on(self, draft: Draft, reading: Reading) -> bool:
        """The sentence tells more of the open draft's event, not a new one."""
        if self._one_more(draft, reading):
            return False
        if cues.EVENT_ANAPHORA.search(reading.text) and not cues.CLAIM_CLAUSE.search(reading.text):
            return True
        if self._another_act(draft, reading):
            return False
        if fields.dated_by_publication(draft):
            return not fields.new_place(draft, reading)
        return not (fields.new_place(draft, reading) or fields.new_date(draft, reading))

    def _another_act(self, draft: Draft, reading: Reading) -> bool:
        """ "...said in the same statement that its fighters had stopped traffic on Sunday",
        "They also set a bank ablaze", "on the same day they blocked the road": an act of another
        kind on a day of its own, or told as one more, is another operation."""
        if reading.claim_type is None or reading.claim_type[0] in (draft.type, "armed_attack"):
            return False
        if cues.SAME_DAY.search(reading.text):
            return True  # "on the same day the fighters blocked the road": one more act
        return self._one_more(draft, reading) or any(
            d.date and d.date != draft.date for d in reading.event_dates()
        )

    def _one_more(self, draft: Draft, reading: Reading) -> bool:
        """ "The group further said its men had sealed off the road": an act of another kind,
        told as one more, unless what it follows is a claim of several operations (the acts
        listed after it are its parts)."""
        if reading.claim_type is None or reading.claim_type[0] in (draft.type, "armed_attack"):
            return False
        return bool(cues.ANOTHER_ACT.search(reading.text)) and not OPERATIONS.search(draft.passage)

    def _new_claim(self, reading: Reading, group: str) -> None:
        code, position = reading.claim_type or ("armed_attack", 0)
        draft = self._draft("claim", code, reading, position)
        draft.group = group
        draft.reasons["type"] = fields.cue_reason(reading, code, position, "claim", self.vocab)
        draft.reasons["group"] = self._group_reason(reading, group)
        draft.status = "claimed"
        self._place(draft, reading, position)
        self._date(draft, reading, position)
        event = self.event
        refers = cues.CLAIM_CLAUSE, cues.EVENT_ANAPHORA, cues.SAME_TIME
        if event and (
            self._claims_event(reading, group)
            or (
                any(cue.search(reading.text) for cue in refers)
                and event["paragraph"] >= (reading.sentence.paragraph - 2)
            )
        ):
            spoken = reading.nearest_date(position)
            if spoken is not None and reading.is_speech_date(spoken) and event.get("date"):
                # "claimed on Tuesday the attack of Monday night": the attack's day
                draft.date = draft.date_end = None
                draft.date_precision = "unknown"
            self._adopt_event(draft, event, told=reading.claim_type is not None)
        self._anchored_date(draft, group, reading)
        if draft.date is None:
            self._same_time(draft, group, reading)
        if draft.date is None:
            self._date_of_claim_before(draft, group, reading)
        if draft.date is None:
            self._group_date(draft, group, reading)
        self._figures(draft, reading, "group")
        self._append(draft, reading)

    def _adopt_event(self, draft: Draft, event: dict, told: bool = True) -> None:
        """ "Responsibility for the attack": the attack told before is the one claimed."""
        if (event.get("type") and not (told and fields.explicit_type(draft))) or _says_more(
            event.get("type"), draft.type
        ):
            draft.type = event["type"]
            draft.reasons["type"] = Message(
                "the attack claimed is the one told before: %(why)s", why=event["why"]
            )
        for name in ("district", "place", "date", "date_end", "date_precision"):
            if event.get(name) and not getattr(draft, name):
                setattr(draft, name, event[name])
                draft.reasons[name] = Message(
                    "from the attack told before (%(words)s)", words=event["words"]
                )
        if draft.date_precision == "unknown" and event.get("date_precision"):
            draft.date_precision = event["date_precision"]
        if event["start"] < draft.passage_start and event["paragraph"] == bisect_right(
            self.breaks, draft.passage_start
        ):
            # the act told just before in the paragraph is what the claim rests on too
            draft.passage_start = event["start"]
            draft.passage = self.text[draft.passage_start : draft.passage_end]
        if event.get("abuse") is not None:
            self._link(draft, event["abuse"])
            abuse = self.found[event["abuse"]]
            if not abuse.perpetrator_code:
                abuse.perpetrator_code = draft.group
                abuse.reasons["perpetrator"] = Message(
                    "%(group)s claimed the attack (linked claim)", group=draft.group
                )
        self.event = None

    def _claim_before(self, group: str, reading: Reading) -> Draft | None:
        """The group's claim told in this paragraph or the one before, dated by the text."""
        for number in range(len(self.found) - 1, -1, -1):
            draft = self.found[number]
            ends_in = bisect_right(self.breaks, draft.passage_end - 1)
            if ends_in < reading.sentence.paragraph - 1:
                return None
            if draft.category == "claim" and draft.group == group:
                return None if fields.dated_by_publication(draft) or not draft.date else draft
        return None

    def _anchored_date(self, draft: Draft, group: str, reading: Reading) -> None:
        """ "Two days later, the group said...", "said on Thursday that ... the previous
        evening": a day counted from the day the group spoke, else from its claim told
        before."""
        counted = cues.ANCHORED.search(reading.text)
        if counted is None:
            return
        spoken = [d for d in reading.dates if d.precision == "day" and reading.is_speech_date(d)]
        ours = [
            d.date for d in reading.dates if d.start < counted.end() and counted.start() < d.end
        ]
        if draft.date and draft.date not in [d.date for d in spoken] + ours:
            return  # the act has its day ("owned the attack of Monday a day later")
        before = self._claim_before(group, reading)
        if spoken:
            anchor, words = spoken[0].date, spoken[0].words
        elif before is not None and before.date_precision == "day":
            anchor, words = before.date, fields.short(before.passage, 40)
        else:
            return
        if counted["n"]:
            number = counted["n"].lower()
            amount = int(number) if number.isdigit() else SMALL[number]
            step = amount if counted["dir"].lower() in ("later", "after") else -amount
        else:
            step = 1 if counted["next"] else -1
        day = date.fromisoformat(anchor) + timedelta(days=step)
        if self.published and day > self.published:
            return
        draft.date, draft.date_end, draft.date_precision = day.isoformat(), None, "day"
        draft.reasons["date"] = Message(
            "‘%(words)s’, counted from %(anchor)s (%(told)s)",
            words=counted.group(), anchor=anchor, told=words)  # fmt: skip

    def _date_of_claim_before(self, draft: Draft, group: str, reading: Reading) -> None:
        """An act with no day of its own, told with the group's claim just before (one more
        act of the same operation or statement): that claim's day."""
        before = self._claim_before(group, reading)
        if before is None or cues.SEPARATE.search(reading.text):
            return
        _date_as(draft, before, Message(
            "no day of its own: as the group's claim told with it (%(passage)s)",
            passage=fields.short(before.passage, 50),
        ))  # fmt: skip

    def _same_time(self, draft: Draft, group: str, reading: Reading) -> None:
        """ "In a second operation the same night": the day of the group's claim told before."""
        if not cues.SAME_TIME.search(reading.text):
            return
        before = next((d for d in reversed(self.found) if d.category == "claim"), None)
        if before is None or before.group != group or not before.date:
            return
        if fields.dated_by_publication(before):
            return
        _date_as(draft, before, Message(
            "‘the same day’: as the claim told before (%(passage)s)",
            passage=fields.short(before.passage, 50),
        ))  # fmt: skip

    def _group_date(self, draft: Draft, group: str, reading: Reading) -> None:
        told = self.group_dates.get(group)
        if told and told[1] >= reading.sentence.paragraph - 1:
            mention = told[0]
            draft.date, draft.date_end, draft.date_precision = (
                mention.date, mention.date_end, mention.precision)  # fmt: skip
            draft.reasons["date"] = Message(
                "%(reason)s: the group's operations this sentence tells", reason=mention.reason
            )
        else:
            # an act the text does not date is undated, never the day the text came out
            draft.date = draft.date_end = None
            draft.date_precision = "unknown"
            draft.reasons["date"] = fields.PUBLICATION_DATE

    def _group_reason(self, reading: Reading, group: str) -> str:
        named = [m for m in reading.groups if m.key == group]
        if named:
            return Message(
                "‘%(words)s’ is %(name)s",
                words=named[0].words,
                name=self.vocab.actor_names.get(group, group),
            )
        return Message(
            "‘the group’ refers back to %(name)s", name=self.vocab.actor_names.get(group, group)
        )

    # --- abuse reports ------------------------------------------------------------------

    def _abuses(self, sentence: Sentence, whole: Reading, civilians_only: bool = False) -> bool:
        if civilians_only:
            return self._abuse_clause(whole, civilians_only=True)
        if self._refers_back(whole):
            return True
        made = False
        spans = fields.clauses(sentence.text)
        if dispersed_with_arrests(sentence.text):
            spans = [(0, len(sentence.text))]  # the arrests take the dispersal's doer, day, place
        for start, end in spans:
            reading = read(sentence, self.vocab, self.published, start, end) if (
                (start, end) != (0, len(sentence.text))) else whole  # fmt: skip
            before = len(self.found)
            made = self._abuse_clause(reading) or made
            if start and before and len(self.found) > before:
                fields.same_doer(self.found[before - 1], self.found[before:])
        if not made:
            made = self._abuse_nouns(whole)
        else:
            self.pattern_perpetrator = None
        return made

    def _refers_back(self, reading: Reading) -> bool:
        """ "The killings" of an event told before, with nothing new: no second draft."""
        if not cues.EVENT_ANAPHORA.search(reading.text) or reading.places or reading.figures:
            return False
        codes = {code for code, _ in reading.abuse_types}
        told = [d for d in self.found if d.category == "abuse" and d.type in codes]
        return bool(told) and not reading.event_dates()

    def _abuse_clause(self, reading: Reading, civilians_only: bool = False) -> bool:
        found = [] if civilians_only else list(reading.abuse_types)
        killing = None if civilians_only else self._state_killing(reading)
        if killing is not None and all(code != "extrajudicial_killing" for code, _ in found):
            found.append(("extrajudicial_killing", killing))
        if cues.SUSPECTS.search(reading.text) and not cues.DOUBT.search(reading.text):
            # "two suspects were arrested in connection with the attack"
            found = [cue for cue in found if cue[0] != "arbitrary_detention"]
        if cues.DEMAND.search(reading.sentence.text):
            return False  # what the writer demands be done, not what was done
        if cues.RELEASED.search(reading.text):
            found = [cue for cue in found if cue[0] != "enforced_disappearance"]
        found = [cue for cue in found if not self._taken_before(reading, cue)]
        if cues.GATHERED_TO_KILL.search(reading.sentence.text) and DEATHS.search(
            reading.sentence.text
        ):
            # "rounded up the labourers and opened fire": a killing, not an arrest beside it
            found = [cue for cue in found if cue[0] != "arbitrary_detention"]
        mishap = cues.mishap(reading.text)
        if mishap:
            # "missing at sea after their boat capsized", "bodies recovered by rescue teams":
            # harmed by the sea or a mine, not by anyone
            found = [cue for cue in found if cue[0] not in MISHAP_HIDES]
        # "baton-charged the sit-in and arrested thirty": one entry, the arrests, and an event
        # of its own (the protest's), never a taking told before
        dispersed = dispersed_with_arrests(reading.sentence.text)
        if dispersed:
            found = [cue for cue in found if not self._dispersal(reading, cue)]
        civilian = None if mishap else self._civilian_harm(reading)
        if civilian is not None and not found:
            found.append(("indiscriminate_attack", civilian))
        if not found:
            return False
        codes = {code for code, _ in found}
        if {"enforced_disappearance", "arbitrary_detention"} <= codes and cues.UNSEEN.search(
            reading.text
        ):
            # Held and not seen since: a disappearance, not a detention beside it.
            found = [cue for cue in found if cue[0] != "arbitrary_detention"]
        for code, position in fields.distinct(found):
            current = None if dispersed else self._open_draft("abuse")
            if current is not None and self._taken_before_killed(current, code, reading):
                self._join(current, reading)
            elif current is not None and self._same_abuse(current, code, reading):
                self._join(current, reading)
                if (
                    current.type == "arbitrary_detention"
                    and code == "enforced_disappearance"
                    and cues.UNSEEN.search(reading.text)
                ):
                    self._disappeared(current, reading, position)
            elif (told := self._told_again(code, reading)) is not None:
                self._join(told, reading)
            else:
                self._new_abuse(reading, code, position)
        return True

    @staticmethod
    def _taken_before_killed(draft: Draft, code: str, reading: Reading) -> bool:
        """ "Relatives said he had been taken off a coach months ago", told of the dead a force
        says it killed in an encounter: the person taken and later killed is the killing's one
        entry (bodies found dumped keep the taking told apart, as annotated since the start)."""
        return (
            draft.type == "extrajudicial_killing"
            and code in cues.TAKINGS
            and cues.ENCOUNTER.search(draft.passage) is not None
            and cues.TAKEN_EARLIER.search(reading.text) is not None
        )

    @staticmethod
    def _dispersal(reading: Reading, cue: tuple[str, int]) -> bool:
        """Whether an abuse cue is the dispersal of a protest ("baton-charged", "tear gas")."""
        code, position = cue
        return code == "torture" and cues.DISPERSAL.match(reading.text, position) is not None

    def _taken_before(self, reading: Reading, cue: tuple[str, int]) -> bool:
        """ "Relatives of the detained men gathered", "those arrested included two women": a
        taking named only to refer to people told before, when a taking was drafted already."""
        code, position = cue
        if code not in cues.TAKINGS:
            return False
        told = any(d.category == "abuse" and d.type in cues.TAKINGS for d in self.found)
        if not told:
            return False
        near = cues.TAKEN_BEFORE.search(reading.text, max(0, position - 12))
        if near is None or near.start() > position:
            return False
        # the only taking in the sentence is the one referring back
        rest = reading.text[: near.start()] + " " + reading.text[near.end() :]
        return not any(
            pattern.search(rest) for kind, pattern in cues.ABUSE_TYPES if kind in cues.TAKINGS
        )

    def _told_again(self, code: str, reading: Reading) -> Draft | None:
        """ "They hung me upside down and beat me": an abuse of the type told in this paragraph
        or the one before, with no new place, day or count, is that abuse told again."""
        if reading.places or reading.event_dates() or reading.figures:
            return None
        if cues.SEPARATE.search(reading.text):
            return None
        for number in range(len(self.found) - 1, max(-1, len(self.found) - 4), -1):
            draft = self.found[number]
            if (
                draft.category == "abuse"
                and draft.type == code
                and (self.paragraphs[number] >= reading.sentence.paragraph - 1)
            ):
                return draft
        return None

    def _disappeared(self, draft: Draft, reading: Reading, position: int) -> None:
        """A detention the text goes on to tell as a disappearance becomes one."""
        draft.type = self.vocab.type_or_other("abuse", "enforced_disappearance")
        why = fields.cue_reason(reading, "enforced_disappearance", position, "abuse", self.vocab)
        draft.reasons["type"] = Message("held, then as the text goes on: %(why)s", why=why)
        for figure in draft.figures:
            if figure.kind == "detained":
                figure.kind = "missing"

    def _state_killing(self, reading: Reading) -> int | None:
        """A killing by a state force: by them, or told by them while the text doubts it."""
        match = KILLED_BY.search(reading.text)
        state = [m for m in reading.actors if m.kind == "state" and not reading.speaking(m)]
        if match and (state or fields.description(reading.text[match.end() :], self.vocab)):
            return match.start()
        # "Police shot dead a student": a force killing people not under arms
        for actor in state:
            kills = STATE_KILLS.match(reading.text[actor.end :])
            if kills and not cues.SUSPECTS.search(reading.text):
                return actor.end + kills.start("verb")
            fires = STATE_FIRES.match(reading.text[actor.end :])
            if fires and not (
                cues.SUSPECTS.search(reading.text) or cues.COMBATANTS.search(fires.group("who"))
            ):
                return actor.end + fires.start("verb")
        shot = self._shot_unnamed(reading)
        if shot is not None:
            return shot
        doubted = cues.DOUBTED_KILLING.search(reading.text)
        # "The CTD claimed to have killed five ... but relatives said they were in custody":
        # the force that speaks of the killing is the one that killed.
        if doubted and (state or any(m.kind == "state" for m in reading.actors)):
            return doubted.start()
        return None

    def _shot_unnamed(self, reading: Reading) -> int | None:
        """ "Troops surrounded the village... Three shepherds were shot dead": people not under
        arms shot, in the passive, naming no doer, in the paragraph after a state force was
        told acting, or in its own: a killing laid to that force."""
        shot = cues.SHOT_UNNAMED.search(reading.text)
        if shot is None or self.forces is None:
            return None
        if self.forces[1] < reading.sentence.paragraph - 1 or reading.groups:
            return None
        before = reading.text[: shot.start()]
        if not cues.CIVILIANS.search(before) or cues.COMBATANTS.search(before):
            return None
        if cues.UNNAMED_PERPETRATORS.search(reading.text) or cues.SUSPECTS.search(reading.text):
            return None
        return shot.start()

    def _civilian_harm(self, reading: Reading) -> int | None:
        """Civilians killed or injured by an explosion, shelling or firing."""
        violence = cues.VIOLENCE.search(reading.text)
        if not violence:
            return None
        for _, figure in reading.figures:
            if figure.kind in ("killed", "injured") and cues.CIVILIANS.search(figure.words):
                return violence.start()
        return None

    def _same_abuse(self, draft: Draft, code: str, reading: Reading) -> bool:
        taken = {"enforced_disappearance", "arbitrary_detention"}
        if draft.type != code and not {draft.type, code} <= taken:
            return False
        if any(m.key != draft.district for m in reading.places if draft.district):
            return False
        for mention in reading.event_dates():
            if draft.date and mention.date and not fields.within(mention.date, draft.date,
                                                           draft.date_end):  # fmt: skip
                return False
        return not fields.other_people(draft, reading)

    def _new_abuse(self, reading: Reading, code: str, position: int) -> None:
        draft = self._draft("abuse", code, reading, position)
        draft.status = "alleged"
        draft.reasons["type"] = fields.cue_reason(reading, code, position, "abuse", self.vocab)
        self._perpetrator(draft, reading, position)
        anchor = reading.cue_ends.get(code, position)
        self._place(draft, reading, anchor)
        if not draft.district and PROVINCE_WIDE.search(reading.text):
            # "27 people ... in Balochistan during May": no one district; none is filled later
            draft.reasons["district"] = N_("the passage speaks of the whole province")
        self._date(draft, reading, anchor)
        self._figures(draft, reading, None)
        if self._attack_on_forces(draft):
            return  # soldiers killed by unnamed gunmen: an attack, unclaimed, not an abuse
        if not draft.figures and code in KIND_BY_TYPE:
            self._named_person(draft, reading, position, reading.cue_ends.get(code, position))
        if not draft.figures and code in KIND_BY_TYPE:
            self._counted_before(draft, reading)
        fields.since_range(draft, reading, self.published)
        self._from_scene(draft, reading)
        self._by_operation(draft, reading)
        self._by_forces_before(draft, reading)
        self._same_people(draft, reading)
        self._from_before(draft, reading)
        claim = self._open_draft("claim")
        if claim is not None and cues.EVENT_ANAPHORA.search(reading.text):
            self._inherit(draft, claim)
            self._link(draft, self.found.index(claim))
        if code == "indiscriminate_attack":
            self.event = self._event_of(draft, reading)
            self.event["abuse"] = len(self.found)
            if reading.claim_type:
                self.event["type"] = reading.claim_type[0]
                self.event["why"] = fields.cue_reason(
                    reading, reading.claim_type[0], reading.claim_type[1], "claim", self.vocab
                )
        self._append(draft, reading)

    def _attack_on_forces(self, draft: Draft) -> bool:
        """A killing or disappearance whose people are all men under arms ("two Levies
        personnel were shot dead by gunmen", "a constable missing since armed men stormed the
        station"), by no state force: an attack on forces, which no abuse report records."""
        if draft.type not in ("extrajudicial_killing", "enforced_disappearance"):
            return False
        if not draft.figures:
            return False
        if self.vocab.actor_kinds.get(draft.perpetrator_code or "") == "state":
            return False
        return all(cues.COMBATANTS.search(f.words) for f in draft.figures)

    def _set_scene(self, reading: Reading) -> None:
        """ "The FC raided the village on Friday.": who acted, where and when, for a next
        sentence that says only "the men" or "they" took someone."""
        doer = perpetrator_of(reading, self.vocab, 0, custody=False)
        if doer is None:
            self.scene = None
            return
        probe = Draft("abuse", "", "", 0, 0)
        self._place(probe, reading, 0)
        self._date(probe, reading, 0)
        self.scene = {"doer": doer, "probe": probe, "paragraph": reading.sentence.paragraph,
                      "words": fields.short(reading.text, 50)}  # fmt: skip

    def _from_scene(self, draft: Draft, reading: Reading) -> None:
        """ "The men took away three brothers": the doers, place and day of the sentence
        before, which told who came and named no victim."""
        scene = self.scene
        if scene is None or scene["paragraph"] < reading.sentence.paragraph - 1:
            return
        if not REFERRING_DOER.search(reading.text):
            return
        why = Message("‘%(doer)s’ refers back to: %(words)s",
                      doer=REFERRING_DOER.search(reading.text).group().strip(),
                      words=scene["words"])  # fmt: skip
        referring = REFERRING_DOER.search(reading.text)
        described = bool(draft.perpetrator) and draft.perpetrator in referring.group()
        if not (draft.perpetrator or draft.perpetrator_code) or (described and scene["doer"][1]):
            # "by the troops": the force named just before, not troops in general
            draft.perpetrator, draft.perpetrator_code, _ = scene["doer"]
            draft.reasons["perpetrator"] = why
        probe = scene["probe"]
        if not draft.district and not reading.places and probe.district:
            draft.district, draft.province, draft.place = (
                probe.district, probe.province, draft.place or probe.place)  # fmt: skip
            draft.reasons["district"] = why
        if draft.date is None and probe.date:
            fields_from = ("date", "date_end", "date_precision")
            for name in fields_from:
                setattr(draft, name, getattr(probe, name))
            draft.reasons["date"] = why

    def _named_person(self, draft: Draft, reading: Reading, start: int, end: int) -> None:
        """One person named ("picked up Naveed Ahmed"): a count of one."""
        taken = [(m.start, m.end) for m in [*reading.actors, *reading.places]]
        name = named_person(reading.text, start, end, taken)
        if not name:
            one = ONE_PERSON.search(reading.text[start : end + 12]) or ONE_DOER.search(
                reading.text[:start]
            )
            if one:
                giver = fields.giver(draft.attributed_to or reading.text)
                words = one.group().strip()
                draft.figures.append(Figure(KIND_BY_TYPE[draft.type], 1, "exact", giver, words))
                draft.reasons["figures.0"] = Message("‘%(name)s’: one person", name=words)
            return
        if name:
            giver = fields.giver(draft.attributed_to or reading.text)
            count = people_named(name)
            draft.figures.append(Figure(KIND_BY_TYPE[draft.type], count, "exact", giver, name))
            draft.reasons["figures.0"] = (
                Message("‘%(name)s’: one person, named", name=name)
                if count == 1
                else Message("‘%(name)s’: %(count)s people, named", name=name, count=count)
            )

    def _same_people(self, draft: Draft, reading: Reading) -> None:
        """ "They had been beaten", "one of those detained": the people of the abuse just
        told, so its date, perpetrator and district where this sentence gives none."""
        before = self._open_draft("abuse")
        if before is None:
            return
        # "Three of the released students" names its people from further back than "they".
        part = fields.PART_OF_TOLD.search(reading.text)
        if reading.sentence.paragraph > self.open_paragraph + (2 if part else 1):
            return
        if not (SAME_PEOPLE.search(reading.text) or part):
            return
        why = Message(
            "the same people as in the abuse told before (%(passage)s)",
            passage=fields.short(before.passage, 50),
        )
        if draft.date is None and before.date:
            draft.date, draft.date_end, draft.date_precision = (
                before.date, before.date_end, before.date_precision)  # fmt: skip
            draft.reasons["date"] = why
        if not (draft.perpetrator or draft.perpetrator_code) and (
            before.perpetrator or before.perpetrator_code
        ):
            draft.perpetrator, draft.perpetrator_code = before.perpetrator, before.perpetrator_code
            draft.reasons["perpetrator"] = why
        if not reading.places and not draft.district and before.district:
            draft.district, draft.province = before.district, before.province
            draft.reasons["district"] = why

    def _from_before(self, draft: Draft, reading: Reading) -> None:
        """What the sentence leaves to the abuse just told (in this paragraph or the one
        before): its district when none is named, its day for "the same evening", and for
        people who "have since fled", who drove them out and from when."""
        before = next((d for d in reversed(self.found) if d.category == "abuse"), None)
        if before is None or reading.sentence.paragraph > self.open_paragraph + 1:
            return
        if cues.SEPARATE.search(reading.text):
            return
        told = Message(
            "as in the abuse told before (%(passage)s)", passage=fields.short(before.passage, 50)
        )
        if not draft.district and not reading.places and before.district:
            draft.district, draft.province = before.district, before.province
            draft.reasons["district"] = told
        if draft.date is None and before.date and cues.SAME_TIME.search(reading.text):
            draft.date, draft.date_end, draft.date_precision = (
                before.date, before.date_end, before.date_precision)  # fmt: skip
            draft.reasons["date"] = told
        if draft.type == "forced_displacement" and cues.SINCE.search(reading.text):
            if not (draft.perpetrator or draft.perpetrator_code):
                draft.perpetrator, draft.perpetrator_code = (
                    before.perpetrator,
                    before.perpetrator_code,
                )
                draft.reasons["perpetrator"] = Message(
                    "they fled what was done %(told)s", told=told
                )
            if draft.date is None and before.date and self.published:
                draft.date, draft.date_end, draft.date_precision = (
                    before.date, self.published.isoformat(), "range")  # fmt: skip
                draft.reasons["date"] = N_("from the abuse they fled to publication")

    def _abuse_nouns(self, reading: Reading) -> bool:
        """Abuses named as a pattern, with who is said to commit them: coarse entries."""
        if not reading.abuse_nouns:
            self.pattern_perpetrator = None
            return False
        named = perpetrator_of(reading, self.vocab, 0)
        if named is None:
            named = self.pattern_perpetrator
        tally = self._tallied(reading)
        if named is None and (self._monitor_finds(reading) or tally):
            named = ("", None, N_("the monitor names no one as responsible"))
        if named is None:
            return False
        for code, position in fields.distinct(reading.abuse_nouns):
            draft = self._draft("abuse", code, reading, position)
            draft.status = "alleged"
            draft.reasons["type"] = fields.cue_reason(reading, code, position, "abuse", self.vocab)
            draft.perpetrator, draft.perpetrator_code, why = named
            draft.reasons["perpetrator"] = why
            draft.reasons["date"] = N_("the passage speaks of a pattern, not of a day")
            if tally:
                self._tally_fields(draft, reading, position)
            self._append(draft, reading, keep_open=False)
        self.pattern_perpetrator = named
        return True

    def _monitor_finds(self, reading: Reading) -> bool:
        """A rights organisation's finding that abuses persist ("enforced disappearances remain
        endemic"): a broad entry even when no one is named as responsible."""
        monitor = any(m.kind == "organisation" for m in reading.actors)
        return monitor and bool(PERSIST.search(reading.text))

    def _tally_fields(self, draft: Draft, reading: Reading, position: int) -> None:
        """A tally counts its victims and covers its own period, or ("during the month", "it
        also records") the period of the monitor's count told just before."""
        self._figures(draft, reading, None)
        self._place(draft, reading, position)
        self._date(draft, reading, position)
        same = cues.SAME_PERIOD.search(reading.text) or cues.ANOTHER_ACT.search(reading.text)
        if draft.date or not same or cues.SEPARATE.search(reading.text):
            return
        for number in range(len(self.found) - 1, -1, -1):
            before = self.found[number]
            if self.paragraphs[number] < reading.sentence.paragraph - 1:
                return
            if before.category == "abuse" and before.date_precision in ("month", "range", "year"):
                _date_as(draft, before, Message(
                    "‘%(words)s’: the period of the count told before (%(passage)s)",
                    words=same.group(),
                    passage=fields.short(before.passage, 50),
                ))  # fmt: skip
                return

    def _tallied(self, reading: Reading) -> bool:
        """A monitor's count of abuses ("also documents nine extrajudicial killings", "records
        six cases of torture"): a verb of recording, then a count reaching the abuse named."""
        verb = cues.TALLY_VERB.search(reading.text)
        if verb is None:
            return False
        for _, position in reading.abuse_nouns:
            for _, figure in reading.figures:
                at = reading.text.find(figure.words, verb.end())
                if (
                    0 <= at < position
                    and figure.count
                    and cues.COUNTED_AS.match(reading.text[at + len(figure.words) : position])
                ):
                    return True
                if at >= 0 and at <= position < at + len(figure.words):
                    return True  # "nine extrajudicial killings": the count holds the noun
        return False

    def _perpetrator(self, draft: Draft, reading: Reading, position: int) -> None:
        named = perpetrator_of(reading, self.vocab, position, draft.type in CUSTODY)
        if named:
            draft.perpetrator, draft.perpetrator_code, draft.reasons["perpetrator"] = named

    # --- context, joining, fields ------------------------------------------------------

    def _context(self, reading: Reading, group: str | None) -> None:
        """A sentence with no new draft: it may go on about the open one, or tell an attack
        that a later claim refers to."""
        current = self._open_draft(None)
        if current is not None and self._continues(current, reading, group):
            self._join(current, reading)
            return
        if current is not None and self.open is None:
            return  # officials answering the claim tell its act, not another one
        # an act told by the outlet: a group named only in passing ("a man described by the
        # BRA as an informer was gunned down") has not spoken yet
        if reading.claim_type and not (reading.groups and reading.speech):
            code, position = reading.claim_type
            if self.event and self.event["paragraph"] >= reading.sentence.paragraph - 1 and (
                self.event.get("abuse") is None) and self._same_event(code, reading):  # fmt: skip
                self._fill_event(self.event, reading, position)
            else:
                draft = Draft("claim", code, reading.text, 0, 0)
                self._place(draft, reading, position)
                self._date(draft, reading, position)
                self.event = self._event_of(draft, reading)
                why = fields.cue_reason(reading, code, position, "claim", self.vocab)
                self.event["why"] = why

    def _same_event(self, code: str, reading: Reading) -> bool:
        """The act told is the unclaimed one told just before: no other kind, no other day."""
        kinds = {code, self.event["type"]}
        if len(kinds) > 1 and "armed_attack" not in kinds:
            return False
        told = self.event["date"]
        return not any(d.date and told and d.date != told for d in reading.event_dates())

    def _continues(self, draft: Draft, reading: Reading, group: str | None) -> bool:
        paragraph = reading.sentence.paragraph
        if draft.category == "claim":
            if group and group != draft.group:
                return False
            if not group and any(reading.speaking(m) for m in reading.actors):
                self._answer_places(draft, reading)
                self.open = None  # officials answering the claim: what follows is theirs
                return False
            if paragraph != self.open_paragraph and not (group and reading.speech):
                return False
        elif paragraph != self.open_paragraph and not (
            paragraph == self.open_paragraph + 1 and DEFINITE.match(reading.text)
        ):
            return False
        if any(m.key != draft.district for m in reading.places if draft.district):
            return False
        return not any(d.date and d.date != draft.date for d in reading.event_dates())

    def _answer_places(self, draft: Draft, reading: Reading) -> None:
        """ "A Levies official in Chagai said the post had been attacked": officials answering
        a claim placed nowhere say where the thing claimed is."""
        self._answer_date(draft, reading)
        if draft.district or not TARGET_TOLD.search(reading.text):
            return
        probe = Draft("claim", "", "", 0, 0)
        self._place(probe, reading, 0)
        if probe.district:
            draft.district, draft.province = probe.district, probe.province
            draft.reasons["district"] = Message(
                "officials answering the claim place it: %(why)s",
                why=probe.reasons.get("district", ""),
            )

    def _answer_date(self, draft: Draft, reading: Reading) -> None:
        """ "Police said gunmen fired on a patrol on Thursday morning": officials answering a
        claim that gives no day of its own say when it happened."""
        if not fields.dated_by_publication(draft) or not (
            reading.claim_type or cues.EVENT_ANAPHORA.search(reading.text)
        ):
            return
        if any(m.key != draft.district for m in reading.places if draft.district):
            return
        dates = [d for d in reading.event_dates() if d.date]
        if dates:
            fields.set_date(draft, dates[0])
            draft.reasons["date"] = Message(
                "officials answering the claim date it: %(why)s", why=dates[0].reason
            )

    def _event_of(self, draft: Draft, reading: Reading) -> dict:
        return {
            "type": draft.type if draft.category == "claim" else None,
            "district": draft.district, "place": draft.place, "date": draft.date,
            "date_end": draft.date_end, "date_precision": draft.date_precision,
            "paragraph": reading.sentence.paragraph, "words": fields.short(reading.text),
            "why": draft.reasons.get("type", ""), "abuse": None, "start": reading.offset,
        }  # fmt: skip

    def _fill_event(self, event: dict, reading: Reading, position: int) -> None:
        probe = Draft("claim", "", "", 0, 0)
        self._place(probe, reading, position)
        if probe.place and (not event["place"] or event["district"] == probe.district):
            event["place"] = probe.place
            event["district"] = event["district"] or probe.district

    def _join(self, draft: Draft, reading: Reading) -> None:
        """The sentence goes on about the draft's event: the passage grows, empty fields fill."""
        end = reading.sentence.end
        draft.passage_end = max(draft.passage_end, end)
        draft.passage = self.text[draft.passage_start : draft.passage_end]
        self.open_paragraph = reading.sentence.paragraph
        if (not draft.district or not draft.place) and "district" not in draft.reasons:
            probe = Draft(draft.category, draft.type, "", 0, 0)
            self._place(probe, reading, 0)
            if probe.district and not draft.district:
                draft.district, draft.reasons["district"] = probe.district, probe.reasons.get(
                    "district", "")  # fmt: skip
            if probe.place and not draft.place and probe.district in (None, draft.district):
                draft.place, draft.reasons["place"] = probe.place, probe.reasons.get("place", "")
        self._refine_date(draft, reading)
        if draft.category == "abuse" and not draft.perpetrator and not draft.perpetrator_code:
            self._perpetrator(draft, reading, 0)
        if not draft.figures:
            self._figures(draft, reading, "group" if draft.category == "claim" else None)
        else:
            self._larger_counts(draft, reading)
        if draft.claim_medium == "unknown":
            draft.claim_medium = fields.medium(reading.text)
        if not draft.spokesperson and draft.category == "claim":
            draft.spokesperson = fields.spokesperson(reading.text)

    def _larger_counts(self, draft: Draft, reading: Reading) -> None:
        """ "A young man ... the two cousins": a later, larger count of the same people."""
        for _, figure in reading.figures:
            kind = KIND_BY_TYPE.get(draft.type, figure.kind) if draft.category == "abuse" else (
                figure.kind)  # fmt: skip
            for number, known in enumerate(draft.figures):
                if known.kind == kind and figure.count and known.count is not None and (
                    known.qualifier == "exact" and known.count == 1 and figure.count > 1
                    and len(draft.figures) == 1
                ):  # fmt: skip
                    known.count, known.words = figure.count, figure.words
                    draft.reasons[f"figures.{number}"] = f"‘{figure.words}’"

    def _refine_date(self, draft: Draft, reading: Reading) -> None:
        dates = reading.event_dates()
        if not dates:
            return
        mention = dates[0]
        if mention.date is None:
            return
        if (
            draft.date is None
            or fields.dated_by_publication(draft)
            or (
                mention.precision == "day"
                and draft.date_precision in ("month", "year")
                and mention.date
                and mention.date.startswith(draft.date)
            )
        ):
            fields.set_date(draft, mention)

    def _draft(self, category: str, code: str, reading: Reading, position: int) -> Draft:
        sentence = reading.sentence
        draft = Draft(
            category=category,
            type=self.vocab.type_or_other(category, code),
            passage=sentence.text,
            passage_start=sentence.start,
            passage_end=sentence.end,
        )
        if category == "claim":
            draft.claim_medium = fields.medium(reading.text)
            draft.spokesperson = fields.spokesperson(reading.text)
        # A clause ("...; he has not been seen since, his brother said") may leave the
        # speaker to the rest of its sentence.
        draft.attributed_to = fields.speaker(reading.text) or fields.speaker(sentence.text)
        return draft

    def _append(self, draft: Draft, reading: Reading, keep_open: bool = True) -> None:
        if draft.category == "claim":
            self.last_claimant = draft.group
        self.found.append(draft)
        self.paragraphs.append(reading.sentence.paragraph)
        self.open = len(self.found) - 1 if keep_open else None
        self.open_paragraph = reading.sentence.paragraph

    def _open_draft(self, category: str | None) -> Draft | None:
        if self.open is None:
            return None
        draft = self.found[self.open]
        return draft if category in (None, draft.category) else None

    def _place(self, draft: Draft, reading: Reading, position: int) -> None:
        districts = reading.districts()
        if not districts:
            return
        # "a student, who hails from Khuzdar, was picked up in Quetta": home is not the scene
        away = [m for m in districts
                if not ORIGIN.search(reading.text[max(0, m.start - 30) : m.start])]  # fmt: skip
        districts = away or districts
        explicit = [m for m in districts[:1] if fields.is_explicit(reading, m)]
        best = explicit[0] if explicit else min(
            districts, key=lambda m: abs(m.start - position))  # fmt: skip
        draft.district = best.key
        draft.province = self.vocab.provinces.get(best.key)
        draft.reasons["district"] = fields.district_reason(best)
        area = fields.area(reading.text)
        place = area or (best.via if best.kind == "place" else "")
        if place:
            draft.place = place
            draft.reasons["place"] = Message(
                "‘%(place)s’ is where the passage places it", place=place
            )

    def _date(self, draft: Draft, reading: Reading, position: int) -> None:
        mention = reading.nearest_date(position)
        if mention is not None:
            fields.set_date(draft, mention)

    def _figures(self, draft: Draft, reading: Reading, given_by: str | None) -> None:
        giver = given_by or fields.giver(draft.attributed_to or reading.text)
        figures = [f for _, f in reading.figures if f.kind] or [
            f for _, f in reading.figures if draft.category == "abuse"
        ]
        if draft.category == "abuse":
            figures = [f for f in figures if not self._doers(f, reading)]
        if draft.type == "indiscriminate_attack":
            # civilians harmed, not the soldiers hurt beside them
            figures = [f for f in figures if not cues.COMBATANTS.search(f.words)] or figures
        for figure in figures:
            if is_vague(figure) and any(m.precision == "unknown" for m in reading.dates):
                continue  # "thousands over the years": a pattern, not a count of one event
            kind = figure.kind
            if draft.category == "abuse":
                kind = KIND_BY_TYPE.get(draft.type, kind or "victims")
            elif not kind:
                continue
            found = Figure(kind, figure.count, figure.qualifier, giver, figure.words)
            if self._add_listed(draft, found, reading):
                continue
            if all(found.key() != other.key() for other in draft.figures):
                draft.figures.append(found)
                draft.reasons[f"figures.{len(draft.figures) - 1}"] = f"‘{figure.words}’"

    def _add_listed(self, draft: Draft, found: Figure, reading: Reading) -> bool:
        """ "killing a woman and three children": counts of one kind listed together are one
        count of those harmed (four killed), as an officer enters it."""
        for number, other in enumerate(draft.figures):
            if other.kind != found.kind or not other.count or not found.count:
                continue
            listed = re.search(
                re.escape(other.words) + r"\s*(?:,\s*(?:and\s+)?|and\s+)" + re.escape(found.words),
                reading.text,
            )
            if listed is None:
                continue
            qualifier = next((q for q in ("at_least", "approximately")
                              if q in (other.qualifier, found.qualifier)), "exact")  # fmt: skip
            draft.figures[number] = Figure(found.kind, other.count + found.count, qualifier,
                                           other.given_by, listed.group())  # fmt: skip
            draft.reasons[f"figures.{number}"] = f"‘{listed.group()}’"
            return True
        return False

    def _doers(self, figure: Figure, reading: Reading) -> bool:
        """ "Raided by around eight men in plain clothes": a count of those who did it."""
        at = reading.text.find(figure.words)
        if at < 0:
            return False
        after = reading.text[at + len(figure.words) :]
        return bool(
            cues.DOERS_BEFORE.search(reading.text[max(0, at - 6) : at])
            or cues.DOERS_AFTER.match(after)
        )

    def _inherit(self, draft: Draft, claim: Draft) -> None:
        for name in ("district", "date", "date_end", "date_precision", "province"):
            if not getattr(draft, name) or getattr(draft, name) == "unknown":
                setattr(draft, name, getattr(claim, name))
                draft.reasons[name] = "from the claim of the same event, which this follows"
        if not draft.attributed_to:
            draft.attributed_to = claim.group or ""

    def _link(self, draft: Draft, other: int) -> None:
        """Link a draft about to be appended with the draft `other` of the same event."""
        draft.linked_to = other
        self.found[other].linked_to = len(self.found)


def _date_as(draft: Draft, before: Draft, reason: Message) -> None:
    """Date `draft` as the claim `before`, giving `reason` for it."""
    draft.date, draft.date_end, draft.date_precision = (
        before.date, before.date_end, before.date_precision)  # fmt: skip
    draft.reasons["date"] = reason
