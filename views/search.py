"""Search, at /search: every filter in the query string, the same results as JSON.

Query string -> form -> index (ids, counts, facets, snippets) -> archive (rows) -> page.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, jsonify, make_response, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

import archive
import index
from archive.messages import N_
from forms.common import translated
from forms.search import search_form
from index import building

from . import index_building, search_index
from .access import can_see_confidential, role_required
from .entries import entry_url
from .i18n import page_gettext, page_translated
from .labels import actor_label, entry_date, entry_place, fate_label, group_name, type_label
from .store import get_db

bp = Blueprint("search", __name__, url_prefix="/search")

# Facets shown, in order: index field -> (query-string name, heading: translated where shown).
FACETS = {
    "kind": ("category", N_("Category")),
    "entry_type": ("type", N_("Type")),
    "district": ("district", N_("District")),
    "group": ("group", N_("Claimed by")),
    "perpetrator": ("perpetrator", N_("Alleged perpetrator")),
    "status": ("status", N_("Status")),
    "fate": ("fate", N_("Victims now")),
    "outlet": ("outlet", N_("Source outlet")),
    "year": ("year", N_("Year")),
}
# Facets whose values are the archive's own names (content, shown as typed, never translated).
NAMED_FACETS = {"district", "group", "perpetrator", "outlet"}
# What index.load_records adds to an archive row for the index; never part of a listed entry.
INDEX_ONLY = frozenset({"citations", "type_label", "public_names", "fates"})


@bp.get("")
@role_required("reader")
def results():
    """Search results, kept apart by category, with facets; JSON with ?format=json."""
    wants_json = request.args.get("format") == "json"
    form = search_form(request.args)
    if not form.validate():
        return _refused(form, form.errors, wants_json)
    params = index.SearchParams(**form.search_data())
    try:
        found = search_index.search(params)
        sources = _sources(params, bool(form.uncited.data))
    except index.QueryError as error:
        return _refused(form, {"q": [query_problem(error, wants_json)]}, wants_json)
    except building.Rebuilding as error:
        return _unavailable(form, error, wants_json)
    # The page lists neither links nor figures: only JSON reads them.
    hits = rows(found, linked=wants_json)
    if wants_json:
        return jsonify(as_json(found, hits, sources))
    return render_template(
        "search/results.html", form=form, found=found, rows=hits, facets=_facets(found),
        sources=sources, charts_url=_charts_url(), rebuilding=search_index.rebuilding_notice(),
    )  # fmt: skip


def _charts_url() -> str:
    """The charts of this same search (every filter, not the page)."""
    args = {k: v for k, v in request.args.to_dict().items() if k not in ("page", "format") and v}
    return url_for("patterns.charts") + (f"?{urlencode(args)}" if args else "")


def _sources(params: index.SearchParams, uncited: bool) -> index.SourceResults | None:
    """The sources tab's page; on an entries tab only how many sources match the words (a
    blank search on an entries tab counts none: it would be every source)."""
    cleared = can_see_confidential()
    if params.category == "source":
        return search_index.search_sources(params, cleared, uncited)
    if not params.q:
        return None
    return search_index.search_sources(replace(params, page=1, per_page=0), cleared, uncited)


def query_problem(error: index.QueryError, plain: bool = False) -> str:
    """Why a query cannot be understood, in the reader's language; what the reader typed (a
    field's name, a word) stays as typed, left to right inside an Urdu sentence. `plain`: text
    for JSON."""
    message = error.message
    if plain or not message.values:
        return translated(message)
    typed = {
        name: Markup('<span dir="ltr">%s</span>') % value for name, value in message.values.items()
    }
    return Markup(escape(_(message.template))) % typed


def _refused(form, errors: dict[str, list[str]], wants_json: bool):
    """A search that cannot run: the reasons, next to the fields, and nothing else."""
    if wants_json:
        return jsonify(error="Bad search", reasons=errors), 400
    return render_template("search/results.html", form=form, errors=errors, found=None), 400


def _unavailable(form, error: building.Rebuilding, wants_json: bool):
    """The index cannot answer while it is rebuilt: the search form, and how far it has got."""
    unavailable = index_building.unavailable(error)
    if wants_json:
        response = jsonify(error="Search unavailable", reason=unavailable.description)
    else:
        response = make_response(
            render_template(
                "search/results.html", form=form, found=None, unavailable=unavailable.description
            )
        )
    response.status_code = unavailable.code
    response.headers["Retry-After"] = str(index_building.RETRY_AFTER)
    return response


def rows(found: index.SearchResults, linked: bool = True) -> dict[str, list[dict[str, Any]]]:
    """Each category's hits as archive rows, in ranking order, each with its snippet and (when
    `linked`: JSON) its links to other entries and its figures."""
    db = get_db()
    rows = {}
    for kind, hits in found.hits.items():
        ids = [hit.entry_id for hit in hits]
        entries = _entries(db, found, kind, ids)
        snippets = {hit.entry_id: hit.snippet for hit in hits}
        rows[kind] = [entry | {"snippet": snippets[entry["entry_id"]]} for entry in entries]
        if linked:
            links = archive.links_by_entry(db, kind, ids)
            counted = archive.figures_by_entry(db, kind, ids)
            for entry in rows[kind]:
                entry["links"] = links[entry["entry_id"]]
                entry["figures"] = counted[entry["entry_id"]]
    return rows


def _entries(db, found: index.SearchResults, kind: str, ids: list[int]) -> list[dict[str, Any]]:
    """The hits' archive rows: those the snippets were cut from (read once a page), without
    what only the index reads (citations, public names, fates, the type's label)."""
    if kind not in found.records:
        return archive.entries_by_ids(db, kind, ids)
    return [
        {key: value for key, value in record.items() if key not in INDEX_ONLY}
        for record in found.records[kind]
    ]


def facet_label(field: str, value: str) -> str:
    """The words a facet value is shown as."""
    if field == "kind":
        plural = archive.CATEGORIES[value].plural if value in archive.CATEGORIES else None
        return page_translated(plural) if plural else value
    if field == "entry_type":
        return type_label("abuse", value) if value != type_label("abuse", value) else (
            type_label("claim", value))  # fmt: skip
    if field in ("group", "perpetrator"):
        # A perpetrator is an actor's code, or a report's own words when it names none.
        return actor_label(value)
    if field == "status":
        return page_translated(archive.STATUS_LABELS.get(value, value))
    if field == "fate":
        return fate_label(value)
    return page_gettext(N_("Date unknown")) if value == "unknown" else value


def _facets(found: index.SearchResults) -> list[dict[str, Any]]:
    facets = []
    for field, (param, heading) in FACETS.items():
        values = [
            {"value": value, "label": facet_label(field, value), "count": count}
            for value, count in found.facets.get(field, [])
        ]
        named = field in NAMED_FACETS
        facets.append(
            {"param": param, "heading": page_translated(heading), "values": values, "named": named}
        )
    return facets


def as_json(
    found: index.SearchResults,
    rows: dict[str, list[dict]],
    sources: index.SourceResults | None = None,
) -> dict[str, Any]:
    """A search's answer as JSON (the page's ?format=json and the API's search)."""
    params = found.params
    return {
        "query": {key: value for key, value in vars(params).items() if key != "filters"},
        "counts": found.counts,
        "pages": {kind: found.pages(kind) for kind in found.hits},
        "results": {kind: [_entry_json(entry) for entry in rows[kind]] for kind in rows},
        "facets": {
            FACETS[field][0]: [{"value": v, "count": n} for v, n in values]
            for field, values in found.facets.items()
        },
        "suggestion": found.suggestion,
        "sources": _sources_json(sources, params.category == "source"),
    }


def _sources_json(sources: index.SourceResults | None, shown: bool) -> dict[str, Any] | None:
    """The sources that match, apart from the entries and never in their counts."""
    if sources is None:
        return None
    results = [_source_json(hit) for hit in sources.hits] if shown else []
    return {"count": sources.count, "pages": sources.pages(), "results": results}


def _source_json(hit: index.SourceHit) -> dict[str, Any]:
    source = hit.source
    return {
        "id": source["source_id"],
        "url": url_for("sources.show", source_id=source["source_id"]),
        "title": source["title"],
        "outlet": source["outlet"],
        "published": source["published"],
        "snippet_html": str(hit.snippet),
    }


def _entry_json(entry: dict[str, Any]) -> dict[str, Any]:
    kind = entry["kind"]
    category = archive.get_category(kind)
    described = {
        "kind": kind,
        "category": category.label,
        "id": entry["entry_id"],
        "url": entry_url(entry),
        "title": entry["title"],
        "type": entry[category.type_column],
        "type_label": type_label(kind, entry[category.type_column]),
        "date": entry_date(entry),
        "place": entry_place(entry),
        "status": entry["status"],
        "snippet_html": str(entry["snippet"]),
        "links": [_link_json(link) for link in entry["links"]],
        "figures": [
            {name: figure[name] for name in ("kind", "count", "qualifier", "given_by", "text")}
            for figure in entry["figures"]
        ],
    }
    if kind == "claim":
        described["claimed_by"] = entry["group_code"]
        described["reads"] = _("Claimed by %(group)s", group=group_name(entry["group_code"]))
    return described


def _link_json(link: dict[str, Any]) -> dict[str, Any]:
    """A link as read from the entry it is listed under: the relation and the other entry."""
    return {
        "relation": link["relation"],
        "reads": link["relation_label"],
        "kind": link["kind"],
        "category": link["category"],
        "id": link["entry_id"],
        "title": link["title"],
        "status": link["status"],
        "url": entry_url(link),
    }
