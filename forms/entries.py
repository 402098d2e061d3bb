"""The abuse-report and attack-claim forms: each its own fields, both citing their sources.

Choices (types, statuses, districts, sources, groups) come from the reference data the view
passes in; `record()`, `citation_list()`, `victim_list()` and `figure_list()` hand back plain
data for the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, ValidationError

from archive.dates import PRECISIONS, typed_date
from archive.figures import FIGURE_KINDS, GIVERS, QUALIFIERS
from archive.validation import CITATION_LIMITS, REASON_LIMIT, VICTIM_LIMITS
from archive.validation import ENTRY_LIMITS as LIMITS

from .common import (
    SHORT_LIMIT,
    CountField,
    DatesAtTheirPrecision,
    GawahiForm,
    line,
    lines,
    new_token,
    options,
    text,
)

CITATION_ROWS = 2
VICTIM_ROWS = 3
FIGURE_ROWS = 2
TYPE_MESSAGE = _l("Choose a type from the list.")
MISSING_CITATION = _l("Cite at least one source: choose it and quote the passage that supports it.")


def content_marks() -> dict[str, str]:
    """The attributes of an option naming the archive's content (a district, a source, an
    actor): translate="no", so it is read as typed, not as interface words, on a page in
    another language; English pages keep the markup they always had."""
    return {} if str(get_locale()) == "en" else {"translate": "no"}


def said_options(words: dict[str, str], blank: str | None = None) -> list[SelectChoice]:
    """Options from one of the archive's vocabularies (N_-marked), said in the reader's
    language when the form is shown."""
    return options(((code, _l(label)) for code, label in words.items()), blank)


def content_options(pairs, blank: str | None = None) -> list[SelectChoice]:
    """Options naming the archive's content (districts, sources, people), after an optional
    blank first one."""
    marks = content_marks()
    content = [SelectChoice(str(value), label, render_kw=marks) for value, label in pairs]
    return [SelectChoice("", blank), *content] if blank is not None else content


@dataclass
class EntryChoices:
    """The pick-lists an entry form offers, read from reference data by the view."""

    types: list[tuple[str, str]]
    statuses: list[tuple[str, str]]
    districts: list[str]
    sources: list[tuple[int, str]]
    claim_mediums: list[tuple[str, str]] = field(default_factory=list)
    official_responses: list[tuple[str, str]] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    # (code, label, kind's label) of every actor, for the alleged perpetrator's list.
    actors: list[tuple[str, str, str]] = field(default_factory=list)
    resolve_group: Callable[[str], str | None] | None = None


class CitationForm(Form):
    """One citation: which source, the passage that supports the entry, who said it."""

    source_id = SelectField(_l("Source"), choices=[], validate_choice=False)
    passage = lines(
        _l("Passage quoted from the source"),
        limit=CITATION_LIMITS["passage"],
        render_kw={"rows": 3},
    )
    attributed_to = line(
        _l("Attributed to"),
        limit=CITATION_LIMITS["attributed_to"],
        description=_l("Who the statement comes from, e.g. BLF, via The Balochistan Post."),
    )

    def is_blank(self) -> bool:
        """True when nothing was chosen or typed in this row."""
        return not (self.source_id.data or text(self.passage.data) or text(self.attributed_to.data))


class VictimForm(Form):
    """One named victim; the name stays confidential unless marked as public."""

    name = line(_l("Name"), limit=VICTIM_LIMITS["name"])
    age = CountField(_l("Age"))
    occupation = line(_l("Occupation"), limit=VICTIM_LIMITS["occupation"])
    public = BooleanField(_l("The name may be shown publicly"))
    # The victim's key in the archive, so a corrected name keeps the person's fates.
    key = HiddenField()

    def is_blank(self) -> bool:
        """True when nothing was typed in this row."""
        return not (text(self.name.data) or self.age.data is not None or text(self.occupation.data))


class FigureForm(Form):
    """One figure as reported: what is counted, how exact, the number, and who gives it.

    Nothing is chosen at first: a form must not say a number is exact, or whose it is, unless
    the documenter says so."""

    kind = SelectField(
        _l("What is counted"), choices=said_options(FIGURE_KINDS, _l("Choose")), default=""
    )
    qualifier = SelectField(
        _l("How exact"), choices=said_options(QUALIFIERS, _l("Choose")), default=""
    )
    count = CountField(_l("Number"))
    given_by = SelectField(_l("Given by"), choices=said_options(GIVERS, _l("Choose")), default="")
    # The citation a figure rests on, when the store was told: kept through a correction.
    citation_id = HiddenField()

    def is_blank(self) -> bool:
        """True when nothing was chosen or typed in this row."""
        chosen = (self.kind.data, self.qualifier.data, self.given_by.data)
        return not any(chosen) and self.count.data is None and not self.count.errors

    def check(self) -> bool:
        """A filled row needs each choice, and a number unless it is 'not given'."""
        missing = {
            self.kind: _("Say what is counted."),
            self.qualifier: _("Say how exact the number is."),
            self.given_by: _("Say who gives this figure."),
        }
        ok = True
        for select, message in missing.items():
            if not select.data:
                select.errors = [*select.errors, message]
                ok = False
        unknown = self.qualifier.data == "unknown"
        if self.count.errors:
            return False
        if unknown and self.count.data is not None:
            self.count.errors = [_("Leave it empty when the number is not given.")]
            return False
        if self.qualifier.data and not unknown and self.count.data is None:
            self.count.errors = [_("Give the number, or choose 'Number not given'.")]
            return False
        return ok


class EntryForm(DatesAtTheirPrecision, GawahiForm):
    """What abuse reports and attack claims share."""

    type_field = ""
    own_fields: tuple[str, ...] = ()
    requires_citation = True
    # (rows, index) of a row just added by an "add another" button, to focus it.
    added_row: tuple[str, int] | None = None

    title = line(_l("Title"), [DataRequired(_l("Give the entry a title."))], limit=LIMITS["title"])
    narrative = lines(
        _l("Narrative"), limit=LIMITS["narrative"], render_kw={"rows": 6},
        description=_l("What happened, in your own words."),
    )  # fmt: skip
    # Optional: the same entry said in Urdu, shown first to readers of the Urdu interface.
    title_ur = line(_l("Title in Urdu"), limit=LIMITS["title_ur"])
    narrative_ur = lines(
        _l("Summary in Urdu"), limit=LIMITS["narrative_ur"], render_kw={"rows": 3},
        description=_l("Optional: what happened, in Urdu."),
    )  # fmt: skip
    date_precision = RadioField(
        _l("How precise is the date?"), choices=said_options(PRECISIONS), default="day"
    )
    date_start = line(
        _l("Date"),
        limit=SHORT_LIMIT,
        hint=False,
        description=_l(
            "A day as 2025-09-03, a month as 2025-09, a year as 2025; for a range, the first day."
        ),
    )
    date_end = line(
        _l("Last day of the range"), limit=SHORT_LIMIT, hint=False,
        description=_l("Only for a range: 2025-08-15."),
    )  # fmt: skip
    district = SelectField(_l("District"), choices=[], default="")
    place = line(
        _l("Place"), limit=LIMITS["place"], description=_l("Village, road or area, e.g. Umar Dor.")
    )
    tags = line(_l("Tags"), limit=LIMITS["tags"], description=_l("Separated by commas."))
    status = SelectField(_l("Status"), choices=[])
    official_response = SelectField(_l("Official response"), choices=[], default="none")
    official_statement = lines(
        _l("Official statement"), limit=LIMITS["official_statement"], render_kw={"rows": 2},
        description=_l("What officials said, in their words or yours: an 'encounter' account, "
        "an inquiry announced, a denial."),
    )  # fmt: skip
    figures = FieldList(FormField(FigureForm), min_entries=FIGURE_ROWS)
    citations = FieldList(FormField(CitationForm), min_entries=CITATION_ROWS)
    submission = HiddenField(default=new_token)

    def __init__(self, *args: Any, choices: EntryChoices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choices = choices
        getattr(self, self.type_field).choices = options(choices.types, _("Choose a type"))
        districts = [(name, name) for name in choices.districts]
        self.district.choices = content_options(districts, _("Not known or not listed"))
        self.status.choices = options(choices.statuses)
        self.official_response.choices = options(choices.official_responses)
        self.set_source_choices()

    def set_source_choices(self) -> None:
        """Offer the sources in every citation row (call again after adding a row)."""
        sources = content_options(self.choices.sources, _("Choose a source"))
        for row in self.citations:
            row.form.source_id.choices = sources

    def validate(self, extra_validators: Any = None) -> bool:
        """Every field, then the rows: citations complete, at least one when required."""
        fields_ok = super().validate(extra_validators)
        rows_ok = self._check_citations() & self._check_victims() & self._check_figures()
        return fields_ok and rows_ok

    def _check_citations(self) -> bool:
        known = {str(source_id) for source_id, _ in self.choices.sources}
        ok, complete = True, 0
        for row in self.citations:
            sub = row.form
            if sub.is_blank():
                continue
            if sub.source_id.data not in known:
                sub.source_id.errors = [
                    *sub.source_id.errors,
                    _("Choose the source of this passage."),
                ]
                ok = False
            if not text(sub.passage.data):
                sub.passage.errors = [
                    *sub.passage.errors,
                    _("Quote the passage of the source that supports the entry."),
                ]
                ok = False
            complete += 1
        if self.requires_citation and not complete:
            self.citation_errors.append(str(MISSING_CITATION))
            ok = False
        return ok

    def _check_victims(self) -> bool:
        return True

    def _check_figures(self) -> bool:
        ok = True
        for row in self.figures:
            if not row.form.is_blank():
                ok = row.form.check() and ok
        return ok

    def record(self) -> dict[str, Any]:
        """The entry's fields as the store takes them."""
        precision = self.date_precision.data
        record = {
            "title": text(self.title.data),
            "narrative": text(self.narrative.data),
            "title_ur": text(self.title_ur.data),
            "narrative_ur": text(self.narrative_ur.data),
            "date_precision": precision,
            "date_start": None if precision == "unknown" else text(self.date_start.data),
            "date_end": text(self.date_end.data) if precision == "range" else None,
            "district": self.district.data or None,
            "place": text(self.place.data),
            "tags": text(self.tags.data),
            "status": self.status.data,
            "official_response": self.official_response.data,
            "official_statement": text(self.official_statement.data),
        }
        for name in self.own_fields:
            value = getattr(self, name).data
            record[name] = text(value) if isinstance(value, str) else value
        return record

    def citation_list(self) -> list[dict[str, Any]]:
        """The filled citation rows."""
        return [
            {
                "source_id": int(row.form.source_id.data),
                "passage": text(row.form.passage.data),
                "attributed_to": text(row.form.attributed_to.data),
            }
            for row in self.citations
            if not row.form.is_blank()
        ]

    def figure_list(self) -> list[dict[str, Any]]:
        """The filled figure rows."""
        return [
            {
                "kind": row.form.kind.data,
                "count": row.form.count.data,
                "qualifier": row.form.qualifier.data,
                "given_by": row.form.given_by.data,
                "citation_id": _whole_number(row.form.citation_id.data),
            }
            for row in self.figures
            if not row.form.is_blank()
        ]

    def add_figure_row(self) -> None:
        """One more figure row (the no-JavaScript 'add another' button)."""
        self.figures.append_entry()

    def add_citation_row(self, source_id: int | None = None, passage: str = "") -> None:
        """One more citation row (the no-JavaScript 'add another' button)."""
        self.citations.append_entry({"source_id": str(source_id or ""), "passage": passage})
        self.set_source_choices()


class AbuseForm(EntryForm):
    """An abuse report: a documented violation, its victims and alleged perpetrator."""

    type_field = "abuse_type"
    own_fields = ("abuse_type", "perpetrator", "perpetrator_code")

    abuse_type = SelectField(_l("Type of abuse"), [DataRequired(TYPE_MESSAGE)], choices=[])
    perpetrator = line(
        _l("Alleged perpetrator"), limit=LIMITS["perpetrator"],
        description=_l("In the report's words: FC personnel, CTD, men in plain clothes..."),
    )  # fmt: skip
    perpetrator_code = SelectField(
        _l("Which actor, if on the list"),
        choices=[],
        default="",
        validate_choice=False,
        description=_l(
            "The force, agency or group the report names, so that search counts the "
            "report under it. Leave it when the perpetrator is unknown or not on the list."
        ),
    )
    victims = FieldList(FormField(VictimForm), min_entries=VICTIM_ROWS)

    def __init__(self, *args: Any, choices: EntryChoices, **kwargs: Any):
        super().__init__(*args, choices=choices, **kwargs)
        self.perpetrator_code.choices = [
            SelectChoice("", _("Not on the list, or not known")),
            *(
                SelectChoice(code, label, optgroup=kind, render_kw=content_marks())
                for code, label, kind in choices.actors
            ),
        ]

    def validate_perpetrator_code(self, field: SelectField) -> None:
        """An actor from the list, or none."""
        if field.data and field.data not in {code for code, _, _ in self.choices.actors}:
            raise ValidationError(_("Choose an actor from the list, or 'Not on the list'."))

    def _check_victims(self) -> bool:
        ok = True
        for row in self.victims:
            sub = row.form
            if sub.is_blank():
                continue
            if not text(sub.name.data):
                sub.name.errors = [*sub.name.errors, _("Give the name, or leave the row empty.")]
                ok = False
        return ok

    def victim_list(self) -> list[dict[str, Any]]:
        """The named victims, confidential unless marked public."""
        return [
            {
                "name": text(row.form.name.data),
                "age": row.form.age.data,
                "occupation": text(row.form.occupation.data),
                "confidential": not row.form.public.data,
                # Only a victim already in the archive has a key.
                **({"victim_key": row.form.key.data} if row.form.key.data else {}),
            }
            for row in self.victims
            if text(row.form.name.data)
        ]

    def add_victim_row(self) -> None:
        """One more victim row (the no-JavaScript 'add another' button)."""
        self.victims.append_entry()


class ClaimForm(EntryForm):
    """An attack claim: what an armed group says it did, recorded as claimed."""

    type_field = "claim_type"
    own_fields = ("group_code", "spokesperson", "claim_medium", "claim_type", "claimed_targets")

    group_code = line(
        _l("Group making the claim"),
        [DataRequired(_l("Name the group that made the claim."))],
        limit=LIMITS["group_code"],
        hint=False,
        description=_l("Its abbreviation or name: BLA and Baloch Liberation Army both work."),
    )
    spokesperson = line(_l("Spokesperson"), limit=LIMITS["spokesperson"])
    claim_medium = SelectField(
        _l("How the claim was made"),
        choices=[],
        default="unknown",
        description=_l("Leave 'Not known' unless the source says."),
    )
    claim_type = SelectField(_l("Type of attack claimed"), [DataRequired(TYPE_MESSAGE)], choices=[])
    claimed_targets = line(_l("Targets, as claimed"), limit=LIMITS["claimed_targets"])

    def __init__(self, *args: Any, choices: EntryChoices, **kwargs: Any):
        super().__init__(*args, choices=choices, **kwargs)
        self.claim_medium.choices = options(choices.claim_mediums)

    def validate_group_code(self, field: StringField) -> None:
        """The group must be known, by abbreviation, name or alias."""
        resolve = self.choices.resolve_group
        if resolve is not None and field.data and resolve(field.data) is None:
            raise ValidationError(
                _("%(group)s is not a known armed group: choose one from the list.",
                  group=repr(text(field.data)))
            )  # fmt: skip


class EditReason:
    """Mixin for edit forms: a short reason is required; new citation rows are optional."""

    requires_citation = False
    reason = lines(
        _l("Reason for this change"),
        [DataRequired(_l("Say why you are making this change."))],
        limit=REASON_LIMIT,
        description=_l("A short note for the history, e.g. 'Date corrected from the statement'."),
        render_kw={"rows": 2},
    )


class AbuseEditForm(EditReason, AbuseForm):
    """Correcting an abuse report."""


class ClaimEditForm(EditReason, ClaimForm):
    """Correcting an attack claim."""


class RetractForm(GawahiForm):
    """Retracting an entry: it stays in the archive, marked retracted, with the reason."""

    reason = lines(
        _l("Why is this entry retracted?"),
        [DataRequired(_l("Say why the entry is retracted."))],
        limit=REASON_LIMIT,
        render_kw={"rows": 3},
    )


def form_values(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry from the store as the values its edit form starts with."""
    values = dict(entry)
    values["tags"] = ", ".join(entry.get("tags") or [])
    values["date_start"] = display_date(entry["date_precision"], entry.get("date_start"))
    values["date_end"] = entry.get("date_end") if entry["date_precision"] == "range" else ""
    values["district"] = entry.get("district") or ""
    values["victims"] = [
        {**victim, "public": not victim["confidential"], "key": victim.get("victim_key")}
        for victim in entry.get("victims", [])
    ]
    values["figures"] = entry.get("figures", [])
    values["citations"] = []
    return values


def _whole_number(value: Any) -> int | None:
    value = text(value)
    return int(value) if value.isdigit() and len(value) <= 18 else None


def display_date(precision: str, start: str | None) -> str:
    """A stored first day shown at its precision: 2025-08 for a month, 2025 for a year."""
    return typed_date(precision, start)
