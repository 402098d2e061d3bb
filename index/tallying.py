"""Counting a search whole, for charts: per category, by facet value and by period, with ids.

The same matches as the search page (the same query, filter and retracted-entries mask, from
the generation's cached answer), counted whole rather than a page of them. Counts come from the
generation's arrays (facet values, date columns), so a chart costs little more than a search.

Dates are the index's day numbers (20140301): each entry spans its first and last possible day.
An entry is counted in a period only when its whole span lies inside it: one dated "2014" is in
the year 2014, never in January 2014; on a monthly timeline it is "2014, month not known".
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from .analysis import Reference
from .engine.generation import CATEGORIES, Generation, generation
from .querying import SearchParams, build_query
from .schema import UNKNOWN_DATE

# Facets charted, by category: a claim's group, an abuse report's alleged perpetrator.
CHARTED = {
    "abuse": ("district", "entry_type", "perpetrator", "status"),
    "claim": ("district", "entry_type", "group", "status"),
}
# A timeline by month when the period shown is at most this many months, else by year.
MONTHLY_UP_TO = 36


@dataclass
class Period:
    """One bar of a timeline: entries whose whole date lies in it, `approximate` of them known
    only to a month, a year or a range inside it (not to the day)."""

    key: str  # "2014" or "2014-03"
    first_day: str
    last_day: str
    count: int = 0
    approximate: int = 0


@dataclass
class Wider:
    """Entries whose date spans more than one bar: known only to a longer period."""

    first_day: str
    last_day: str
    count: int


@dataclass
class Timeline:
    """A category's timeline: its bars in order, the entries dated more loosely than a bar,
    and those with no date."""

    unit: str  # "month" or "year"
    periods: list[Period] = field(default_factory=list)
    wider: list[Wider] = field(default_factory=list)
    undated: int = 0


@dataclass
class Tally:
    """A whole search counted: per category, its count, facet counts, timeline and entry ids."""

    params: SearchParams
    counts: dict[str, int]
    facets: dict[str, dict[str, list[tuple[str, int]]]]
    timelines: dict[str, Timeline]
    entry_ids: dict[str, np.ndarray]


def tally(searcher: Searcher, params: SearchParams, ref: Reference) -> Tally:
    """Count every entry a search matches (QueryError when it cannot be understood)."""
    built = build_query(params, ref, searcher.schema)
    gen = generation(searcher)
    matched = _matched(gen, built)
    kinds = [built.category] if built.category in CATEGORIES else list(CATEGORIES)
    docs = {kind: matched[gen.docs_with("kind", kind)[matched]] for kind in kinds}
    unit = _unit(params, gen, docs)
    return Tally(
        params=params,
        counts={kind: len(docs[kind]) for kind in kinds},
        facets={kind: _facets(gen, docs[kind], CHARTED[kind]) for kind in kinds},
        timelines={kind: timeline(gen, docs[kind], unit) for kind in kinds},
        entry_ids={kind: gen.entry_ids()[docs[kind]] for kind in kinds},
    )


def _matched(gen: Generation, built: Any) -> np.ndarray:
    """Every document the search matches, as the search page counts them (no ranking: a
    chart needs the whole set, not its order)."""
    found = np.sort(gen.matcher().matches(built.query).docs)
    allowed = gen.live().copy()
    if built.filter is not None:
        allowed &= gen.docs_for(built.filter)
    if built.mask is not None:
        allowed &= ~gen.docs_for(built.mask)
    return found[allowed[found]]


def _facets(gen: Generation, docs: np.ndarray, fields: tuple[str, ...]) -> dict:
    mine = np.zeros(gen.size, dtype=bool)
    mine[docs] = True
    counted = {}
    for name in fields:
        pairs = ((value, int(np.count_nonzero(mine[held])))
                 for value, held in gen.values(name).items())  # fmt: skip
        counted[name] = sorted(
            ((value, n) for value, n in pairs if n), key=lambda item: (-item[1], item[0])
        )
    return counted


def _unit(params: SearchParams, gen: Generation, docs: dict[str, np.ndarray]) -> str:
    """Months when the search's date range, or else the span of its dated entries, is at most
    MONTHLY_UP_TO months long; years otherwise."""
    if params.date_from and params.date_to:
        first, last = _day(params.date_from), _day(params.date_to)
    else:
        starts = np.concatenate([gen.dates("date_start")[d] for d in docs.values()])
        ends = np.concatenate([gen.dates("date_end")[d] for d in docs.values()])
        dated = starts != UNKNOWN_DATE
        if not dated.any():
            return "year"
        first = _day(params.date_from) if params.date_from else int(starts[dated].min())
        last = _day(params.date_to) if params.date_to else int(ends[dated].max())
    months = (last // 10000 - first // 10000) * 12 + (last // 100 % 100 - first // 100 % 100)
    return "month" if months < MONTHLY_UP_TO else "year"


def _day(value: str) -> int:
    return int(value.replace("-", ""))


def timeline(gen: Generation, docs: np.ndarray, unit: str) -> Timeline:
    """A category's matched documents by month or year: each in the bar its whole date lies in,
    the rest apart (dated to a longer period, or not dated)."""
    starts, ends = gen.dates("date_start")[docs], gen.dates("date_end")[docs]
    dated = starts != UNKNOWN_DATE
    result = Timeline(unit=unit, undated=int(np.count_nonzero(~dated)))
    starts, ends = starts[dated], ends[dated]
    divisor = 100 if unit == "month" else 10000
    first_bar, last_bar = starts // divisor, ends // divisor
    inside = first_bar == last_bar
    exact_day = starts == ends
    bars, counts = np.unique(first_bar[inside], return_counts=True)
    loose = np.unique(first_bar[inside & ~exact_day], return_counts=True)
    approximate = dict(zip(loose[0].tolist(), loose[1].tolist(), strict=True))
    for bar in _every_bar(bars.tolist(), unit):
        period = _period(bar, unit)
        where = np.searchsorted(bars, bar)
        if where < len(bars) and bars[where] == bar:
            period.count = int(counts[where])
            period.approximate = int(approximate.get(bar, 0))
        result.periods.append(period)
    if inside.all():
        return result
    spans = np.unique(np.stack([starts[~inside], ends[~inside]]), axis=1, return_counts=True)
    for (first, last), count in zip(spans[0].T.tolist(), spans[1].tolist(), strict=True):
        result.wider.append(Wider(_iso(first), _iso(last), int(count)))
    return result


def _every_bar(bars: list[int], unit: str) -> list[int]:
    """Every month or year from the first bar to the last, the empty ones too."""
    if not bars:
        return []
    if unit == "year":
        return list(range(bars[0], bars[-1] + 1))
    found, (year, month) = [], divmod(bars[0], 100)
    while year * 100 + month <= bars[-1]:
        found.append(year * 100 + month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _period(bar: int, unit: str) -> Period:
    if unit == "year":
        return Period(str(bar), f"{bar}-01-01", f"{bar}-12-31")
    year, month = divmod(bar, 100)
    last = _month_days(year, month)
    return Period(f"{year}-{month:02d}", f"{year}-{month:02d}-01", f"{year}-{month:02d}-{last}")


def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _iso(number: int) -> str:
    return f"{number // 10000:04d}-{number // 100 % 100:02d}-{number % 100:02d}"


__all__ = ["Period", "Tally", "Timeline", "Wider", "tally", "timeline"]
