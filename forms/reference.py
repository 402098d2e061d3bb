"""Reference data forms for administrators: a type, an actor, a district, a place's spellings.

Codes and names that entries store are typed once, when an item is added: the edit forms leave
them out, so they never change. Lists of names are typed one per line. Choices (kinds of actor,
provinces) are passed in by the view; `record()` hands back plain data for the store.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField
from wtforms.validators import DataRequired, Regexp

from archive.actors import CODE_PATTERN
from archive.reference import TYPE_CODE

from .common import GawahiForm, line, lines, text

NAMES_LIMIT = 10_000
CODE_LIMIT = 60


def _names(label: str, description: str):
    return lines(label, limit=NAMES_LIMIT, description=description, render_kw={"rows": 3})


class ReferenceForm(GawahiForm):
    """What the reference forms share: the choices of their select fields, plain data out."""

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, pairs in choices.items():
            if name in self:
                self[name].choices = [
                    SelectChoice("", _("Choose")),
                    *(SelectChoice(v, label, {"translate": "no"}) for v, label in pairs),
                ]

    def record(self) -> dict[str, Any]:
        """The typed values, trimmed, by field name (lists of names as typed, one per line)."""
        skip = ("csrf_token",)
        return {field.name: text(field.data) for field in self if field.name not in skip}


class TypeEditForm(ReferenceForm):
    """A type's label (its code never changes)."""

    label = line(
        _l("Label"),
        [DataRequired(_l("Give the label people read."))],
        limit=200,
        description=_l("What people read in lists and forms, e.g. Hijacking."),
    )


class TypeForm(TypeEditForm):
    """A new type: a code, once, and its label."""

    code = line(
        _l("Code"),
        [
            DataRequired(_l("Give the type a code.")),
            Regexp(rf"^{TYPE_CODE.pattern}$", message=_l("Use lower-case letters, digits and _.")),
        ],
        limit=CODE_LIMIT,
        hint=False,
        description=_l(
            "Lower-case letters, digits and underscores, e.g. hijacking. "
            "It is stored in entries and never changes."
        ),
    )


class ActorEditForm(ReferenceForm):
    """An actor's kind, name and other names (its code never changes)."""

    kind = SelectField(
        _l("Kind"), [DataRequired(_l("Choose what kind of actor this is."))], choices=[]
    )
    name = line(
        _l("Name"),
        [DataRequired(_l("Give the actor's name."))],
        limit=200,
        description=_l("In full, e.g. Counter Terrorism Department."),
    )
    aliases = _names(
        _l("Other names and abbreviations"),
        _l(
            "One per line. Search finds the actor by any of them, e.g. Counter-Terrorism "
            "Department."
        ),
    )
    transliterations = _names(
        _l("Transliterations"),
        _l("One per line. Spellings in other scripts or languages, e.g. سی ٹی ڈی."),
    )


class ActorForm(ActorEditForm):
    """A new actor: a code, once, then what every actor has."""

    code = line(
        _l("Code"),
        [
            DataRequired(_l("Give the actor a code.")),
            Regexp(rf"^{CODE_PATTERN.pattern}$", message=_l("Use letters, digits, - _ or dots.")),
        ],
        limit=CODE_LIMIT,
        hint=False,
        description=_l(
            "Its abbreviation (CTD), or its name when it has none (Police); letters, "
            "digits, - _ and dots. Search finds the actor by it too. It never changes."
        ),
    )


def _degrees(label: str, example: str):
    return line(
        label,
        limit=30,
        hint=False,
        description=_l(
            "In decimal degrees, e.g. %(example)s; leave empty when not known.", example=example
        ),
    )


class DistrictEditForm(ReferenceForm):
    """A district's province, other names and headquarters (its name never changes)."""

    province = SelectField(_l("Province"), [DataRequired(_l("Choose the province."))], choices=[])
    aliases = _names(
        _l("Other names"), _l("One per line. Old names and other spellings, e.g. Turbat for Kech.")
    )
    seat = line(
        _l("Headquarters"),
        limit=100,
        description=_l("The town the map marks the district at, e.g. Turbat for Kech."),
    )
    latitude = _degrees(_l("Latitude of the headquarters"), "26.0012")
    longitude = _degrees(_l("Longitude of the headquarters"), "63.0485")


class DistrictForm(DistrictEditForm):
    """A new district."""

    name = line(
        _l("Name"),
        [DataRequired(_l("Give the district's name."))],
        limit=100,
        description=_l("As entries will store it. It never changes."),
    )


class GazetteerEditForm(ReferenceForm):
    """A place's district, other spellings and coordinates (its name never changes)."""

    district = SelectField(_l("District"), [DataRequired(_l("Choose the district."))], choices=[])
    aliases = _names(_l("Other spellings"), _l("One per line. e.g. Kej for Kech."))
    latitude = _degrees(_l("Latitude"), "26.0012")
    longitude = _degrees(_l("Longitude"), "63.0485")


class GazetteerForm(GazetteerEditForm):
    """A new place in the gazetteer."""

    name = line(
        _l("Place"),
        [DataRequired(_l("Give the place's name."))],
        limit=100,
        description=_l("A town, village or neighbourhood, as entries name it. It never changes."),
    )


class PlaceEditForm(ReferenceForm):
    """A place's other spellings (its name never changes)."""

    variants = _names(_l("Other spellings"), _l("One per line. e.g. Khuzdaar for Khuzdar."))


class PlaceForm(PlaceEditForm):
    """A new place with its other spellings."""

    name = line(
        _l("Place"),
        [DataRequired(_l("Give the place's name."))],
        limit=100,
        description=_l("The spelling entries use most often."),
    )
