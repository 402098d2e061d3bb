"""Template helpers that turn stored codes into the words people read."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import Flask, g, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

import archive
from archive import actors, figures, reference
from forms.common import translated

from . import revisions
from .entries import BLUEPRINTS, entry_url
from .store import get_db


def _labels() -> dict[str, dict[str, str]]:
    """Reference labels, read once per request."""
    if "labels" not in g:
        db = get_db()
        g.labels = {
            "abuse": reference.type_labels(db, "abuse_types"),
            "claim": reference.type_labels(db, "claim_types"),
            "source": reference.type_labels(db, "source_types"),
            "actor": {actor["code"]: actor["name"] for actor in actors.list_actors(db)},
        }
    return g.labels


def type_label(kind: str, code: str | None) -> str:
    """The readable label of an abuse, claim or source type code, in the reader's language
    (a label an administrator typed stays as typed)."""
    return translated(_labels()[kind].get(code or "", code or ""))


def actor_name(code: str | None) -> str:
    """The full name of an actor (an armed group, a state force, an organisation), from its code."""
    return _labels()["actor"].get(code or "", code or "")


def group_name(code: str | None) -> str:
    """The full name of an armed group, from its code."""
    return actor_name(code)


def actor_label(code: str | None) -> str:
    """An actor as lists show it: "Counter Terrorism Department (CTD)", or the code alone."""
    name = actor_name(code)
    return f"{name} ({code})" if name.casefold() != (code or "").casefold() else name


def fate_label(status: str) -> str:
    """A victim's status as a filter or facet reads it: "Still missing" for missing."""
    if status == archive.STILL_MISSING:
        return _("Still missing")
    return translated(archive.FATES.get(status, status))


def entry_date(entry: dict) -> str:
    """An entry's date in words, at the precision it was recorded with, in the reader's
    language (archive.describe_date says the same in English)."""
    return describe_date(entry["date_precision"], entry["date_start"], entry["date_end"])


def describe_date(precision: str, start: str | None, end: str | None) -> str:
    """A recorded date in the reader's language and calendar words, never more precise than
    what was recorded: "3 September 2025", "September 2025", "Between 3 and 4 September 2025"."""
    if precision == "unknown" or not start:
        return _("Date unknown")
    first = date.fromisoformat(start)
    if precision == "year":
        return str(first.year)
    if precision == "month":
        return format_date(first, "MMMM y")
    last = date.fromisoformat(end) if precision == "range" and end else first
    if last == first:
        return format_date(first, "d MMMM y")
    if (first.year, first.month) == (last.year, last.month):
        opening = format_date(first, "d")
    else:
        opening = format_date(first, "d MMMM" if first.year == last.year else "d MMMM y")
    return _("Between %(first)s and %(last)s", first=opening, last=format_date(last, "d MMMM y"))


def entry_place(entry: dict) -> str:
    """Place, district and province, the most precise first, skipping what is unknown."""
    parts = [entry.get("place"), entry.get("district"), entry.get("province")]
    return ", ".join(part for part in parts if part) or _("Place unknown")


def url_with(**changes: object) -> str:
    """The current URL with some query parameters changed (None removes one); resets the page."""
    params = request.args.to_dict()
    params.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return f"{request.path}?{urlencode(params)}" if params else request.path


def export_url(kind: str, fmt: str, filters: archive.EntryFilters) -> str:
    """The export of one category in `fmt`, narrowed by the list's current filters."""
    narrowing = {"type": filters.entry_type, "district": filters.district, "status": filters.status,
                 "fate": filters.fate}  # fmt: skip
    kept = {key: value for key, value in narrowing.items() if value}
    return url_for("exports.download", category=BLUEPRINTS[kind], fmt=fmt, **kept)


def init_app(app: Flask) -> None:
    """Make the helpers available in every template."""
    app.jinja_env.globals.update(
        type_label=type_label,
        group_name=group_name,
        actor_name=actor_name,
        actor_label=actor_label,
        entry_date=entry_date,
        entry_place=entry_place,
        url_with=url_with,
        entry_url=entry_url,
        export_url=export_url,
        BLUEPRINTS=BLUEPRINTS,
        STATUS_LABELS=archive.STATUS_LABELS,
        FATES=archive.FATES,
        fate_label=fate_label,
        CLAIM_MEDIUMS=archive.CLAIM_MEDIUMS,
        OFFICIAL_RESPONSES=archive.OFFICIAL_RESPONSES,
        grouped_figures=figures.grouped,
        CATEGORIES=archive.CATEGORIES,
        field_label=revisions.field_label,
        action_label=revisions.action_label,
        value_lines=revisions.value_lines,
        text_changes=revisions.text_changes,
    )
