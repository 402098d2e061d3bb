"""The search form: validates the query string of /search and hands back plain search data.

A GET form (bookmarkable URLs), so no CSRF token: it changes nothing.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from .common import SHORT_LIMIT, GawahiForm, line

MAX_PAGE = 500
MAX_QUERY = 500
YEAR_MESSAGE = _l("Give the year as four digits, such as 2025.")
FILTER_FIELDS = ("type", "district", "group", "perpetrator", "status", "fate", "outlet", "year")


def _text(label) -> StringField:
    return line(label, [Optional()], limit=SHORT_LIMIT, hint=False)


class SearchForm(GawahiForm):
    """What /search accepts: the words, every filter, the order and the page; with the
    category "source", sources instead of entries (`uncited`: the documentation backlog)."""

    class Meta:
        csrf = False

    q = line(
        _l("Search the archive"), [Optional()], limit=MAX_QUERY, hint=False, field_class=SearchField
    )
    category = SelectField(
        _l("Category"),
        choices=[
            SelectChoice("", _l("Both categories")),
            SelectChoice("abuse", _l("Abuse reports")),
            SelectChoice("claim", _l("Attack claims")),
            SelectChoice("source", _l("Sources")),
        ],
        validate_choice=True,
        default="",
    )
    type = _text(_l("Type"))
    district = _text(_l("District"))
    group = _text(_l("Claimed by"))
    perpetrator = _text(_l("Alleged perpetrator"))
    status = _text(_l("Status"))
    fate = _text(_l("Victims now"))
    outlet = _text(_l("Source outlet"))
    year = line(
        _l("Year"), [Optional(), Length(min=4, max=7, message=YEAR_MESSAGE)], limit=SHORT_LIMIT,
        hint=False,
    )  # fmt: skip
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    dates = SelectField(
        _l("Dates"),
        choices=[
            SelectChoice("", _l("Could fall in the range")),
            SelectChoice("within", _l("Known to fall inside it")),
        ],
        default="",
    )
    sort = SelectField(
        _l("Order"),
        choices=[
            SelectChoice("relevance", _l("Best match")),
            SelectChoice("newest", _l("Newest first")),
            SelectChoice("oldest", _l("Oldest first")),
        ],
        default="relevance",
    )
    uncited = BooleanField(_l("Only sources not yet cited by any entry"))
    page = IntegerField(_l("Page"), validators=[Optional(), NumberRange(min=1, max=MAX_PAGE)])

    def validate_date_to(self, field: DateField) -> None:
        """The range must not end before it starts."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_("The end date is before the start date."))

    def validate_year(self, field: StringField) -> None:
        """A year is four digits, or the word 'unknown'."""
        if (
            field.data
            and not field.errors
            and not (field.data.isdigit() or field.data == "unknown")
        ):
            raise ValidationError(str(YEAR_MESSAGE))

    def search_data(self) -> dict[str, Any]:
        """The validated search as plain data, named as the index's SearchParams expects."""
        data = {name: (self[name].data or "").strip() for name in FILTER_FIELDS}
        data["entry_type"] = data.pop("type")
        return data | {
            "q": (self.q.data or "").strip(),
            "category": self.category.data or "",
            "date_from": self.date_from.data.isoformat() if self.date_from.data else "",
            "date_to": self.date_to.data.isoformat() if self.date_to.data else "",
            "dates": self.dates.data or "",
            "sort": self.sort.data or "relevance",
            "page": self.page.data or 1,
        }


def search_form(args) -> SearchForm:
    """A search form bound to the query string (not the request body)."""
    return SearchForm(formdata=args)
