"""Figures as articles write them: "two Pakistani soldiers were killed", "at least 23 people",
"more than twenty", "injured a guard", "the bodies of three men", "leaving five dead".

A count is a number (in digits or words) before a word for people, or before or after a word
saying what happened to them; the qualifier comes from the words just before it.
"""

from __future__ import annotations

import re

from .drafts import Figure

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}  # fmt: skip
WORDS = {word: number for number, word in enumerate(UNITS)} | TENS | {
    "a": 1, "an": 1, "a dozen": 12, "dozen": 12, "half a dozen": 6, "two dozen": 24,
    "a hundred": 100, "one hundred": 100, "single": 1, "a couple of": 2, "couple of": 2,
    "both": 2, "another": 1,
}  # fmt: skip
_WORD_NUMBER = (
    r"(?:(?:" + "|".join(TENS) + r")(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|half\s+a\s+dozen|two\s+dozen|a\s+dozen|a\s+hundred|one\s+hundred|a\s+couple\s+of|"
    + "|".join(sorted(UNITS[1:], key=len, reverse=True))
    + r"|an?|both|another)"
)
_NO_DIGIT = r"(?:dozens|scores|hundreds|thousands)\s+of"
# A number stands alone: not the end of a word ("Quetta", "gone"), nor part of a date or a
# time written with figures ("12/12", "10.30").
NUMBER = (
    rf"(?<![\w'’/.:-])(?P<num>{_NO_DIGIT}|\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUMBER})"
    r"(?![\w-])(?![/.:]\d)(?!\s*-?\s*year)"
)
QUALIFIERS = {
    "at_least": r"at\s+least|more\s+than|over|upwards\s+of|no\s+fewer\s+than|not\s+less\s+than"
    r"|no\s+less\s+than|in\s+excess\s+of",
    "approximately": r"about|around|approximately|nearly|almost|some|roughly|an\s+estimated"
    r"|close\s+to|up\s+to|estimated",
}
_QUALIFIER = "|".join(f"(?P<{name}>{words})" for name, words in QUALIFIERS.items())
PEOPLE = (
    r"(?:soldiers?|troops|personnel|men|man|women|woman|people|persons?|civilians?|guards?|"
    r"students?|labou?rers?|workers?|policemen|policeman|police(?:\s+officials|\s+officers)?|"
    r"officials?|officers?|passengers?|children|child|boys?|girls?|youths?|youngsters?|"
    r"journalists?|activists?|members?|brothers?|sons?|relatives?|villagers?|militants?|"
    r"fighters?|insurgents?|employees?|teachers?|doctors?|bodies|body|individuals?|residents?|"
    r"others|shepherds?|drivers?|engineers?|agents?|informers?|pilgrims?|sepoys?|commandos?|"
    # "a Levies officer": the force names the person's post, the noun after it counts
    r"(?:Levies|FC)(?!\s+(?:officers?|officials?|personnel|men|sepoys?|soldiers?|constables?|"
    r"guards?)\b)|cadets?|hostages?|victims?|miners?|fishermen|farmers?|traders?|"
    r"family\s+members|tribesmen|casualties|passers-by|passersby|families|correspondents?|"
    r"cameram[ae]n|reporters?|terrorists|cousins|detainees|protesters|shopkeepers?|"
    r"persons|labourers|children|suspects?|accused|prisoners?|organi[sz]ers?|leaders?|lawyers?|"
    r"tailors?|mothers?|fathers?|daughters?|sisters?|husbands?|wives|wife|mechanics?|"
    # occupations and descriptions news gives a person by
    r"lecturers?|professors?|poets?|writers?|singers?|businessm[ae]n|contractors?|elders?|"
    r"nurses?|clerks?|watchm[ae]n|chowkidars?|imams?|clerics?|masons?|electricians?|barbers?|"
    r"butchers?|bakers?|hawkers?|porters?|herders?|boatm[ae]n|apprentices?|teenagers?|minors?|"
    r"nephews?|uncles?|grandsons?|councillors?|lawmakers?|politicians?|carpenters?|cooks?|"
    r"dealers?|smugglers?|tribal\s+elders?|schoolteachers?|headm[ae]n|neighbours?|guests?|"
    r"pupils?|schoolboys?|volunteers?|photographers?|bloggers?|surveyors?|technicians?|cases|"
    # a count of the acts a monitor tallies counts their victims ("five extrajudicial killings")
    r"killings|abductions|disappearances|"
    r"constables?|"
    r"schoolchildren|graduates?|herdsm[ae]n|truckers?|transporters?|owners?|workmen|"
    # people gathered or passing: those a crackdown or an attack on a crowd counts
    r"participants?|demonstrators?|protestors?|marchers?|mourners?|worshippers?|devotees?|"
    r"travell?ers?|commuters?|pedestrians?|bystanders?|motorists?|inmates?|tourists?|"
    r"customers?|vendors?|labour\s+leaders?|rights\s+defenders?|campaigners?)"
    # "an FC camp", "a police post": the force names a place, it counts nobody.
    r"(?!\s+(?:camps?|posts?|check-?posts?|checkpoints?|stations?|convoys?|vehicles?|"
    r"headquarters|compound|offices?|vans?|patrols?|mobiles?|lines|cantonment)\b)"
)
# Words a noun phrase of people does not hold: another number, a month, a verb of what happened.
NOT_IN_NP = (
    r"(?:\d+(?![\w-])|January|February|March|April|May|June|July|August|September|October|November"
    r"|December|and\b|were\b|was\b|(?:" + "|".join(UNITS[1:]) + r")(?![\w-]))"
)
VERB_FIRST = re.compile(
    rf"\b(?P<verb>killed|killing|injured|injuring|wounded|wounding)\s+(?:(?:{_QUALIFIER})\s+)?"
    rf"{NUMBER}(?=\s*(?:[.,;]|and\b|others\b|more\b|$))",
    re.IGNORECASE,
)
# "A woman and her two children were killed": one and two.
AND_HER = re.compile(
    r"\b(?:an?|one)\s+(?:\w+\s+)?(?:man|woman|boy|girl|child|elder)\s+and\s+(?:his|her|their)\s+"
    rf"(?:{NUMBER}\s+(?P<noun>children|sons|daughters|brothers|sisters|relatives|cousins)|"
    # "her six-year-old daughter", "his elder brother"
    r"(?:(?:elder|younger|eldest|youngest|teenage|infant|little|young|only|[\w]+-year-old)\s+)?"
    r"(?P<one>son|daughter|brother|sister|husband|wife|father|mother|child|nephew|cousin))\b"
    r"(?P<np>)(?P<adj>)",
    re.IGNORECASE,
)
# "her mother", "the young man's elder brother": one person, when the text says what
# happened to them.
KIN = re.compile(
    r"\b(?P<num>his|her|their|the\s+(?:[\w-]+\s+){0,2}?[\w-]+(?:'s|’s))\s+(?P<np>(?:elder|"
    r"younger|eldest|youngest|teenage|only|\d+-year-old)\s+)?(?P<noun>brother|son|daughter|sister|"
    r"father|mother|husband|wife|cousin|nephew|uncle)\b(?P<adj>)(?!\s+(?:said|says|told))",
    re.IGNORECASE,
)
PHRASES = [
    re.compile(
        rf"(?:(?:{_QUALIFIER})\s+)?{NUMBER}(?P<np>(?:\s+(?!{NOT_IN_NP})[\w'’-]+){{0,3}}?)\s+"
        rf"(?P<noun>{PEOPLE})\b(?P<adj>)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:(?:{_QUALIFIER})\s+)?{NUMBER}(?P<np>)(?P<noun>)\s+"
        rf"(?P<adj>dead|killed|injured|wounded|missing|hurt)\b",
        re.IGNORECASE,
    ),
    # "a 19-year-old from Nushki": one person named by age alone
    re.compile(
        rf"(?:(?:{_QUALIFIER})\s+)?(?<![\w-])(?P<num>an?|one)\s+(?P<np>)(?P<noun>\d{{1,2}}-year-old)"
        r"(?P<adj>)(?!\s+(?:\w+\s+)?(?:{PEOPLE}))\b".replace("{PEOPLE}", PEOPLE),
        re.IGNORECASE,
    ),
    # "the other two were taken from their homes"
    re.compile(
        rf"(?:(?:{_QUALIFIER})\s+)?{NUMBER}(?P<np>)(?P<noun>)(?P<adj>)"
        r"(?=\s+(?:were|had\s+been|have\s+been)\b)",
        re.IGNORECASE,
    ),
]
MONTH_BEFORE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|\d{1,2})\s*,?\s*$"
)
# "on February 3": a day of the month, not a count of people.
MONTH_NAME_BEFORE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s*$"
)
# "nine people had returned home": those set free, not those the act harmed.
FREED_AFTER = re.compile(
    r"^\s+(?:(?:had|have|were|was)\s+(?:since\s+|later\s+|also\s+)?(?:been\s+)?(?:released|freed|"
    r"returned|reappeared)|(?:had\s+|have\s+)?returned\s+home)\b",
    re.IGNORECASE,
)
# "Two activists released on Saturday told...": those freed who tell of harm are still counted.
ASIDE = re.compile(r"^,\s+(?:among\s+them|including|of\s+whom|most\s+of\s+them|\w+\s+of\s+"
                   r"them"
                   # "Three civilians, a woman and her two children, were killed": who they were
                   r"|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)(?=\s))"
                   r"\b[^,]{1,60},",
                   re.IGNORECASE)  # fmt: skip
LISTED = re.compile(
    r"\b(?P<verb>killing|injuring|wounding|killed|injured|wounded)\s+(?:[\w-]+\s+){1,4}?and\s+"
    r"(?:at\s+least\s+)?$",
    re.IGNORECASE,
)
# A count inside a count ("five people, including a child") is part of it, not another.
# So is each count in the list it opens ("including a teacher and two brothers").
PART_OF = re.compile(
    r"\b(?:(?:including|among\s+them|among\s+whom)\s+(?:[^,.;()]{1,60}?(?:,|\s+and)\s+)?|"
    r"(?:of\s+whom|one\s+of)\s+)$",
    re.IGNORECASE,
)
# "a woman said her two sons were taken", "a father from Khuzdar told the court that his
# son...", "an elder said 12 men...": the one counted speaks of others, who are the ones counted.
SPEAKS = re.compile(
    r"^(?:\s+(?:from|of|in)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})?,?\s+"
    r"(?:said|says|told(?:\s+[\w ]{1,30}?\s+that)?|tells|recalled|alleged|complained)\s+"
    r"(?:that\s+)?(?:his|her|their"
    # "An elder said 12 men from his village...": the one speaking counts others
    r"|\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|dozens)\b"
)
KINDS = {
    "hostages": r"taken\s+hostage|held\s+hostage|hostages?|kidnapped",
    "killed": r"killed|killing|dead|died|death|shot|martyred|lost\s+(?:their|his|her)\s+lives?"
    r"|gunned\s+down|executed|bodies|body|lifeless|slain|lynched",
    "injured": r"injured|injuring|wounded|wounding|hurt|injuries",
    "missing": r"abducted|abducting|abduction|picked\s+up|disappeared|missing|whisked\s+away"
    r"|taken\s+away|taken\s+from|forcibly\s+disappeared|went\s+missing|bundled",
    "detained": r"detained|detaining|arrested|arresting|taken\s+into\s+custody|rounded\s+up"
    r"|in\s+custody|held",
}
KIND_AFTER = re.compile("|".join(f"(?P<{k}>\\b(?:{w})\\b)" for k, w in KINDS.items()), re.I)
KIND_BEFORE = re.compile(
    r"(?P<bodies_of>\bbodies\s+of\b|\bbody\s+of\b)|"
    + "|".join(f"(?P<{k}>\\b(?:{w})\\b)" for k, w in KINDS.items()),
    re.IGNORECASE,
)
# What may stand between a count and the verb saying what happened ("were reportedly killed").
LINK = re.compile(r"^\s*(?:(?!and\b)[\w'’-]+\s+){0,6}?$")
PEOPLE_ONLY = re.compile(rf"^{PEOPLE}$", re.IGNORECASE)


URDU_NUMBERS = {"ایک": 1, "دو": 2, "تین": 3, "چار": 4, "پانچ": 5, "چھ": 6, "سات": 7, "آٹھ": 8,
                "نو": 9, "دس": 10, "گیارہ": 11, "بارہ": 12, "تیرہ": 13, "چودہ": 14, "پندرہ": 15,
                "سولہ": 16, "سترہ": 17, "اٹھارہ": 18, "انیس": 19, "بیس": 20}  # fmt: skip
URDU_KINDS = {"ہلاک": "killed", "جاں بحق": "killed", "شہید": "killed", "مارے گئے": "killed",
              "زخمی": "injured", "اغوا": "missing", "لاپتہ": "missing",
              "گرفتار": "detained"}  # fmt: skip
# "کم از کم 23" (at least 23), "پانچ سے زائد" (more than five), "تقریباً" (about).
URDU = re.compile(
    r"(?<!\w)(?P<least>کم\s+از\s+کم\s+)?(?P<about>تقریباً\s+)?(?P<num>\d+|"
    + "|".join(URDU_NUMBERS)
    + r")\s+(?P<more>سے\s+(?:زائد|زیادہ)\s+)?(?P<noun>اہلکار|افراد|شہری|نوجوان|فوجی|مزدور|طلبہ|"
    r"بچے|خواتین|سپاہی|مسافر|طالب\s+علم|بھائی)"
    # the oblique plural ("تین نوجوانوں کو", three young men): the same people
    r"(?:وں)?(?:\s+(?P<kind>" + "|".join(URDU_KINDS).replace(" ", r"\s+") + r"))?(?!\w)"
)
# "ان کے بیٹے کو" (their son): one person.
URDU_KIN = re.compile(
    r"(?<!\w)(?:(?:ان|اس)\s+(?:کے|کی|کا)\s+(?:بیٹے|بیٹا|بیٹی|بھائی|شوہر|والد)|(?P<both>دونوں))(?!\w)"
)


def _urdu(text: str) -> list[tuple[int, int, Figure]]:
    """Counts written in Urdu: "دو اہلکار زخمی" (two personnel injured)."""
    found = []
    for match in URDU.finditer(text):
        number = match["num"]
        count = int(number) if number.isdigit() else URDU_NUMBERS[number]
        kind = URDU_KINDS.get(" ".join((match["kind"] or "").split()), "")
        qualifier = "at_least" if (match["least"] or match["more"]) else (
            "approximately" if match["about"] else "exact")  # fmt: skip
        figure = Figure(kind, count, qualifier, words=match.group())
        found.append((match.start(), match.end(), figure))
    for match in URDU_KIN.finditer(text):
        if not found:  # a count given says more than "both" or "his son"
            count = 2 if match["both"] else 1  # "دونوں": both
            found.append((match.start(), match.end(), Figure("", count, words=match.group())))
    return found


def find_figures(text: str) -> list[tuple[int, Figure]]:
    """(position, figure) for each count of people in `text`; the kind is what happened to
    them ("killed", "missing"...), or "" when the text does not say (the entry's type will)."""
    found: list[tuple[int, int, Figure]] = _urdu(text)
    for match in AND_HER.finditer(text):
        count = 1 if match["one"] else _number(match["num"] or "")
        kind = _kind(text, match)
        if count is not None and kind:
            figure = Figure(kind, count + 1, "exact", words=" ".join(match.group().split()))
            found.append((match.start(), match.end(), figure))
    for match in KIN.finditer(text):
        if any(start <= match.start() < end for start, end, _ in found):
            continue  # "a woman and her son": counted together already
        kind = _kind(text, match)
        if kind:
            found.append((match.start(), match.end(), Figure(kind, 1, words=match.group())))
    for match in VERB_FIRST.finditer(text):
        count = _number(match["num"])
        if count is not None:
            kind = _kind_of(KIND_AFTER.match(match["verb"]))
            qualifier = next((q for q in QUALIFIERS if match.group(q)), "exact")
            figure = Figure(kind, count, qualifier, words=" ".join(match.group().split()))
            found.append((match.start(), match.end(), figure))
    for pattern in PHRASES:
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end, _ in found):
                continue
            written = next((q for q in QUALIFIERS if match.group(q)), "exact")
            counted = _count(match["num"], written)
            if counted is None or _is_article_noise(match):
                continue
            count, qualifier = counted
            if PART_OF.search(text[max(0, match.start() - 80) : match.start()]):
                continue
            if SPEAKS.match(text[match.end() :]):
                continue
            if count and 1900 <= count <= 2100 and MONTH_BEFORE.search(text[: match.start()]):
                continue
            if match["num"].isdigit() and MONTH_NAME_BEFORE.search(text[: match.start()]):
                continue
            if FREED_AFTER.match(text[match.end() :]):
                continue
            kind = _kind(text, match)
            if kind is None and not match["noun"]:
                continue
            figure = Figure(kind or "", count, qualifier, words=" ".join(match.group().split()))
            found.append((match.start(), match.end(), figure))
    return [(start, figure) for start, _, figure in sorted(found, key=lambda f: f[0])]


def _is_article_noise(match: re.Match) -> bool:
    """ "a" counts only one person named by a noun: "a guard", never "a series of" or "an
    attack"; nor when "one of" counts a part of a group."""
    number = match["num"].lower()
    if number in ("a", "an"):
        np = (match["np"] or "").split()
        # "a fishermen's protest": a plural after "a" counts no one
        return bool(match["adj"]) or len(np) > 2 or match["noun"].lower().endswith(("s", "men"))
    return False


def _kind(text: str, match: re.Match) -> str | None:
    before = text[max(0, match.start() - 30) : match.start()]
    near = list(KIND_BEFORE.finditer(before))
    if match["adj"]:
        return _kind_of(KIND_AFTER.match(match["adj"]))
    if (match["noun"] or "").lower() in ("bodies", "body"):
        return "killed"
    listed = LISTED.search(text[max(0, match.start() - 60) : match.start()])
    if listed:  # "injuring three soldiers and four passers-by": the same verb
        return _kind_of(KIND_AFTER.match(listed["verb"]))
    if near and re.fullmatch(r"[\s,]*(?:of\s+)?(?:all\s+|the\s+)?", before[near[-1].end() :]):
        hit = near[-1]
        return "killed" if hit.lastgroup == "bodies_of" else _kind_of(hit)
    after = text[match.end() : match.end() + 130]
    # "Five passengers, among them two women, were killed": the aside counts a part of them.
    aside = ASIDE.match(after)
    after = after[aside.end() :] if aside else after[:70]
    for hit in KIND_AFTER.finditer(after):
        if re.search(r"\d|\band\b\s+(?:at\s+least\s+)?\w+\s+(?:others|more)", after[: hit.start()]):
            return None
        if LINK.match(after[: hit.start()]):
            return _kind_of(hit)
        return None
    return None


def _kind_of(hit: re.Match | None) -> str | None:
    return hit.lastgroup if hit else None


# Counts without a number: plural dozens are at least two dozen ("several" gives none).
AT_LEAST_WORDS = {"dozens of": 24, "scores of": 40, "hundreds of": 200, "thousands of": 2000}


def is_vague(figure: Figure) -> bool:
    """A count read from words like "dozens of", not a number the text gives."""
    return any(figure.words.lower().startswith(words) for words in AT_LEAST_WORDS)


def _count(words: str, qualifier: str) -> tuple[int | None, str] | None:
    """(count, qualifier) of a number as written; None when it is not one."""
    words = " ".join(words.lower().split())
    if words in AT_LEAST_WORDS:
        return AT_LEAST_WORDS[words], "at_least"
    count = _number(words)
    return None if count is None else (count, qualifier)


def _number(words: str) -> int | None:
    words = " ".join(words.lower().replace("-", " ").split())
    if words.replace(",", "").isdigit():
        return int(words.replace(",", ""))
    if words in WORDS:
        return WORDS[words]
    parts = words.split()
    if len(parts) == 2 and parts[0] in TENS and parts[1] in WORDS:
        return TENS[parts[0]] + WORDS[parts[1]]
    return None


# One person told by name: "picked up Naveed Ahmed", "Mr Baloch was detained".
_NAME = r"(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?[A-Z][a-z’']+(?:\s+[A-Z][a-z’']+){0,2}"
NAME_AFTER = re.compile(
    r"^\s+(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?[A-Z][a-z’']+(?:\s+[A-Z][a-z’']+){1,2}\b"
)
# "the body of Naveed Ahmed", "the bodies of Abdul Ghani and Rahim Bakhsh"
BODY_OF = re.compile(rf"\bbod(?:y|ies)\s+of\s+(?P<name>{_NAME}(?:(?:,\s+|,?\s+and\s+){_NAME})*)\b")
NAME_SUBJECT = re.compile(
    rf"^(?:[A-Z]{{2,}}[A-Z .-]*:\s+)?(?:[^,.]{{0,60}}\bsaid\s+(?:that\s+)?)?(?P<name>{_NAME})"
    r"(?:,\s+[^,]{1,60},)?\s+(?:was|had\s+been|has\s+been|went\s+missing|disappeared|vanished)"
    r"(?:\s+|\b)"
)


def named_person(text: str, cue_start: int, cue_end: int, names: list[tuple[int, int]]) -> str:
    """The words naming one person the cue is about, or "" (`names`: spans of actors and
    places, which are not people)."""
    body = BODY_OF.search(text)
    if body and not _overlaps(*body.span("name"), names):
        return body["name"]
    after = NAME_AFTER.match(text[cue_end:])
    if after and not _overlaps(cue_end + after.start(), cue_end + after.end(), names):
        return after.group().strip()
    subject = NAME_SUBJECT.match(text)
    if subject and subject.end("name") <= cue_start and not _overlaps(*subject.span("name"), names):
        return subject["name"]
    return ""


def people_named(name: str) -> int:
    """How many people a run of names counts ("A and B", "A, B and C")."""
    return len(re.split(r",\s+(?:and\s+)?|\s+and\s+", name))


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)
