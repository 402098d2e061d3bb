"""The Sources list's search and filters: validates the query string of /sources/.

A GET form (bookmarkable URLs), so no CSRF token: it changes nothing.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SearchField, SelectChoice, SelectField
from wtforms.validators import Optional, ValidationError

from .common import SHORT_LIMIT, line, options

CITED = [
    SelectChoice("", _l("Cited or not")),
    SelectChoice("cited", _l("Cited by at least one entry")),
    SelectChoice("uncited", _l("Not cited by any entry yet")),
]


class SourceListForm(FlaskForm):
    """Words to look for in the title, outlet or web address, and the filters."""

    class Meta:
        csrf = False

    q = line(
        _l("Title, outlet or web address"), [Optional()], limit=SHORT_LIMIT, hint=False,
        field_class=SearchField,
    )  # fmt: skip
    outlet = SelectField(_l("Outlet"), choices=[], default="")
    type = SelectField(_l("Type"), choices=[], default="")
    published_from = DateField(_l("Published from"), validators=[Optional()])
    published_to = DateField(_l("Published up to"), validators=[Optional()])
    cited = SelectField(_l("Cited"), choices=CITED, default="")

    def __init__(self, *args: Any, outlets: list[str], types: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.outlet.choices = [
            SelectChoice("", _("All outlets")),
            *(SelectChoice(name, name, {"translate": "no"}) for name in outlets),
        ]
        self.type.choices = options(types, _("All types"))

    def validate_published_to(self, field: DateField) -> None:
        """The range must not end before it starts."""
        if field.data and self.published_from.data and field.data < self.published_from.data:
            raise ValidationError(_("The end date is before the start date."))

    def filters(self) -> dict[str, str]:
        """The validated filters as plain data, named as the archive's SourceFilters expects."""
        return {
            "text": (self.q.data or "").strip(),
            "outlet": self.outlet.data or "",
            "source_type": self.type.data or "",
            "published_from": _iso(self.published_from.data),
            "published_to": _iso(self.published_to.data),
            "cited": self.cited.data or "",
        }


def _iso(day) -> str:
    return day.isoformat() if day else ""
