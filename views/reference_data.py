"""Reference data on admin pages: types, actors, districts and place spellings.

Each list is shown with a form to add to it; each item has a page to change its label, names or
spellings (never its code). The archive audits every change and queues the entries it affects
for the search index, which catches up after the request: nobody rebuilds the index by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

import archive
from archive import actors, places, reference
from archive.messages import N_
from forms.common import show_store_errors, translated
from forms.reference import (
    ActorEditForm,
    ActorForm,
    DistrictEditForm,
    DistrictForm,
    GazetteerEditForm,
    GazetteerForm,
    PlaceEditForm,
    PlaceForm,
    ReferenceForm,
    TypeEditForm,
    TypeForm,
)

from .access import current_actor, role_required
from .store import get_db

bp = Blueprint("reference", __name__, url_prefix="/admin/reference")
INVALID = 422


@dataclass(frozen=True)
class ReferenceList:
    """How one list is shown, added to and edited."""

    title: str
    add: str  # the heading of the form adding to it (a msgid: N_)
    add_button: str  # its button (a msgid)
    change: str  # the heading of the page changing an item, with %(key)s (a msgid)
    added: str  # the message once an item is added, with %(key)s (a msgid)
    saved: str  # the message once an item is changed, with %(key)s (a msgid)
    intro: str
    columns: tuple[str, ...]  # headings; each row's cells follow them, its key first
    new_form: type[ReferenceForm]
    edit_form: type[ReferenceForm]
    fields: tuple[str, ...]  # the add form's fields in page order (the edit form skips the key)
    rows: Callable[[Any], list[tuple[str, list[str]]]]
    values: Callable[[Any, str], dict[str, Any]]
    save: Callable[[Any, str, dict[str, Any], str, bool], None]
    choices: Callable[[], dict[str, list[tuple[str, str]]]] = field(default=dict)


def _type_list(table: str, words: tuple[str, ...], example: str) -> ReferenceList:
    title, add, add_button, change, added, saved = words
    return ReferenceList(
        title=title,
        add=add,
        add_button=add_button,
        change=change,
        added=added,
        saved=saved,
        intro=_l(
            "The types a documenter picks from, e.g. %(example)s. A code is stored in entries "
            "and never changes; the label is what people read and search finds.",
            example=example,
        ),
        columns=(_l("Code"), _l("Label")),
        new_form=TypeForm,
        edit_form=TypeEditForm,
        fields=("code", "label"),
        rows=lambda db: [
            (code, [translated(label)]) for code, label in reference.type_labels(db, table).items()
        ],
        values=lambda db, code: {"label": _known(reference.type_labels(db, table), code)},
        save=lambda db, code, data, by, new: reference.save_type(
            db, table, code, data["label"], by, new
        ),
    )


def _known(items: dict[str, Any], key: str) -> Any:
    if key not in items:
        abort(404, description=_("%(key)r is not in this list.", key=key))
    return items[key]


def _actor_rows(db) -> list[tuple[str, list[str]]]:
    return [
        (a["code"], [translated(actors.KINDS[a["kind"]]), a["name"], _lines(a["aliases"]),
                     _lines(a["transliterations"])])
        for a in actors.list_actors(db)
    ]  # fmt: skip


def _actor_values(db, code: str) -> dict[str, Any]:
    actor = _or_404(lambda: actors.get_actor(db, code))
    return {**actor, "aliases": _lines(actor["aliases"]),
            "transliterations": _lines(actor["transliterations"])}  # fmt: skip


def _save_actor(db, code: str, data: dict[str, Any], by: str, new: bool) -> None:
    actors.save_actor(db, {**data, "code": code}, by, new)


def _district_values(db, name: str) -> dict[str, Any]:
    district = _or_404(lambda: reference.get_district(db, name))
    return {"province": district["province"], "aliases": _lines(district["aliases"]),
            "seat": district["seat"], "latitude": _degrees(district["latitude"]),
            "longitude": _degrees(district["longitude"])}  # fmt: skip


def _save_district(db, name: str, data: dict[str, Any], by: str, new: bool) -> None:
    seat = {key: data.get(key) for key in ("seat", "latitude", "longitude")}
    reference.save_district(db, name, data["province"], data["aliases"], by, new, seat)


def _district_rows(db) -> list[tuple[str, list[str]]]:
    return [
        (d["name"], [d["province"], _lines(d["aliases"]), d["seat"],
                     _where(d["latitude"], d["longitude"])])
        for d in reference.districts(db)
    ]  # fmt: skip


def _gazetteer_values(db, name: str) -> dict[str, Any]:
    place = _or_404(lambda: places.get_place(db, name))
    return {"district": place["district"], "aliases": _lines(place["aliases"]),
            "latitude": _degrees(place["latitude"]),
            "longitude": _degrees(place["longitude"])}  # fmt: skip


def _gazetteer_rows(db) -> list[tuple[str, list[str]]]:
    return [
        (p["name"], [p["district"], _lines(p["aliases"]), _where(p["latitude"], p["longitude"])])
        for p in places.places(db)
    ]


def _districts() -> list[dict[str, Any]]:
    return reference.districts(get_db())


def _degrees(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _where(latitude: float | None, longitude: float | None) -> str:
    if latitude is None or longitude is None:
        return _("not known")
    return f"{latitude:g}, {longitude:g}"


def _place_values(db, name: str) -> dict[str, Any]:
    return {"variants": _lines(_known(reference.place_spellings(db), name))}


def _or_404(read: Callable[[], Any]) -> Any:
    try:
        return read()
    except archive.NotFound as error:
        abort(404, description=translated(error.args[0]))


def _lines(names: list[str]) -> str:
    return "\n".join(names)


LISTS = {
    "abuse-types": _type_list(
        "abuse_types",
        (
            _l("Abuse types"),
            N_("Add an abuse type"),
            N_("Add the abuse type"),
            N_("Change the abuse type %(key)s"),
            N_("Added the abuse type %(key)s."),
            N_("Saved the abuse type %(key)s."),
        ),
        _l("enforced disappearance"),
    ),
    "claim-types": _type_list(
        "claim_types",
        (
            _l("Claim types"),
            N_("Add a claim type"),
            N_("Add the claim type"),
            N_("Change the claim type %(key)s"),
            N_("Added the claim type %(key)s."),
            N_("Saved the claim type %(key)s."),
        ),
        _l("bombing or IED"),
    ),
    "source-types": _type_list(
        "source_types",
        (
            _l("Source types"),
            N_("Add a source type"),
            N_("Add the source type"),
            N_("Change the source type %(key)s"),
            N_("Added the source type %(key)s."),
            N_("Saved the source type %(key)s."),
        ),
        _l("NGO report"),
    ),
    "actors": ReferenceList(
        title=_l("Actors"),
        add=N_("Add an actor"),
        add_button=N_("Add the actor"),
        change=N_("Change the actor %(key)s"),
        added=N_("Added the actor %(key)s."),
        saved=N_("Saved the actor %(key)s."),
        intro=_l(
            "Who acts in what the archive documents: armed groups (who make attack claims), "
            "state forces and agencies, and organisations. Search finds an actor by its code, "
            "name, other names and transliterations alike: CTD finds Counter Terrorism Department."
        ),
        columns=(_l("Code"), _l("Kind"), _l("Name"), _l("Other names"), _l("Transliterations")),
        new_form=ActorForm,
        edit_form=ActorEditForm,
        fields=("code", "kind", "name", "aliases", "transliterations"),
        rows=_actor_rows,
        values=_actor_values,
        save=_save_actor,
        choices=lambda: {
            "kind": [(kind, translated(label)) for kind, label in actors.KINDS.items()]
        },
    ),
    "districts": ReferenceList(
        title=_l("Districts"),
        add=N_("Add a district"),
        add_button=N_("Add the district"),
        change=N_("Change the district %(key)s"),
        added=N_("Added the district %(key)s."),
        saved=N_("Saved the district %(key)s."),
        intro=_l(
            "The districts entries are placed in. Search finds a district by its other "
            "names too (Turbat finds Kech)."
        ),
        columns=(
            _l("Name"),
            _l("Province"),
            _l("Other names"),
            _l("Headquarters"),
            _l("Latitude, longitude"),
        ),
        new_form=DistrictForm,
        edit_form=DistrictEditForm,
        fields=("name", "province", "aliases", "seat", "latitude", "longitude"),
        rows=_district_rows,
        values=_district_values,
        save=_save_district,
        choices=lambda: {"province": [(name, name) for name in reference.PROVINCES]},
    ),
    "gazetteer": ReferenceList(
        title=_l("Gazetteer"),
        add=N_("Add a place"),
        add_button=N_("Add the place"),
        change=N_("Change the place %(key)s"),
        added=N_("Added the place %(key)s."),
        saved=N_("Saved the place %(key)s."),
        intro=_l(
            "Towns, villages and neighbourhoods with the district each lies in and, when "
            "known, its coordinates: the map marks places by them. Seeded coordinates are from "
            "GeoNames (CC BY 4.0)."
        ),
        columns=(_l("Place"), _l("District"), _l("Other spellings"), _l("Latitude, longitude")),
        new_form=GazetteerForm,
        edit_form=GazetteerEditForm,
        fields=("name", "district", "aliases", "latitude", "longitude"),
        rows=_gazetteer_rows,
        values=_gazetteer_values,
        save=lambda db, name, data, by, new: places.save_place(db, name, data, by, new),
        choices=lambda: {"district": [(d["name"], d["name"]) for d in _districts()]},
    ),
    "places": ReferenceList(
        title=_l("Place spellings"),
        add=N_("Add a place"),
        add_button=N_("Add the place"),
        change=N_("Change the place %(key)s"),
        added=N_("Added the place %(key)s."),
        saved=N_("Saved the place %(key)s."),
        intro=_l(
            "Places written in several ways: search treats every spelling as one "
            "(Khuzdaar finds Khuzdar)."
        ),
        columns=(_l("Place"), _l("Other spellings")),
        new_form=PlaceForm,
        edit_form=PlaceEditForm,
        fields=("name", "variants"),
        rows=lambda db: [(n, [_lines(v)]) for n, v in reference.place_spellings(db).items()],
        values=_place_values,
        save=lambda db, name, data, by, new: reference.save_place_spelling(
            db, name, data["variants"], by, new
        ),
    ),
}


def _list_or_404(list_name: str) -> ReferenceList:
    if list_name not in LISTS:
        abort(404, description=_("There is no reference list called %(name)r.", name=list_name))
    return LISTS[list_name]


@bp.get("", endpoint="index")
@role_required("admin")
def lists():
    """Every list of reference data, with how many items each holds."""
    db = get_db()
    counts = {name: len(spec.rows(db)) for name, spec in LISTS.items()}
    return render_template("reference/index.html", lists=LISTS, counts=counts)


@bp.get("/<list_name>", endpoint="list")
@role_required("admin")
def show_list(list_name: str):
    """One list, and the form to add to it."""
    return _list_page(list_name)


def _list_page(list_name: str, form: ReferenceForm | None = None, status: int = 200):
    spec = _list_or_404(list_name)
    form = form or spec.new_form(choices=spec.choices())
    return render_template(
        "reference/list.html", spec=spec, list_name=list_name, rows=spec.rows(get_db()),
        form=form, fields=spec.fields,
    ), status  # fmt: skip


@bp.post("/<list_name>", endpoint="add")
@role_required("admin")
def add(list_name: str) -> ResponseReturnValue:
    """Add an item to a list; audited, and entries naming it are queued for the index."""
    spec = _list_or_404(list_name)
    form = spec.new_form(choices=spec.choices())
    if form.validate_on_submit():
        data = form.record()
        key = data.pop(spec.fields[0])
        if _saved(spec, form, key, data, new=True):
            flash(Markup(_(spec.added, key=_named(key))))
            return redirect(url_for("reference.list", list_name=list_name), 303)
    return _list_page(list_name, form, INVALID)


@bp.route("/<list_name>/<key>", methods=["GET", "POST"], endpoint="edit")
@role_required("admin")
def edit(list_name: str, key: str) -> ResponseReturnValue:
    """Change an item's label, names or spellings (its code or name stays)."""
    spec = _list_or_404(list_name)
    values = spec.values(get_db(), key)
    form = spec.edit_form(data=values, choices=spec.choices())
    if form.validate_on_submit() and _saved(spec, form, key, form.record(), new=False):
        flash(Markup(_(spec.saved, key=_named(key))))
        return redirect(url_for("reference.list", list_name=list_name), 303)
    status = INVALID if form.is_submitted() else 200
    return render_template(
        "reference/edit.html", spec=spec, list_name=list_name, key=key, form=form,
        fields=spec.fields[1:],
    ), status  # fmt: skip


def _named(key: str) -> Markup:
    """An item's code or name inside a message: content, shown in its own direction."""
    return Markup('<span dir="auto">%s</span>') % key


def _saved(spec: ReferenceList, form: ReferenceForm, key: str, data: dict, new: bool) -> bool:
    try:
        spec.save(get_db(), key, data, current_actor(), new)
    except archive.InvalidRecord as error:
        show_store_errors(form, error.errors)
        return False
    except archive.NotFound as error:
        abort(404, description=translated(error.args[0]))
    return True
