"""The forms linking an entry to another (the same event, part of, a follow-up) and removing a
link with a reason; `link()` hands back plain data for the store."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, ValidationError

from archive.links import LINK_TYPES
from archive.validation import REASON_LIMIT

from .common import SHORT_LIMIT, GawahiForm, line, lines, options

CATEGORY_CHOICES = [("abuse", _l("Abuse report")), ("claim", _l("Attack claim"))]
NUMBER = re.compile(r"#?\s*(\d{1,18})")
NUMBER_MESSAGE = _l("Give the other entry's number, such as 12 (it ends the entry's web address).")


class LinkForm(GawahiForm):
    """Link this entry to another, chosen by its category and number."""

    link_type = SelectField(
        _l("This entry is"),
        choices=options((code, _l(label)) for code, label in LINK_TYPES.items()),
        default="same_event",
    )
    other_kind = SelectField(_l("Category of the other entry"), choices=options(CATEGORY_CHOICES))
    other_id = line(
        _l("Number of the other entry"),
        [DataRequired(NUMBER_MESSAGE)],
        limit=SHORT_LIMIT,
        hint=False,
        description=_l(
            "The number at the end of its address: /claims/12 is attack claim 12. "
            "Search finds the entry; its address shows the number."
        ),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )

    def validate_other_id(self, field: StringField) -> None:
        """A whole number, perhaps typed with a '#'."""
        if not NUMBER.fullmatch(field.data.strip()):
            raise ValidationError(str(NUMBER_MESSAGE))

    def link(self) -> dict[str, Any]:
        """The link as the store takes it: its type and the other entry's (kind, id)."""
        number = int(NUMBER.fullmatch(self.other_id.data.strip()).group(1))
        return {"link_type": self.link_type.data, "other": (self.other_kind.data, number)}


class UnlinkForm(GawahiForm):
    """Removing a link: it is kept, marked removed, with the reason, in both entries' history."""

    reason = lines(
        _l("Why is this link removed?"),
        [DataRequired(_l("Say why this link is removed."))],
        limit=REASON_LIMIT,
        render_kw={"rows": 3},
    )
