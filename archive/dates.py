"""Dates with their precision: an exact day, a range, a month, a year, or unknown.

Dates are described in English by default; a page gives `describe_date` its language's month
names and a function saying a message (gettext), so the same words read in Urdu."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta

from .messages import N_, Message

PRECISIONS = {
    "day": N_("Exact day"),
    "range": N_("Between two days"),
    "month": N_("Month"),
    "year": N_("Year"),
    "unknown": N_("Unknown"),
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH = re.compile(r"\d{4}-\d{1,2}")
YEAR = re.compile(r"\d{4}")
# Where the calendar is furthest ahead (UTC+14): a day that has begun anywhere is not refused.
AHEAD_OF_UTC = timedelta(hours=14)


def latest_today() -> date:
    """The latest date it is anywhere on Earth now: no event can be dated after it."""
    return (datetime.now(UTC) + AHEAD_OF_UTC).date()


def normalise_date(
    precision: str, start: str | None, end: str | None
) -> tuple[str | None, str | None]:
    """Turn what a person typed into (first day, last day) ISO strings, or raise ValueError.

    `start` is YYYY-MM-DD for a day or range, YYYY-MM for a month, YYYY for a year; `end` is
    only read for a range. The pair always spans every day the date could mean, so filters by
    date range find an entry dated "August 2025" when asked for 10 August. A date that has not
    begun yet anywhere is refused, as is a date more precise than its precision (a day typed
    for a month would otherwise be silently dropped).
    """
    start = str(start or "").strip()
    end = str(end or "").strip()
    if precision == "unknown":
        return None, None
    if not start:
        raise ValueError(Message("Give the date, or choose 'unknown'."))
    first, last = _span(precision, start, end)
    _refuse_future(precision, first, last)
    return first.isoformat(), last.isoformat()


def _span(precision: str, start: str, end: str) -> tuple[date, date]:
    if precision == "day":
        day = _parse_day(start)
        return day, day
    if precision == "range":
        return _parse_range(start, end)
    if precision == "month":
        year, month = _parse_month(start)
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last)
    if precision == "year":
        year = _parse_year(start)
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(Message("Unknown date precision %(precision)r.", precision=precision))


def _refuse_future(precision: str, first: date, last: date) -> None:
    """A day or range must not end after today; a month or year must have begun."""
    today = latest_today()
    if first > today:
        raise ValueError(
            Message("%(day)s is in the future: give a date up to today.", day=first.isoformat())
        )
    if precision in ("day", "range") and last > today:
        raise ValueError(
            Message(
                "The last day, %(day)s, is in the future: give a day up to today.",
                day=last.isoformat(),
            )
        )


def _parse_range(start: str, end: str) -> tuple[date, date]:
    if not end:
        raise ValueError(Message("A range needs the last day as well as the first."))
    first, last = _parse_day(start), _parse_day(end)
    if last < first:
        raise ValueError(Message("The range ends before it starts."))
    return first, last


def _parse_day(text: str) -> date:
    try:
        if not DAY.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(Message("%(text)r is not a date (use YYYY-MM-DD).", text=text)) from None


def _parse_month(text: str) -> tuple[int, int]:
    if DAY.fullmatch(text):
        raise ValueError(
            Message(
                "You chose month precision but typed a day: choose 'Exact day' or remove the "
                "day (type %(month)s).",
                month=text[:7],
            )
        )
    try:
        if not MONTH.fullmatch(text):
            raise ValueError
        year, month = (int(part) for part in text.split("-"))
        date(year, month, 1)
    except ValueError:
        raise ValueError(Message("%(text)r is not a month (use YYYY-MM).", text=text)) from None
    return year, month


def _parse_year(text: str) -> int:
    if DAY.fullmatch(text) or MONTH.fullmatch(text):
        raise ValueError(
            Message(
                "You chose year precision but typed a month or a day: choose the precision you "
                "know, or type the year alone (%(year)s).",
                year=text[:4],
            )
        )
    if not YEAR.fullmatch(text):
        raise ValueError(Message("%(text)r is not a year (use YYYY).", text=text))
    return int(text)


def typed_date(precision: str, start: str | None) -> str:
    """A stored first day as a person types it at its precision: 2025-08 for a month."""
    if not start or precision == "unknown":
        return ""
    return {"month": start[:7], "year": start[:4]}.get(precision, start)


def english(template: str, **values: object) -> str:
    """A message in English: the template with its values (what gettext does untranslated)."""
    return template % values if values else template


Say = Callable[..., str]


def describe_date(
    precision: str,
    start: str | None,
    end: str | None,
    months: Sequence[str] = MONTHS,
    say: Say = english,
) -> str:
    """The date in plain words, never more precise than what was recorded; `months` (January
    first) and `say` (a template and its values) give the words of another language."""
    if precision == "unknown" or not start:
        return say(N_("Date unknown"))
    first = date.fromisoformat(start)
    if precision == "year":
        return str(first.year)
    if precision == "month":
        return say(N_("%(month)s %(year)d"), month=months[first.month - 1], year=first.year)
    if precision == "range" and end and end != start:
        return _describe_range(first, date.fromisoformat(end), months, say)
    return say(
        N_("%(day)d %(month)s %(year)d"), day=first.day, month=months[first.month - 1],
        year=first.year,
    )  # fmt: skip


def _describe_range(first: date, last: date, months: Sequence[str], say: Say) -> str:
    ends = {"first_day": first.day, "first_month": months[first.month - 1],
            "first_year": first.year, "last_day": last.day, "last_month": months[last.month - 1],
            "last_year": last.year}  # fmt: skip
    if (first.year, first.month) == (last.year, last.month):
        template = N_("Between %(first_day)d and %(last_day)d %(last_month)s %(last_year)d")
    elif first.year == last.year:
        template = N_(
            "Between %(first_day)d %(first_month)s and %(last_day)d %(last_month)s %(last_year)d"
        )
    else:
        template = N_(
            "Between %(first_day)d %(first_month)s %(first_year)d and %(last_day)d "
            "%(last_month)s %(last_year)d"
        )
    return say(template, **ends)
