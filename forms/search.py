"""The search form: validates the query string of /search and hands back plain search data.

A GET form (bookmarkable URLs), so no CSRF token: it changes nothing.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
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

from .common import SHORT_LIMIT, line

MAX_PAGE = 500
MAX_QUERY = 500
FILTER_FIELDS = ("type", "district", "group", "perpetrator", "status", "fate", "outlet", "year")


def _text(label: str) -> StringField:
    return line(label, [Optional()], limit=SHORT_LIMIT, hint=False)


class SearchForm(FlaskForm):
    """What /search accepts: the words, every filter, the order and the page; with the
    category "source", sources instead of entries (`uncited`: the documentation backlog)."""

    class Meta:
        csrf = False

    q = line(
        "Search the archive", [Optional()], limit=MAX_QUERY, hint=False, field_class=SearchField
    )
    category = SelectField(
        "Category",
        choices=[
            SelectChoice("", "Both categories"),
            SelectChoice("abuse", "Abuse reports"),
            SelectChoice("claim", "Attack claims"),
            SelectChoice("source", "Sources"),
        ],
        validate_choice=True,
        default="",
    )
    type = _text("Type")
    district = _text("District")
    group = _text("Claimed by")
    perpetrator = _text("Alleged perpetrator")
    status = _text("Status")
    fate = _text("Victims now")
    outlet = _text("Source outlet")
    year = line("Year", [Optional(), Length(min=4, max=7)], limit=SHORT_LIMIT, hint=False)
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])
    dates = SelectField(
        "Dates",
        choices=[
            SelectChoice("", "Could fall in the range"),
            SelectChoice("within", "Known to fall inside it"),
        ],
        default="",
    )
    sort = SelectField(
        "Order",
        choices=[
            SelectChoice("relevance", "Best match"),
            SelectChoice("newest", "Newest first"),
            SelectChoice("oldest", "Oldest first"),
        ],
        default="relevance",
    )
    uncited = BooleanField("Only sources not yet cited by any entry")
    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1, max=MAX_PAGE)])

    def validate_date_to(self, field: DateField) -> None:
        """The range must not end before it starts."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")

    def validate_year(self, field: StringField) -> None:
        """A year is four digits, or the word 'unknown'."""
        if field.data and not (field.data.isdigit() or field.data == "unknown"):
            raise ValidationError("Give the year as four digits, such as 2025.")

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
