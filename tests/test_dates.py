"""Dates keep their precision: stored as the span they could mean, shown in words."""

from __future__ import annotations

from datetime import timedelta

import pytest

from archive.dates import describe_date, latest_today, normalise_date


@pytest.mark.parametrize(
    ("precision", "start", "end", "stored", "shown"),
    [
        ("day", "2025-09-03", None, ("2025-09-03", "2025-09-03"), "3 September 2025"),
        ("range", "2025-08-13", "2025-08-15", ("2025-08-13", "2025-08-15"),
         "Between 13 and 15 August 2025"),
        ("range", "2025-08-30", "2025-09-02", ("2025-08-30", "2025-09-02"),
         "Between 30 August and 2 September 2025"),
        ("month", "2025-05", None, ("2025-05-01", "2025-05-31"), "May 2025"),
        ("month", "2024-02", None, ("2024-02-01", "2024-02-29"), "February 2024"),
        ("year", "2024", None, ("2024-01-01", "2024-12-31"), "2024"),
        ("unknown", "", None, (None, None), "Date unknown"),
    ],
)  # fmt: skip
def test_dates_are_stored_as_spans_and_shown_at_their_precision(
    precision, start, end, stored, shown
):
    assert normalise_date(precision, start, end) == stored
    assert describe_date(precision, *stored) == shown


@pytest.mark.parametrize(
    ("precision", "start", "end", "message"),
    [
        ("range", "2025-08-15", "2025-08-13", "ends before it starts"),
        ("range", "2025-08-15", "", "last day"),
        ("day", "", None, "Give the date"),
        ("day", "15 August", None, "not a date"),
        ("month", "2025-13", None, "not a month"),
        ("year", "twenty", None, "not a year"),
    ],
)
def test_impossible_dates_are_explained(precision, start, end, message):
    with pytest.raises(ValueError, match=message):
        normalise_date(precision, start, end)


@pytest.mark.parametrize(
    ("precision", "start", "end", "message"),
    [
        ("day", "2031-05-04", None, "2031-05-04 is in the future"),
        ("month", "2031-05", None, "2031-05-01 is in the future"),
        ("year", "2031", None, "2031-01-01 is in the future"),
        ("range", "2025-08-13", "2031-01-01", "The last day, 2031-01-01, is in the future"),
        ("month", "2025-09-03", None, "You chose month precision but typed a day"),
        ("year", "2025-09", None, "You chose year precision but typed a month or a day"),
        ("day", "2025-09-03xyz", None, "not a date"),
        ("month", "2025-09x", None, "not a month"),
        ("year", "2025x", None, "not a year"),
    ],
)
def test_future_dates_and_dates_finer_than_their_precision_are_refused(
    precision, start, end, message
):
    with pytest.raises(ValueError, match=message):
        normalise_date(precision, start, end)


def test_today_and_the_current_month_and_year_are_accepted():
    today = latest_today()
    assert normalise_date("day", today.isoformat(), None)[0] == today.isoformat()
    assert normalise_date("month", today.isoformat()[:7], None)[0][:7] == today.isoformat()[:7]
    assert normalise_date("year", str(today.year), None)[0][:4] == str(today.year)
    with pytest.raises(ValueError, match="in the future"):
        normalise_date("day", (today + timedelta(days=1)).isoformat(), None)
