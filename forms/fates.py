"""The form recording what happened to a named victim: a status, its date, and its source.

Choices (the report's victims, the sources) come from the view; `fate()` and `citation()`
hand back plain data for the store (archive/fates.py).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField
from wtforms.validators import DataRequired, ValidationError

from archive.dates import PRECISIONS
from archive.fates import FATES
from archive.validation import CITATION_LIMITS, REASON_LIMIT

from .common import (
    SHORT_LIMIT,
    DatesAtTheirPrecision,
    GawahiForm,
    line,
    lines,
    new_token,
    text,
)
from .entries import content_options, said_options


class FateForm(DatesAtTheirPrecision, GawahiForm):
    """One change in what is known of a victim, dated and cited."""

    victim = SelectField(_l("Who"), choices=[], validate_choice=False)
    status = RadioField(
        _l("What happened"),
        [DataRequired(_l("Choose what happened."))],
        choices=said_options(FATES),
    )
    date_precision = RadioField(
        _l("How precise is the date?"), choices=said_options(PRECISIONS), default="day"
    )
    date_start = line(
        _l("Date"), limit=SHORT_LIMIT, hint=False,
        description=_l("When it happened: a day as 2025-03-14, a month as 2025-03, a year as 2025; "
        "for a range, the first day."),
    )  # fmt: skip
    date_end = line(
        _l("Last day of the range"), limit=SHORT_LIMIT, hint=False,
        description=_l("Only for a range: 2025-03-20."),
    )  # fmt: skip
    source_id = SelectField(
        _l("Source"), [DataRequired(_l("Choose the source that says so."))], choices=[],
        validate_choice=False,
    )  # fmt: skip
    passage = lines(
        _l("Passage quoted from the source"),
        [DataRequired(_l("Quote the passage of the source that says so."))],
        limit=CITATION_LIMITS["passage"],
        render_kw={"rows": 3},
    )
    attributed_to = line(
        _l("Attributed to"), limit=CITATION_LIMITS["attributed_to"],
        description=_l("Who the statement comes from, e.g. the family, via VBMP."),
    )  # fmt: skip
    submission = HiddenField(default=new_token)

    def __init__(
        self,
        *args: Any,
        victims: list[tuple[int, str]] = (),
        sources: list[tuple[int, str]] = (),
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        self.victim.choices = content_options(victims)
        self.source_id.choices = content_options(sources, _("Choose a source"))
        self.known_sources = {str(source_id) for source_id, _ in sources}

    def validate_victim(self, field: SelectField) -> None:
        """One of the report's named victims."""
        if field.data not in {str(choice.value) for choice in field.choices if choice.value}:
            raise ValidationError(_("Choose who this is about from the list."))

    def validate_source_id(self, field: SelectField) -> None:
        """A source this user may cite."""
        if field.data and field.data not in self.known_sources:
            raise ValidationError(_("Choose the source of this passage."))

    def fate(self) -> dict[str, Any]:
        """The status and date as the store takes them."""
        precision = self.date_precision.data
        return {
            "status": self.status.data,
            "date_precision": precision,
            "date_start": None if precision == "unknown" else text(self.date_start.data),
            "date_end": text(self.date_end.data) if precision == "range" else None,
        }

    def citation(self) -> dict[str, Any]:
        """The source and passage that say so."""
        return {
            "source_id": int(self.source_id.data),
            "passage": text(self.passage.data),
            "attributed_to": text(self.attributed_to.data),
        }


class FateRetractForm(GawahiForm):
    """Withdrawing a mistaken fate change: kept in the history, with who, when and why."""

    reason = lines(
        _l("Why is this record withdrawn?"),
        [DataRequired(_l("Say why this record is withdrawn."))],
        limit=REASON_LIMIT,
        render_kw={"rows": 3},
    )
