"""Template helpers that turn stored codes into the words people read, in their language.

The archive's own labels (types, statuses, fates) are said in the reader's language; names it
holds (districts, places, actors) stay as the archive spells them."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlencode

from babel.dates import get_month_names
from flask import Flask, g, request, url_for
from flask_babel import format_date, format_datetime, get_locale, gettext
from markupsafe import Markup

import archive
from archive import actors, figures, reference
from archive.messages import N_
from forms.common import translated

from . import reference_cache, revisions
from .entries import BLUEPRINTS, entry_url
from .i18n import page_gettext, page_language, page_translated


def _labels() -> dict[str, dict[str, str]]:
    """Reference labels, read once per change of the reference lists."""
    return reference_cache.cached("labels", _read_labels)


def _read_labels(db) -> dict[str, dict[str, str]]:
    return {
        "abuse": reference.type_labels(db, "abuse_types"),
        "claim": reference.type_labels(db, "claim_types"),
        "source": reference.type_labels(db, "source_types"),
        "actor": {actor["code"]: actor["name"] for actor in actors.list_actors(db)},
    }


def type_label(kind: str, code: str | None) -> str:
    """The readable label of an abuse, claim or source type code, in the reader's language (a
    label an administrator typed stays as typed)."""
    label = _labels()[kind].get(code or "")
    return page_translated(label) if label else code or ""


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
        return page_gettext(N_("Still missing"))
    return page_translated(archive.FATES[status]) if status in archive.FATES else status


def entry_date(entry: dict) -> str:
    """An entry's (or a fate change's) date in words, at the precision it was recorded with, with
    the month names of the reader's language."""
    return archive.describe_date(
        entry["date_precision"], entry["date_start"], entry["date_end"],
        months=_month_names(page_language()), say=page_gettext,
    )  # fmt: skip


@lru_cache(maxsize=8)
def _month_names(language: str) -> tuple[str, ...]:
    """January to December in `language` (Babel reads its locale data for each call)."""
    months = get_month_names("wide", "format", locale=language)
    return tuple(months[number] for number in range(1, 13))


def recorded_day(stamp: str) -> str:
    """The day of a stored UTC time (2025-09-07T10:00:00Z): ISO in English, as it always was;
    in words, with the locale's month names, in another language."""
    day = date.fromisoformat(stamp[:10])
    return stamp[:10] if str(get_locale()) == "en" else format_date(day, "d MMMM y")


def recorded_time(stamp: str) -> str:
    """A stored UTC time to the minute: 2025-09-07 10:00 in English, the locale's way otherwise."""
    if str(get_locale()) == "en":
        return stamp[:16].replace("T", " ")
    moment = datetime.fromisoformat(stamp[:16])
    return format_datetime(moment, "d MMMM y، HH:mm", rebase=False)


def figure_text(figure: dict) -> str:
    """A figure in the reader's words: "at least 13 killed (official)"."""
    return figures.describe(figure, say=gettext)


def grouped_figures(entry_figures: list[dict]) -> list[tuple[str, list[dict]]]:
    """(who gives them, figures) in reading order, headings and figures in the reader's words."""
    return [
        (translated(heading), [{**figure, "text": figure_text(figure)} for figure in group])
        for heading, group in figures.grouped(entry_figures)
    ]


def entry_place(entry: dict) -> str:
    """Place, district and province, the most precise first, skipping what is unknown."""
    parts = [entry.get("place"), entry.get("district"), entry.get("province")]
    return ", ".join(part for part in parts if part) or gettext("Place unknown")


def reader_first(english: str, urdu: str) -> list[tuple[str, str]]:
    """(language, text) of an entry's English and Urdu text, the reader's language first,
    skipping the empty: an Urdu reader sees the Urdu text first when there is one."""
    versions = [("en", english or ""), ("ur", urdu or "")]
    if page_language() == "ur":
        versions.reverse()
    return [(language, text) for language, text in versions if text]


def entry_titles(entry: dict) -> list[tuple[str, str]]:
    """(language, title) of an entry's titles, the one in the reader's language first."""
    return reader_first(entry["title"], entry.get("title_ur", ""))


def entry_title(entry: dict) -> str:
    """An entry's title in the reader's language: in Urdu its Urdu title when it has one; in
    English, and for an entry without one, the English title."""
    return entry_titles(entry)[0][1]


def entry_title_marks(entry: dict) -> Markup:
    """The lang and dir attributes of the element holding `entry_title(entry)`."""
    return language_marks(entry_titles(entry)[0][0])


def entry_narratives(entry: dict) -> list[tuple[str, str]]:
    """(language, text) of an entry's narrative and Urdu summary, the reader's language first."""
    return reader_first(entry.get("narrative", ""), entry.get("narrative_ur", ""))


def language_marks(language: str) -> Markup:
    """Attributes for an element of typed content: Urdu reads right to left whatever the page's
    language; the English fields may hold any language, so they find their own direction."""
    return Markup('lang="ur" dir="rtl"') if language == "ur" else Markup('dir="auto"')


def url_with(**changes: object) -> str:
    """The current URL with some query parameters changed (None removes one); resets the page."""
    path, kept = _current_query()
    pieces = dict(kept)
    for key, value in changes.items():
        if value in (None, ""):
            pieces.pop(key, None)
        else:
            pieces[key] = urlencode({key: str(value)})
    return f"{path}?{'&'.join(pieces.values())}" if pieces else path


def _current_query() -> tuple[str, dict[str, str]]:
    """This request's path, and each of its query parameters but the page, encoded ("q=a+b"),
    in order: worked out once a request, for the hundred links of a page of results."""
    if "url_with_query" not in g:
        params = request.args.to_dict()
        params.pop("page", None)
        g.url_with_query = (request.path, {k: urlencode({k: v}) for k, v in params.items()})
    return g.url_with_query


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
        entry_title=entry_title,
        entry_titles=entry_titles,
        entry_title_marks=entry_title_marks,
        entry_narratives=entry_narratives,
        language_marks=language_marks,
        url_with=url_with,
        entry_url=entry_url,
        export_url=export_url,
        BLUEPRINTS=BLUEPRINTS,
        STATUS_LABELS=archive.STATUS_LABELS,
        FATES=archive.FATES,
        fate_label=fate_label,
        CLAIM_MEDIUMS=archive.CLAIM_MEDIUMS,
        OFFICIAL_RESPONSES=archive.OFFICIAL_RESPONSES,
        grouped_figures=grouped_figures,
        recorded_day=recorded_day,
        recorded_time=recorded_time,
        CATEGORIES=archive.CATEGORIES,
        field_label=revisions.field_label,
        action_label=revisions.action_label,
        value_lines=revisions.value_lines,
        text_changes=revisions.text_changes,
    )
