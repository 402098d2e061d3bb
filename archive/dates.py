"""Dates with their precision: an exact day, a range, a month, a year, or unknown."""

from __future__ import annotations

import calendar
from datetime import date

PRECISIONS = {
    "day": "Exact day",
    "range": "Between two days",
    "month": "Month",
    "year": "Year",
    "unknown": "Unknown",
}


def normalise_date(
    precision: str, start: str | None, end: str | None
) -> tuple[str | None, str | None]:
    """Turn what a person typed into (first day, last day) ISO strings, or raise ValueError.

    `start` is YYYY-MM-DD for a day or range, YYYY-MM for a month, YYYY for a year; `end` is
    only read for a range. The pair always spans every day the date could mean, so filters by
    date range find an entry dated "August 2025" when asked for 10 August.
    """
    start = str(start or "").strip()
    end = str(end or "").strip()
    if precision == "unknown":
        return None, None
    if not start:
        raise ValueError("Give the date, or choose 'unknown'.")
    if precision == "day":
        day = _parse_day(start)
        return day.isoformat(), day.isoformat()
    if precision == "range":
        return _normalise_range(start, end)
    if precision == "month":
        year, month = _parse_month(start)
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1).isoformat(), date(year, month, last).isoformat()
    if precision == "year":
        year = _parse_year(start)
        return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    raise ValueError(f"Unknown date precision {precision!r}.")


def _normalise_range(start: str, end: str) -> tuple[str, str]:
    if not end:
        raise ValueError("A range needs the last day as well as the first.")
    first, last = _parse_day(start), _parse_day(end)
    if last < first:
        raise ValueError("The range ends before it starts.")
    return first.isoformat(), last.isoformat()


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD).") from None


def _parse_month(text: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in text[:7].split("-"))
        date(year, month, 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a month (use YYYY-MM).") from None
    return year, month


def _parse_year(text: str) -> int:
    if not (len(text[:4]) == 4 and text[:4].isdigit()):
        raise ValueError(f"{text!r} is not a year (use YYYY).")
    return int(text[:4])


def describe_date(precision: str, start: str | None, end: str | None) -> str:
    """The date in plain words, never more precise than what was recorded."""
    if precision == "unknown" or not start:
        return "Date unknown"
    first = date.fromisoformat(start)
    if precision == "year":
        return str(first.year)
    if precision == "month":
        return first.strftime("%B %Y")
    if precision == "range" and end and end != start:
        return _describe_range(first, date.fromisoformat(end))
    return f"{first.day} {first.strftime('%B %Y')}"


def _describe_range(first: date, last: date) -> str:
    if (first.year, first.month) == (last.year, last.month):
        return f"Between {first.day} and {last.day} {last.strftime('%B %Y')}"
    if first.year == last.year:
        return f"Between {first.day} {first.strftime('%B')} and {last.day} {last.strftime('%B %Y')}"
    return f"Between {first.day} {first.strftime('%B %Y')} and {last.day} {last.strftime('%B %Y')}"
