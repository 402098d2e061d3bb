"""Dates as articles write them, read against the publication date: "on 3 September", "between
13 and 15 August", "in late January 2014", "on Tuesday", "last week", "over the years".

Each date found keeps its precision (archive/dates.py PRECISIONS) and the reason it was read
so, in plain words. A day or month written without a year is the latest one not after the
publication date; a weekday is the last such day on or before it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from archive.messages import Message

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"Sept": 9}
WEEKDAYS = {calendar.day_name[number]: number for number in range(7)}
# Urdu names of months and weekdays, as Urdu news writes them.
URDU_MONTHS = {
    name: number
    for number, name in enumerate(
        ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر",
         "نومبر", "دسمبر"], start=1)
}  # fmt: skip
URDU_WEEKDAYS = {"پیر": 0, "منگل": 1, "بدھ": 2, "جمعرات": 3, "جمعہ": 4, "ہفتہ": 5, "ہفتے": 5,
                 "اتوار": 6}  # fmt: skip
URDU_DAY = re.compile(r"(?<!\d)(?P<day>[0-3]?\d)\s+(?P<month>" + "|".join(URDU_MONTHS) + r")(?!\w)"
                      r"(?:\s+(?P<year>(?:19|20)\d\d))?")  # fmt: skip
URDU_NUMBERS = {"ایک": 1, "دو": 2, "تین": 3, "چار": 4, "پانچ": 5, "چھ": 6, "سات": 7, "آٹھ": 8,
                "نو": 9, "دس": 10}  # fmt: skip
URDU_WEEKDAY = re.compile(r"(?<!\w)(?P<name>" + "|".join(URDU_WEEKDAYS) + r")(?!\w)")
_MONTH = r"(?P<{0}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<{0}>(?:19|20)\d\d))?"


def _pattern(template: str) -> re.Pattern:
    parts = {
        "month": _MONTH.format("month"), "month2": _MONTH.format("month2"),
        "day": _DAY.format("day"), "day2": _DAY.format("day2"),
        "year": _YEAR.format("year"),
    }  # fmt: skip
    return re.compile(template.format(**parts))


RANGES = [
    # between 13 and 15 August (2025); from 13 to 15 August; 13-15 August
    _pattern(r"\bbetween\s+(?:the\s+)?{day}\s+and\s+(?:the\s+)?{day2}(?:\s+of)?\s+{month}{year}"),
    _pattern(r"\bfrom\s+(?:the\s+)?{day}\s+(?:to|until|till)\s+(?:the\s+)?{day2}(?:\s+of)?\s+"
             r"{month}{year}"),
    _pattern(r"\b{day}\s*[-–]\s*{day2}(?:\s+of)?\s+{month}{year}"),
    # between August 13 and 15; August 13-15
    _pattern(r"\b(?:between\s+)?{month}\s+{day}\s*(?:and|to|[-–])\s*{day2}\b{year}"),
    # between 28 July and 2 August
    _pattern(r"\b(?:between|from)\s+{day}(?:\s+of)?\s+{month2}\s+(?:and|to|until)\s+{day2}"
             r"(?:\s+of)?\s+{month}{year}"),
]  # fmt: skip
DAYS = [
    _pattern(r"\b{day}(?:\s+of)?\s+{month}{year}\b"),
    _pattern(r"\b{month}\s+{day}\b{year}"),
]
ISO_DAY = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
MONTH_IN = _pattern(
    r"\b(?P<part>(?:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of|the\s+(?:first|"
    r"second|third|last)\s+week\s+of)\s*[-–]?\s*)?{month}{year}\b"
    r"(?:\s+(?:of\s+)?(?P<which>last|this|the\s+previous|the\s+same)\s+year\b)?"
)
# Day first, as Pakistani papers write it: "on 12/03", "12.03.2025", "12-03-2025".
NUMERIC_DAY = re.compile(
    r"\b(?:(?P<on>on|dated|of)\s+)?(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<month>[01]?\d)"
    r"(?:(?P=sep)(?P<year>(?:19|20)?\d\d))?(?![\w/.-]*\d)"
)
# "on the 4th", "on the 4th of this month": a day of the month of publication.
ORDINAL_DAY = re.compile(
    r"\bon\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?:\s+of\s+(?:this|the)\s+month)?\b",
    re.I,
)
WEEKEND = re.compile(r"\b(?:over|during|at)\s+the\s+weekend\b|\blast\s+weekend\b", re.I)
YEAR_IN = re.compile(
    r"\b(?:in|since|during|of|from|early|late|mid)[\s-]+(?P<year>(?:19|20)\d\d)\b(?!\s*(?:people|"
    r"persons|cases|men|bodies))"
)
WEEKDAY = re.compile(
    r"\b(?P<last>last\s+|this\s+past\s+|past\s+)?(?:on\s+)?(?P<name>"
    + "|".join(WEEKDAYS)
    + r")(?:\s+(?:night|morning|evening|afternoon))?\b"
    # "on Thursday last week": that weekday in the week before publication's
    r"(?P<week_before>,?\s+(?:of\s+)?(?:last|the\s+previous)\s+week\b)?"
)
RELATIVE = {
    re.compile(r"\b(?:yesterday|last\s+night)\b", re.I): ("day", -1),
    re.compile(r"\b(?:today|this\s+morning|earlier\s+today|tonight)\b", re.I): ("day", 0),
    re.compile(r"\bthe\s+day\s+before\s+yesterday\b", re.I): ("day", -2),
    # Urdu: "گزشتہ روز" (yesterday), "گزشتہ شب" / "کل رات" (last night), "کل" (yesterday, in a
    # report of what happened; not "کل تعداد", the total), "پرسوں" (the day before), "آج" (today)
    re.compile(
        r"(?<!\w)(?:گزشتہ|پچھلے|پچھلی)\s+(?:روز|رات|شب|دن)(?!\w)"
        r"|(?<!\w)(?<!آج\s)کل(?!\w)(?!\s*(?:تعداد|ملا|\d|[۰-۹]))"
    ): ("day", -1),
    re.compile(r"(?<!\w)پرسوں(?!\w)"): ("day", -2),
    re.compile(r"(?<!\w)آج(?!\w)(?!\s+کل(?!\w))"): ("day", 0),
    # not "the last week of January", a part of a month
    re.compile(r"\b(?<!the\s)last\s+week\b(?!\s+of\b)|\bthe\s+previous\s+week\b", re.I): (
        "week",
        -1,
    ),
    re.compile(r"\bearlier\s+this\s+week\b|\bthis\s+week\b", re.I): ("week", 0),
    re.compile(r"\blast\s+month\b|\bthe\s+previous\s+month\b", re.I): ("month", -1),
    re.compile(r"\bearlier\s+this\s+month\b|\bthis\s+month\b", re.I): ("month", 0),
    re.compile(r"\blast\s+year\b", re.I): ("year", -1),
    re.compile(r"\b(?:since\s+)?the\s+(?:start|beginning)\s+of\s+the\s+year\b", re.I): ("year", 0),
    re.compile(
        r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:week|seven\s+days)\b(?!\s+of\b)", re.I
    ): (
        "days",
        -7,
    ),
    re.compile(r"\bearlier\s+this\s+year\b|\bthis\s+year\b", re.I): ("year", 0),
}
DAYS_AGO = re.compile(
    r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|a\s+"
    r"couple\s+of|a\s+few)\s+(?P<unit>days?|weeks?|months?|fortnights?|years?)\s+(?:ago|back|"
    r"earlier)\b",
    re.I,
)
SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
         "a couple of": 2, "a few": 3}  # fmt: skip
UNKNOWN = re.compile(
    r"\b(?:over|for|in)\s+(?:the\s+)?(?:past\s+|last\s+|recent\s+)?(?:years|decades|two\s+decades)"
    r"\b|\bsince\s+the\s+(?:early\s+)?(?:19|20)\d0s\b|\bover\s+time\b",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    """A date read in a sentence: first day (ISO, cut to its precision), last day of a range,
    precision, the words as written and where, and why it was read so."""

    start: int
    end: int
    words: str
    date: str | None
    date_end: str | None
    precision: str
    reason: str


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date written in `text`, in order, the most precise reading of each stretch."""
    found: list[DateMention] = []
    for finder in (
        _year_ranges,
        _urdu_days_first,
        _urdu_months,
        _urdu_ago,
        _month_ranges,
        _ranges,
        _days,
        _urdu,
        _months_of_a_year,
        _weekdays,
        _relative,
        _months,
        _years,
        _unknown,
    ):
        for mention in finder(text, published):
            if not any(m.start < mention.end and mention.start < m.end for m in found):
                found.append(mention)
    return sorted(found, key=lambda m: m.start)


def _mention(match: re.Match, first, last, precision: str, reason: str) -> DateMention:
    words = " ".join(match.group().split())
    return DateMention(match.start(), match.end(), words, first, last, precision, reason)


def _year_for(month: int, day: int, published: date | None, written: str | None) -> int | None:
    """The written year, else the latest year in which month/day is not after publication."""
    if written:
        return int(written)
    if published is None:
        return None
    try:
        this_year = date(published.year, month, day)
    except ValueError:
        return published.year - 1
    return published.year if this_year <= published else published.year - 1


def _safe_day(year: int | None, month: int, day: int) -> date | None:
    try:
        return date(year, month, day) if year else None
    except ValueError:
        return None


def _ranges(text: str, published: date | None):
    for pattern in RANGES:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month2 = MONTHS[parts["month"]]
            month1 = MONTHS[parts["month2"]] if parts.get("month2") else month2
            day1, day2 = int(parts["day"]), int(parts["day2"])
            year2 = _year_for(month2, day2, published, parts.get("year"))
            year1 = year2 - 1 if year2 and month1 > month2 else year2
            first, last = _safe_day(year1, month1, day1), _safe_day(year2, month2, day2)
            if first and last and first < last:
                reason = _written_year(parts.get("year"), published, f"‘{match.group()}’")
                yield _mention(match, first.isoformat(), last.isoformat(), "range", reason)


MONTH_RANGE = _pattern(
    r"\b(?:between|from)\s+{month2}\s+(?:and|to|until)\s+{month}(?:\s+(?P<this>this\s+year)|{year})"
)


YEAR_RANGE = re.compile(
    r"\b(?:between|from)\s+(?P<first>(?:19|20)\d\d)\s+(?:and|to|until|till)\s+"
    r"(?P<last>(?:19|20)\d\d)\b|\b(?P<first2>(?:19|20)\d\d)\s*[-–]\s*(?P<last2>(?:19|20)\d\d)\b"
)
URDU_AGO = re.compile(
    r"(?<!\w)(?P<n>\d+|" + "|".join(URDU_NUMBERS) + r")\s+"
    r"(?P<unit>دن|روز|ہفتے|ہفتہ|ماہ|مہینے|مہینہ|سال)\s+(?:قبل|پہلے)(?!\w)"
)


def _year_ranges(text: str, published: date | None):
    """ "between 2021 and 2024": a range of years."""
    for match in YEAR_RANGE.finditer(text):
        first, last = match["first"] or match["first2"], match["last"] or match["last2"]
        if first < last and (published is None or int(last) <= published.year):
            reason = Message("‘%(words)s’: from the first year to the last", words=match.group())
            yield _mention(match, first, last, "range", reason)


# "رواں سال" (this year), "گزشتہ ماہ" (last month), "گزشتہ ہفتے" (last week).
URDU_RELATIVE = re.compile(
    r"(?<!\w)(?P<which>رواں|اس|گزشتہ|پچھلے|پچھلی)\s+(?P<unit>سال|ماہ|مہینے|ہفتے|ہفتہ)(?!\w)"
)


# "گزشتہ سال نومبر میں" (in November last year), "مارچ 2024", "جون میں": a month, no day.
URDU_MONTH = re.compile(
    r"(?:(?P<which>گزشتہ|پچھلے|رواں|اس)\s+سال\s+)?(?<![\d۰-۹]\s)(?<![\d۰-۹])(?P<month>"
    + "|".join(URDU_MONTHS)
    + r")(?!\w)(?:\s+(?P<year>(?:19|20)\d\d))?"
)


def _urdu_days_first(text: str, published: date | None):
    """Urdu days ("12 جولائی") before months alone, so a day is never read as its month."""
    for mention in _urdu(text, published):
        if mention.precision == "day" and mention.words[:1].isdigit():
            yield mention


def _urdu_months(text: str, published: date | None):
    """A month written in Urdu with no day: of the year written, of last year or this one,
    else the latest such month not after publication."""
    for match in URDU_MONTH.finditer(text):
        month = URDU_MONTHS[match["month"]]
        if match["year"]:
            year = int(match["year"])
        elif published is None:
            continue
        elif match["which"] in ("گزشتہ", "پچھلے"):
            year = published.year - 1
        elif match["which"]:
            year = published.year
        else:
            year = published.year if month <= published.month else published.year - 1
        reason = Message("‘%(words)s’: that month", words=" ".join(match.group().split()))
        yield _mention(match, f"{year:04d}-{month:02d}", None, "month", reason)


def _urdu_ago(text: str, published: date | None):
    """ "تین ماہ قبل" (three months ago), counted back from publication."""
    if published is None:
        return
    for match in URDU_RELATIVE.finditer(text):
        step = -1 if match["which"] in ("گزشتہ", "پچھلے", "پچھلی") else 0
        unit = {"سال": "year", "ہفتے": "week", "ہفتہ": "week"}.get(match["unit"], "month")
        yield _relative_mention(match, unit, step, published)
    for match in URDU_AGO.finditer(text):
        number = match["n"]
        amount = int(number) if number.isdigit() else URDU_NUMBERS[number]
        unit = {"دن": "day", "روز": "day", "ہفتے": "week", "ہفتہ": "week", "سال": "year"}.get(
            match["unit"], "month"
        )
        yield _relative_mention(match, unit, -amount, published)


def _month_ranges(text: str, published: date | None):
    """ "between January and September this year": a range of months, first to last."""
    for match in MONTH_RANGE.finditer(text):
        first, last = MONTHS[match["month2"]], MONTHS[match["month"]]
        year = int(match["year"]) if match["year"] else (published.year if published else None)
        if year is None or first >= last:
            continue
        if not match["year"] and not match["this"] and published and last > published.month:
            year -= 1  # "between January and June", written in March: last year's
        reason = Message("‘%(words)s’: from the first month to the last", words=match.group())
        yield _mention(match, f"{year:04d}-{first:02d}", f"{year:04d}-{last:02d}", "range", reason)


def _written_year(year: str | None, published: date | None, words: str) -> str:
    if year or published is None:
        return Message("%(words)s is written in the text", words=words)
    return Message(
        "%(words)s, the latest such date up to publication (%(published)s)",
        words=words,
        published=published.isoformat(),
    )


def _days(text: str, published: date | None):
    for pattern in DAYS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month, day = MONTHS[parts["month"]], int(parts["day"])
            found = _safe_day(_year_for(month, day, published, parts.get("year")), month, day)
            if found and (published is None or found <= published):
                reason = _written_year(parts.get("year"), published, f"‘{match.group()}’")
                yield _mention(match, found.isoformat(), None, "day", reason)
    for match in NUMERIC_DAY.finditer(text):
        found = _numeric_day(match, published)
        if found:
            reason = _written_year(match["year"], published, f"‘{match.group()}’ (day first)")
            yield _mention(match, found.isoformat(), None, "day", reason)
    for match in ORDINAL_DAY.finditer(text):
        if published is None:
            break
        day = int(match["day"])
        month = published if day <= published.day else published - relativedelta(months=1)
        found = _safe_day(month.year, month.month, day)
        if found:
            yield _mention(match, found.isoformat(), None, "day",
                           _relative_reason(match, published))  # fmt: skip
    for match in ISO_DAY.finditer(text):
        found = _safe_day(int(match["year"]), int(match["month"]), int(match["day"]))
        if found:
            yield _mention(
                match,
                found.isoformat(),
                None,
                "day",
                Message("‘%(words)s’ is a day", words=match.group()),
            )


def _numeric_day(match: re.Match, published: date | None) -> date | None:
    """ "on 12/03": a day written in figures, day first; without "on" it needs its year (a
    score, a fraction or a case number is not a date)."""
    if not (match["on"] or match["year"]):
        return None
    day, month = int(match["day"]), int(match["month"])
    if not 1 <= month <= 12:
        return None
    written = match["year"]
    if written and len(written) == 2:
        written = "20" + written
    found = _safe_day(_year_for(month, day, published, written), month, day)
    return found if found and (published is None or found <= published) else None


def _urdu(text: str, published: date | None):
    """Days and weekdays written in Urdu: "12 جولائی", "اتوار"."""
    for match in URDU_DAY.finditer(text):
        month, day = URDU_MONTHS[match["month"]], int(match["day"])
        found = _safe_day(_year_for(month, day, published, match["year"]), month, day)
        if found:
            reason = _written_year(match["year"], published, f"‘{match.group()}’")
            yield _mention(match, found.isoformat(), None, "day", reason)
    if published is None:
        return
    for match in URDU_WEEKDAY.finditer(text):
        day = published - timedelta(days=(published.weekday() - URDU_WEEKDAYS[match["name"]]) % 7)
        reason = Message(
            "‘%(words)s’ is that weekday on or before publication (%(published)s)",
            words=match.group(),
            published=published.isoformat(),
        )
        yield _mention(match, day.isoformat(), None, "day", reason)


def _relative(text: str, published: date | None):
    if published is None:
        return
    for pattern, (unit, step) in RELATIVE.items():
        for match in pattern.finditer(text):
            yield _relative_mention(match, unit, step, published)
    for match in WEEKEND.finditer(text):
        saturday = published - timedelta(days=(published.weekday() - 5) % 7 or 7)
        if published.weekday() == 6 and not match.group().lower().startswith("last"):
            saturday = published - timedelta(days=1)
        last = min(saturday + timedelta(days=1), published)
        yield _mention(match, saturday.isoformat(), last.isoformat(), "range",
                       _relative_reason(match, published))  # fmt: skip
    for match in DAYS_AGO.finditer(text):
        number = " ".join(match["n"].lower().split())
        amount = int(number) if number.isdigit() else SMALL[number]
        unit = match["unit"].lower().rstrip("s")
        if unit == "fortnight":
            unit, amount = "day", amount * 14
        if unit == "year":
            yield _relative_mention(match, "year", -amount, published)
        elif unit == "day":
            yield _relative_mention(match, "day", -amount, published)
        elif unit == "week":
            yield _relative_mention(match, "week", -amount, published)
        else:
            yield _relative_mention(match, "month", -amount, published)


def _relative_reason(match: re.Match, published: date) -> str:
    return Message(
        "%(words)s, counted from publication on %(published)s",
        words=f"‘{' '.join(match.group().split())}’",
        published=published.isoformat(),
    )


def _relative_mention(match: re.Match, unit: str, step: int, published: date) -> DateMention:
    reason = _relative_reason(match, published)
    if unit == "day":
        day = published + timedelta(days=step)
        return _mention(match, day.isoformat(), None, "day", reason)
    if unit == "days":
        first = published + timedelta(days=step)
        return _mention(match, first.isoformat(), published.isoformat(), "range", reason)
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        last = min(monday + timedelta(days=6), published)
        return _mention(match, monday.isoformat(), last.isoformat(), "range", reason)
    if unit == "month":
        month = published + relativedelta(months=step)
        return _mention(match, f"{month.year:04d}-{month.month:02d}", None, "month", reason)
    return _mention(match, str(published.year + step), None, "year", reason)


def _weekdays(text: str, published: date | None):
    if published is None:
        return
    for match in WEEKDAY.finditer(text):
        back = (published.weekday() - WEEKDAYS[match["name"]]) % 7
        if match["last"] and back == 0:
            back = 7
        day = published - timedelta(days=back)
        if match["week_before"]:
            monday = published - timedelta(days=published.weekday() + 7)
            day = monday + timedelta(days=WEEKDAYS[match["name"]])
        reason = Message(
            "‘%(words)s’ is the %(name)s on or before publication (%(published)s)",
            words=match.group(),
            name=match["name"],
            published=published.isoformat(),
        )
        yield _mention(match, day.isoformat(), None, "day", reason)


def _bare_abbreviation(match: re.Match) -> bool:
    """ "Mohammad Jan", "Mar" alone: a name or a word, not a month, unless a year or a part
    of the month ("early Jan 2024") comes with it."""
    words = match["month"]
    full = words in calendar.month_name[1:]
    return not full and not (match["year"] or match["part"] or match["which"])


def _months_of_a_year(text: str, published: date | None):
    """ "March last year", "in January this year": read before "last year" alone is."""
    for mention in _months(text, published):
        if re.search(r"\byear$", mention.words, re.I):
            yield mention


def _months(text: str, published: date | None):
    for match in MONTH_IN.finditer(text):
        if _bare_abbreviation(match):
            continue
        month = MONTHS[match["month"]]
        year = _year_for(month, 1, published, match["year"])
        if match["which"] and published and not match["year"]:
            # "March last year": the year before publication's, whatever the month.
            year = published.year - (1 if match["which"].lower() in ("last", "the previous")
                                     else 0)  # fmt: skip
        if year is None or (published and (year, month) > (published.year, published.month)):
            continue
        reason = _written_year(match["year"], published, f"‘{match.group()}’")
        yield _mention(match, f"{year:04d}-{month:02d}", None, "month", reason)


def _years(text: str, published: date | None):
    for match in YEAR_IN.finditer(text):
        if published is None or int(match["year"]) <= published.year:
            reason = Message("‘%(words)s’ gives the year only", words=match.group())
            yield _mention(match, match["year"], None, "year", reason)


def _unknown(text: str, published: date | None):
    for match in UNKNOWN.finditer(text):
        reason = Message("‘%(words)s’: the text gives no date", words=match.group())
        yield _mention(match, None, None, "unknown", reason)
