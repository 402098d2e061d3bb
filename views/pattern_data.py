"""The numbers behind the charts of a search: what each bar counts and where clicking it leads.

A whole search counted by the index (ids, counts, facets, timelines) plus the figures the
archive sums for its entries, turned into charts: plain data, drawn by charts_svg.py, listed as
tables and CSV, and sent as JSON. Abuse reports and attack claims are always charted apart;
nothing here adds one category to the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import request, url_for

import archive
from archive import patterns
from index.tallying import Tally, Timeline

from .labels import actor_label
from .search import facet_label

# Facet charts: index field -> (query-string name, heading), by category.
BY = {
    "abuse": {
        "district": ("district", "By district"),
        "entry_type": ("type", "By type"),
        "perpetrator": ("perpetrator", "By alleged perpetrator"),
        "status": ("status", "By status"),
    },
    "claim": {
        "district": ("district", "By district"),
        "entry_type": ("type", "By type (claimed)"),
        "group": ("group", "By group claiming"),
        "status": ("status", "By status"),
    },
}
NOT_GIVEN = {"district": "No district given", "perpetrator": "No perpetrator named"}
# Query-string names a chart's own links replace (the page and the output format never carry).
DROPPED = ("page", "format", "chart")


@dataclass
class Bar:
    """One bar: its label, its number, the search it narrows to (None when it cannot be one),
    and how many of its entries are dated only approximately (timelines)."""

    key: str
    label: str
    count: int
    href: str | None = None
    approximate: int = 0
    text: str = ""  # figures: the total in words, "at least 134 killed (official)"


@dataclass
class Chart:
    """A chart of one category: its bars and what must be said beside them."""

    chart_id: str
    category: str
    title: str
    shape: str  # "bars", "timeline" or "figures"
    bars: list[Bar]
    notes: list[str] = field(default_factory=list)
    column: str = "Entries"
    wider: list[Bar] = field(default_factory=list)  # timelines: dated more loosely than a bar
    undated: Bar | None = None  # timelines: entries with no date


def search_args() -> dict[str, str]:
    """The current search's query string, without the page, format or chart."""
    return {
        key: value
        for key, value in request.args.to_dict().items()
        if key not in DROPPED and value != "" and not key.startswith("_")  # url_for's own
    }


def search_href(args: dict[str, str], **changes: str | None) -> str:
    """The search page for `args` with some filters changed (None removes one)."""
    narrowed = dict(args)
    for key, value in changes.items():
        if value is None:
            narrowed.pop(key, None)
        else:
            narrowed[key] = value
    return f"{url_for('search.results')}?{urlencode(narrowed)}"


def build_charts(tally: Tally, db: Any, args: dict[str, str]) -> dict[str, list[Chart]]:
    """Category -> its charts: timeline, counts by facet, figures."""
    charts = {}
    for kind in tally.counts:
        own = {**args, "category": kind}
        charts[kind] = [
            timeline_chart(kind, tally.timelines[kind], own),
            *(facet_chart(kind, name, tally, own) for name in BY[kind]),
            figures_chart(kind, patterns.figure_totals(db, kind, tally.entry_ids[kind])),
        ]
    return charts


def timeline_chart(kind: str, timeline: Timeline, args: dict[str, str]) -> Chart:
    """Entries per month or year; each bar links to the entries known to fall inside it."""
    bars = [
        Bar(p.key, _period_label(p.key), p.count, _within(args, p.first_day, p.last_day),
            p.approximate)
        for p in timeline.periods
    ]  # fmt: skip
    notes = [
        f"{w.count} dated only between {w.first_day} and {w.last_day}, more loosely than one "
        f"{timeline.unit}: not in any bar."
        for w in timeline.wider
    ]
    if timeline.undated:
        notes.append(f"{timeline.undated} with no date: not in any bar.")
    wider = [
        Bar(f"{w.first_day}/{w.last_day}", f"Between {w.first_day} and {w.last_day}", w.count)
        for w in timeline.wider
    ]
    no_date = search_href(args, year="unknown", date_from=None, date_to=None, dates=None)
    undated = Bar("unknown", "Date unknown", timeline.undated, no_date)
    return Chart(f"{kind}-timeline", kind, f"By {timeline.unit}", "timeline", bars, notes,
                 wider=wider, undated=undated)  # fmt: skip


def _period_label(key: str) -> str:
    if len(key) == 4:
        return key
    return date.fromisoformat(key + "-01").strftime("%b %Y")


def _within(args: dict[str, str], first: str, last: str) -> str:
    return search_href(args, date_from=first, date_to=last, dates="within", year=None)


def facet_chart(kind: str, name: str, tally: Tally, args: dict[str, str]) -> Chart:
    """Entries per facet value; each bar links to the search narrowed to it."""
    param, heading = BY[kind][name]
    counted = tally.facets[kind][name]
    bars = [
        Bar(value, _label(name, value), count, search_href(args, **{param: value}))
        for value, count in counted
    ]
    missing = tally.counts[kind] - sum(count for _, count in counted)
    if missing > 0 and name in NOT_GIVEN:
        bars.append(Bar("", NOT_GIVEN[name], missing))
    return Chart(f"{kind}-{param}", kind, heading, "bars", bars)


def _label(name: str, value: str) -> str:
    if name in ("group", "perpetrator"):
        return actor_label(value)
    return facet_label(name, value)


def figures_chart(kind: str, totals: list[dict[str, Any]]) -> Chart:
    """Figures summed per kind and giver, each in words with its qualifier."""
    bars = [
        Bar(f"{t['kind']}/{t['given_by']}", _figure_label(t), t["total"], text=t["text"])
        for t in totals
    ]
    notes = [
        "Each total adds the figures of one kind given by one kind of source; an entry with "
        "several such figures counts once, at its lowest number.",
    ]
    if kind == "claim":
        notes.insert(0, "Figures given by the group are what it claims, not established facts.")
    without = [t for t in totals if t["without_number"]]
    notes += [
        f"{t['without_number']} {_entries(kind, t['without_number'])} gave no number of "
        f"{archive.FIGURE_KINDS[t['kind']].lower()} ({t['text'].rsplit('(', 1)[1].rstrip(')')})."
        for t in without
    ]
    return Chart(f"{kind}-figures", kind, "Figures as reported", "figures", bars, notes, "Total")


def _figure_label(total: dict[str, Any]) -> str:
    kind = archive.FIGURE_KINDS[total["kind"]]
    giver = "claimed by the group" if total["claimed"] else total["text"].rsplit("(", 1)[1][:-1]
    return f"{kind} ({giver})"


def _entries(kind: str, count: int) -> str:
    category = archive.CATEGORIES[kind]
    return category.label.lower() if count == 1 else category.plural.lower()


def find_chart(charts: dict[str, list[Chart]], chart_id: str) -> Chart | None:
    """The chart called `chart_id`, or None."""
    return next((c for cs in charts.values() for c in cs if c.chart_id == chart_id), None)


def chart_rows(chart: Chart) -> list[list[Any]]:
    """A chart's numbers as table rows (a header first), as its table and CSV show them."""
    if chart.shape == "timeline":
        rows = [["Period", "Entries", "Of them dated only approximately"]]
        rows += [[b.label, b.count, b.approximate] for b in chart.bars]
        rows += [[b.label, b.count, b.count] for b in chart.wider]
        if chart.undated and chart.undated.count:
            rows.append([chart.undated.label, chart.undated.count, ""])
        return rows
    if chart.shape == "figures":
        return [["Figure", "Total", "In words"]] + [[b.label, b.count, b.text] for b in chart.bars]
    return [[chart.title.removeprefix("By ").capitalize(), "Entries"]] + [
        [b.label, b.count] for b in chart.bars
    ]


def chart_json(chart: Chart) -> dict[str, Any]:
    """A chart as the JSON twin gives it."""
    described: dict[str, Any] = {
        "id": chart.chart_id,
        "title": chart.title,
        "category": chart.category,
        "bars": [
            {"value": b.key, "label": b.label, "count": b.count, "url": b.href}
            | ({"approximate": b.approximate} if chart.shape == "timeline" else {})
            | ({"text": b.text} if chart.shape == "figures" else {})
            for b in chart.bars
        ],
        "notes": chart.notes,
    }
    if chart.shape == "timeline":
        described["wider"] = [{"period": b.key, "count": b.count} for b in chart.wider]
        described["undated"] = chart.undated.count if chart.undated else 0
    return described


__all__ = ["Bar", "Chart", "build_charts", "chart_json", "chart_rows", "find_chart"]
