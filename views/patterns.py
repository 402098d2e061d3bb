"""Patterns of a search, at /search/charts: a timeline, counts, figures and a district map for
any search URL, the same as JSON, each chart as CSV and SVG; and a printable summary.

Query string -> the search form (the same as /search) -> the index counts the whole search ->
the archive sums its figures -> charts. Abuse reports and attack claims are always apart.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request
from flask_babel import gettext as _

import archive
import index
from archive import patterns
from archive.exports import spreadsheet_cell
from forms.common import translated
from forms.search import search_form

from . import charts_svg, search_index
from .access import can_see_confidential, role_required
from .i18n import page_translated
from .labels import entry_date, entry_place, type_label
from .pattern_data import (
    Chart,
    build_charts,
    chart_json,
    chart_rows,
    find_chart,
    search_args,
    search_href,
)
from .search import FACETS, facet_label, query_problem
from .store import get_db

bp = Blueprint("patterns", __name__, url_prefix="/search")
# The summary lists at most this many entries of each category (the count says how many).
SUMMARY_ENTRIES = 500


class Refused(Exception):
    """A search that cannot run: the reasons, by field."""

    def __init__(self, form, errors: dict[str, list[str]]):
        super().__init__("bad search")
        self.form, self.errors = form, errors


def _tally() -> tuple[Any, index.SearchParams, Any]:
    """The form and the whole search counted; Refused when it cannot run."""
    form = search_form(request.args)
    if not form.validate():
        raise Refused(form, form.errors)
    params = index.SearchParams(**form.search_data())
    try:
        return form, params, tally(params)
    except index.QueryError as error:
        raise Refused(form, {"q": [query_problem(error, plain=_wants_json())]}) from None


def _wants_json() -> bool:
    """Whether this request asks for JSON (its errors are plain text)."""
    return request.args.get("format") == "json" or request.endpoint == "patterns.download"


def tally(params: index.SearchParams):
    """The whole search counted on the shared searcher."""
    shared = search_index.get_ix()
    with shared.searcher() as searcher:
        return index.tally(searcher, params, index.load_reference(get_db()))


def _refused(refused: Refused, wants_json: bool, template: str = "search/charts.html"):
    if wants_json:
        return jsonify(error="Bad search", reasons=refused.errors), 400
    return render_template(template, form=refused.form, errors=refused.errors), 400


@bp.get("/charts")
@role_required("reader")
def charts():
    """Charts of a search; JSON with ?format=json."""
    wants_json = request.args.get("format") == "json"
    try:
        form, params, counted = _tally()
    except Refused as refused:
        return _refused(refused, wants_json)
    args = search_args()
    db = get_db()
    drawn = build_charts(counted, db, args)
    maps = district_maps(counted, db, args, draw=not wants_json)
    if wants_json:
        return jsonify(_as_json(params, counted, drawn, maps, args))
    return render_template(
        "search/charts.html", form=form, counted=counted, charts=drawn, maps=maps,
        search_url=search_href(args), draw=charts_svg.draw, filters=described_filters(args),
        args=args,
    )  # fmt: skip


@bp.get("/charts/<string:chart_id>.<string:fmt>")
@role_required("reader")
def download(chart_id: str, fmt: str):
    """One chart or map of a search as CSV or SVG."""
    if fmt not in ("csv", "svg"):
        abort(404, description=_("Charts download as .csv or .svg."))
    try:
        counted = _tally()[2]
    except Refused as refused:
        return _refused(refused, True)
    args, db = search_args(), get_db()
    if chart_id.endswith("-map"):
        found = district_maps(counted, db, args).get(chart_id.removesuffix("-map"))
        if found is None:
            abort(404, description=_("There is no map called '%(name)s' for this search.",
                                     name=chart_id))  # fmt: skip
        return _attachment(_map_body(found, fmt), fmt, chart_id)
    chart = find_chart(build_charts(counted, db, args), chart_id)
    if chart is None:
        abort(404, description=_("There is no chart called '%(name)s' for this search.",
                                 name=chart_id))  # fmt: skip
    body = _csv(chart_rows(chart)) if fmt == "csv" else str(charts_svg.draw(chart, title(chart)))
    return _attachment(body, fmt, chart_id)


def _map_body(drawn: dict[str, Any], fmt: str) -> str:
    if fmt == "svg":
        return str(drawn["svg"])
    rows = [[_("District"), _("Province"), _("Entries"), _("Latitude"), _("Longitude")]]
    rows += [[d["name"], d["province"], d["count"], d["latitude"], d["longitude"]]
             for d in drawn["districts"]]  # fmt: skip
    return _csv(rows)


def _attachment(body: str, fmt: str, name: str) -> Response:
    mimetype = "text/csv" if fmt == "csv" else "image/svg+xml"
    response = Response(body, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=f"gawahi-{name}.{fmt}")
    return response


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return buffer.getvalue()


def title(chart: Chart) -> str:
    """A chart's title with its category, as a download or a print shows it alone."""
    plural = translated(archive.CATEGORIES[chart.category].plural)
    return _("%(category)s: %(chart)s", category=plural, chart=chart.title)


def district_maps(
    counted: Any, db: Any, args: dict[str, str], draw: bool = True
) -> dict[str, dict[str, Any]]:
    """Category -> its map: districts with their counts and links, those not on the map, and
    (unless `draw` is false: the JSON twin sends no picture) the map drawn."""
    known = {d["name"]: d for d in patterns.district_places(db)}
    places = patterns.mapped_places(db)
    maps = {}
    for kind, count in counted.counts.items():
        own = {**args, "category": kind}
        marked, missing = [], []
        for name, n in counted.facets[kind]["district"]:
            district = known.get(name)
            href = search_href(own, district=name)
            entry = {"name": name, "province": district["province"] if district else "",
                     "count": n, "url": href,
                     "latitude": district["latitude"] if district else None,
                     "longitude": district["longitude"] if district else None}  # fmt: skip
            (marked if entry["latitude"] is not None else missing).append(entry)
        heading = _(
            "%(category)s by district", category=translated(archive.CATEGORIES[kind].plural)
        )
        svg = (
            charts_svg.district_map(
                kind, heading, [(d, d["count"], d["url"]) for d in marked], places
            )
            if draw
            else None
        )
        maps[kind] = {"districts": marked, "not_on_map": missing, "svg": svg, "count": count}
    return maps


def described_filters(args: dict[str, str]) -> list[tuple[str, str]]:
    """The search's words and filters in plain words, as the summary prints them."""
    names = {param: page_translated(heading) for param, heading in FACETS.values()}
    fields = {param: field for field, (param, _heading) in FACETS.items()}
    shown = []
    for key, value in args.items():
        if key == "q":
            shown.append((_("Words"), value))
        elif key in fields:
            shown.append((names[key], facet_label(fields[key], value)))
        elif key in ("date_from", "date_to"):
            shown.append((_("From") if key == "date_from" else _("To"), value))
        elif key == "dates" and value == "within":
            shown.append((_("Dates"), _("known to fall inside the range")))
    return shown or [(_("Search"), _("every entry"))]


def _as_json(params, counted, drawn, maps, args) -> dict[str, Any]:
    return {
        "query": {key: value for key, value in vars(params).items() if key != "filters"},
        "search_url": search_href(args),
        "counts": counted.counts,
        "categories": {
            kind: {
                "label": translated(archive.CATEGORIES[kind].plural),
                "count": counted.counts[kind],
                "charts": [chart_json(chart) for chart in drawn[kind]],
                "map": {key: maps[kind][key] for key in ("districts", "not_on_map")},
            }
            for kind in counted.counts
        },
        "places": [
            {key: place[key] for key in ("name", "district", "latitude", "longitude")}
            for place in patterns.mapped_places(get_db())
        ],
        "note": _(
            "Abuse reports and attack claims are counted apart and never added together; "
            "figures given by a group are what it claims."
        ),
    }


@bp.get("/summary")
@role_required("reader")
def summary():
    """A printable summary of a search: filters, totals, charts, and its entries with sources."""
    try:
        form, params, counted = _tally()
    except Refused as refused:
        return _refused(refused, False, "search/summary.html")
    args, db = search_args(), get_db()
    drawn = build_charts(counted, db, args)
    cleared = can_see_confidential()
    listed = {kind: _listed(db, kind, params, cleared) for kind in counted.counts}
    return render_template(
        "search/summary.html", form=form, counted=counted, charts=drawn,
        maps=district_maps(counted, db, args), listed=listed, filters=described_filters(args),
        draw=charts_svg.draw, search_url=search_href(args), type_label=type_label,
        entry_date=entry_date, entry_place=entry_place, args=args,
        now_utc=archive.utc_now()[:16].replace("T", " ") + " UTC",
    )  # fmt: skip


def _listed(db: Any, kind: str, params, cleared: bool) -> list[dict[str, Any]]:
    """A category's first entries of the search, oldest first, each with the sources this
    reader may see."""
    first = replace(params, category=kind, sort="oldest", page=1, per_page=SUMMARY_ENTRIES)
    shared = search_index.get_ix()
    with shared.searcher() as searcher:
        found = index.search(shared.ix, first, index.load_reference(db), searcher=searcher)
    entries = archive.entries_by_ids(db, kind, [hit.entry_id for hit in found.hits[kind]])
    cited = archive.citations_by_entry(db, kind, [e["entry_id"] for e in entries], cleared)
    return [entry | {"citations": cited[entry["entry_id"]]} for entry in entries]
