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
from flask_babel import format_date, format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

import archive
from archive import patterns
from archive.figures import GIVER_WORDS, KIND_WORDS, NOUNS
from archive.messages import N_
from forms.common import translated
from index.tallying import Tally, Timeline

from .labels import actor_label
from .search import facet_label

# Facet charts: index field -> (query-string name, heading), by category.
BY = {
    "abuse": {
        "district": ("district", _l("By district")),
        "entry_type": ("type", _l("By type")),
        "perpetrator": ("perpetrator", _l("By alleged perpetrator")),
        "status": ("status", _l("By status")),
    },
    "claim": {
        "district": ("district", _l("By district")),
        "entry_type": ("type", _l("By type (claimed)")),
        "group": ("group", _l("By group claiming")),
        "status": ("status", _l("By status")),
    },
}
# What a facet chart's table heads its first column with (its title without "By").
COLUMN = {
    "district": _l("District"),
    "entry_type": _l("Type"),
    "perpetrator": _l("Alleged perpetrator"),
    "status": _l("Status"),
    "group": _l("Group claiming"),
}
# Bars whose labels are the archive's own names (content, shown as typed, never translated).
NAMED = {"district", "perpetrator", "group"}
NOT_GIVEN = {"district": _l("No district given"), "perpetrator": _l("No perpetrator named")}
# A figure's total in words, by its qualifier ("unknown": no entry gave a number).
TOTAL_WORDS = {
    "exact": N_("%(number)s %(what)s (%(giver)s)"),
    "at_least": N_("at least %(number)s %(what)s (%(giver)s)"),
    "approximately": N_("approximately %(number)s %(what)s (%(giver)s)"),
    "approximately_at_least": N_("approximately, at least %(number)s %(what)s (%(giver)s)"),
}
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
    named: bool = False  # the label is the archive's own name (a district, a group): content


@dataclass
class Chart:
    """A chart of one category: its bars and what must be said beside them."""

    chart_id: str
    category: str
    title: str
    shape: str  # "bars", "timeline" or "figures"
    bars: list[Bar]
    notes: list[str] = field(default_factory=list)
    column: str = ""  # what the first column of its table holds
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
    notes = [_looser(w.count, w.first_day, w.last_day, timeline.unit) for w in timeline.wider]
    if timeline.undated:
        notes.append(
            ngettext("%(count)s with no date: not in any bar.",
                     "%(count)s with no date: not in any bar.", timeline.undated,
                     count=format_decimal(timeline.undated))
        )  # fmt: skip
    wider = [
        Bar(f"{w.first_day}/{w.last_day}", _("Between %(first)s and %(last)s",
            first=_day(w.first_day), last=_day(w.last_day)), w.count)
        for w in timeline.wider
    ]  # fmt: skip
    no_date = search_href(args, year="unknown", date_from=None, date_to=None, dates=None)
    undated = Bar("unknown", _("Date unknown"), timeline.undated, no_date)
    title = _("By month") if timeline.unit == "month" else _("By year")
    return Chart(f"{kind}-timeline", kind, title, "timeline", bars, notes, _("Period"),
                 wider=wider, undated=undated)  # fmt: skip


def _looser(count: int, first: str, last: str, unit: str) -> str:
    """The note under a timeline for entries dated more loosely than one of its bars."""
    values = {"count": format_decimal(count), "first": _day(first), "last": _day(last)}
    if unit == "month":
        return _("%(count)s dated only between %(first)s and %(last)s, more loosely than one "
                 "month: not in any bar.", **values)  # fmt: skip
    return _("%(count)s dated only between %(first)s and %(last)s, more loosely than one "
             "year: not in any bar.", **values)  # fmt: skip


def _day(iso: str) -> str:
    return format_date(date.fromisoformat(iso), "d MMM y")


def _period_label(key: str) -> str:
    """A timeline's bar named in the reader's language: "Sep 2025" (a month), "2025"."""
    if len(key) == 4:
        return key
    return format_date(date.fromisoformat(key + "-01"), "MMM y")


def _within(args: dict[str, str], first: str, last: str) -> str:
    return search_href(args, date_from=first, date_to=last, dates="within", year=None)


def facet_chart(kind: str, name: str, tally: Tally, args: dict[str, str]) -> Chart:
    """Entries per facet value; each bar links to the search narrowed to it."""
    param, heading = BY[kind][name]
    counted = tally.facets[kind][name]
    named = name in NAMED
    bars = [
        Bar(value, _label(name, value), count, search_href(args, **{param: value}), named=named)
        for value, count in counted
    ]
    missing = tally.counts[kind] - sum(count for _value, count in counted)
    if missing > 0 and name in NOT_GIVEN:
        bars.append(Bar("", str(NOT_GIVEN[name]), missing))
    column = _("Type (claimed)") if (kind, name) == ("claim", "entry_type") else str(COLUMN[name])
    return Chart(f"{kind}-{param}", kind, str(heading), "bars", bars, column=column)


def _label(name: str, value: str) -> str:
    if name in ("group", "perpetrator"):
        return actor_label(value)
    return facet_label(name, value)


def figures_chart(kind: str, totals: list[dict[str, Any]]) -> Chart:
    """Figures summed per kind and giver, each in words with its qualifier."""
    bars = [
        Bar(f"{t['kind']}/{t['given_by']}", _figure_label(t), t["total"], text=total_text(t))
        for t in totals
    ]
    notes = [
        _("Each total adds the figures of one kind given by one kind of source; an entry with "
          "several such figures counts once, at its lowest number."),
    ]  # fmt: skip
    if kind == "claim":
        notes.insert(0, _("Figures given by the group are what it claims, not established facts."))
    notes += [_without_number(kind, t) for t in totals if t["without_number"]]
    return Chart(f"{kind}-figures", kind, _("Figures as reported"), "figures", bars, notes,
                 _("Figure"))  # fmt: skip


def _giver(total: dict[str, Any]) -> str:
    return translated(GIVER_WORDS.get(total["given_by"], total["given_by"]))


def _figure_label(total: dict[str, Any]) -> str:
    kind = translated(archive.FIGURE_KINDS[total["kind"]])
    return _("%(kind)s (%(giver)s)", kind=kind, giver=_giver(total))


def total_text(total: dict[str, Any]) -> str:
    """A figure's total in words in the reader's language: "at least 134 killed (official)"
    (archive.patterns.describe_total says it in English, for the data)."""
    one, many = KIND_WORDS.get(total["kind"], (total["kind"], total["kind"]))
    giver = _giver(total)
    if total["qualifier"] == "unknown":
        what = translated(many)
        if total["kind"] in NOUNS:
            return _("an unknown number of %(what)s (%(giver)s)", what=what, giver=giver)
        return _("an unknown number %(what)s (%(giver)s)", what=what, giver=giver)
    what = translated(one if total["total"] == 1 else many)
    template = TOTAL_WORDS[total["qualifier"]]
    return _(template, number=format_decimal(total["total"]), what=what, giver=giver)


def _without_number(kind: str, total: dict[str, Any]) -> str:
    """The note for entries that gave a figure of this kind without a number."""
    count = total["without_number"]
    many = KIND_WORDS.get(total["kind"], ("", total["kind"]))[1]
    values = {"count": format_decimal(count), "giver": _giver(total), "what": translated(many)}
    if kind == "claim":
        return ngettext("%(count)s attack claim gave no number of %(what)s (%(giver)s).",
                        "%(count)s attack claims gave no number of %(what)s (%(giver)s).",
                        count, **values)  # fmt: skip
    return ngettext("%(count)s abuse report gave no number of %(what)s (%(giver)s).",
                    "%(count)s abuse reports gave no number of %(what)s (%(giver)s).",
                    count, **values)  # fmt: skip


def find_chart(charts: dict[str, list[Chart]], chart_id: str) -> Chart | None:
    """The chart called `chart_id`, or None."""
    return next((c for cs in charts.values() for c in cs if c.chart_id == chart_id), None)


def chart_rows(chart: Chart) -> list[list[Any]]:
    """A chart's numbers as table rows (a header first), as its table and CSV show them: the
    words in the reader's language, the numbers raw (a spreadsheet reads them as numbers)."""
    entries = _("Entries")
    if chart.shape == "timeline":
        rows = [[chart.column, entries, _("Of them dated only approximately")]]
        rows += [[b.label, b.count, b.approximate] for b in chart.bars]
        rows += [[b.label, b.count, b.count] for b in chart.wider]
        if chart.undated and chart.undated.count:
            rows.append([chart.undated.label, chart.undated.count, ""])
        return rows
    if chart.shape == "figures":
        heading = [chart.column, _("Total"), _("In words")]
        return [heading] + [[b.label, b.count, b.text] for b in chart.bars]
    return [[chart.column, entries]] + [[b.label, b.count] for b in chart.bars]


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
