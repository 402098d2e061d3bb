"""Dates keep their precision: stored as the span they could mean, shown in words."""

from __future__ import annotations

import pytest

from archive.dates import describe_date, normalise_date


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
