"""The import page's forms: upload a spreadsheet, choose or build a mapping from its columns,
match values the archive does not know to its reference data."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from markupsafe import Markup
from wtforms import RadioField, SelectChoice, SelectField
from wtforms.validators import ValidationError

from .common import GawahiForm, line, options, text

# The largest spreadsheet the page takes; a larger one is imported with `flask import`.
MAX_IMPORT_BYTES = 8 * 1024 * 1024
EXTENSIONS = ("csv", "tsv", "txt", "xlsx", "jsonl", "ndjson")
NOT_IN_FILE = _l("(not in the file)")
# Entry field -> (label, hint) of the select choosing its column, in the order people think.
FIELD_CHOICES = {
    "title": (_l("Title"), _l("Required: a short title for each entry.")),
    "narrative": (_l("Narrative"), ""),
    "date_start": (_l("Date (or first day)"), _l("YYYY-MM-DD, YYYY-MM or YYYY.")),
    "date_end": (_l("Last day"), _l("For events known only between two days.")),
    "date_precision": (_l("Date precision"), _l("day, range, month, year or unknown.")),
    "district": (
        _l("District"),
        _l("Matched to the archive's districts, their aliases and towns."),
    ),
    "province": (_l("Province"), ""),
    "place": (_l("Place"), _l("Village, town or neighbourhood, as the file gives it.")),
    "abuse_type": (_l("Abuse type"), _l("For abuse reports: a type code or label.")),
    "perpetrator": (_l("Alleged perpetrator (words)"), _l("For abuse reports.")),
    "perpetrator_code": (_l("Alleged perpetrator (actor)"), _l("Matched to the list of actors.")),
    "group_code": (
        _l("Armed group claiming"),
        _l("For attack claims: matched to the armed groups."),
    ),
    "claim_type": (_l("Claim type"), _l("For attack claims: a type code or label.")),
    "tags": (_l("Tags"), _l("Comma-separated.")),
}
CITATION_CHOICES = {
    "source_title": (_l("Source title"), _l("Required when the row cites columns.")),
    "source_outlet": (_l("Outlet"), ""),
    "source_published": (_l("Source date"), _l("YYYY-MM-DD.")),
    "source_url": (_l("Web address"), _l("Rows citing the same address cite one source.")),
    "passage": (_l("Passage quoted"), _l("Required: the words of the source the entry rests on.")),
    "attributed_to": (_l("Attributed to"), _l("Who said it, when the source quotes someone.")),
}


def content_options(names: list[str], blank: str) -> list[SelectChoice]:
    """Names from the file or the archive (columns, mappings) as options, after a blank one;
    marked as content: they are never translated."""
    return [SelectChoice("", blank), *(SelectChoice(n, n, {"translate": "no"}) for n in names)]


class UploadForm(GawahiForm):
    """A spreadsheet to import: CSV, Excel or JSON Lines."""

    upload = FileField(
        _l("Spreadsheet"),
        description=_l(
            "CSV, Excel (.xlsx) or JSON Lines, at most 8 MB. Larger files: "
            "flask import FILE --mapping NAME on the server."
        ),
        render_kw={"accept": ".csv,.tsv,.txt,.xlsx,.jsonl,.ndjson"},
    )  # fmt: skip
    encoding = line(
        _l("Encoding of a CSV file"), limit=40,
        description=_l("Leave empty for UTF-8. Files saved by older Excel: windows-1252."),
    )  # fmt: skip

    def validate_upload(self, field: FileField) -> None:
        """A file of a kind Gawahi imports, not empty, not larger than the limit."""
        storage = field.data
        if not storage or not storage.filename:
            raise ValidationError(_("Choose the file to import."))
        name = self.filename()
        if name.rsplit(".", 1)[-1].lower() not in EXTENSIONS:
            raise ValidationError(_("Choose a CSV, Excel (.xlsx) or JSON Lines (.jsonl) file."))
        try:
            self.content = storage.stream.read(MAX_IMPORT_BYTES + 1)
        finally:
            storage.stream.close()  # a large upload is a temporary file: let it go at once
        if len(self.content) > MAX_IMPORT_BYTES:
            raise ValidationError(
                _(
                    "The file is larger than 8 MB: import it on the server with "
                    "flask import FILE --mapping NAME (it reads files of any size)."
                )
            )
        if not self.content:
            raise ValidationError(_("The file is empty."))

    def filename(self) -> str:
        """The uploaded file's name without any folders, at most 100 characters."""
        raw = str(self.upload.data.filename or "").replace("\\", "/")
        return PurePosixPath(raw).name[-100:] or "upload.csv"


class MappingForm(GawahiForm):
    """Choose a saved mapping, or build one by choosing the file's column for each field."""

    saved = SelectField(_l("Use a saved mapping"), choices=[], default="")
    name = line(_l("Name for a new mapping"), limit=60,
                description=_l("Letters, digits, - _ . (such as hrcp-2024)."))  # fmt: skip
    external_id = SelectField(
        _l("Column naming each row for good"),
        description=_l("Importing the file again then updates its entries instead of adding them."),
        choices=[],
        default="",
    )  # fmt: skip
    kind = SelectField(
        _l("Rows become"),
        choices=options([("abuse", _l("Abuse reports")), ("claim", _l("Attack claims"))]),
    )
    cite = RadioField(
        _l("Each row cites"),
        choices=options(
            [
                ("columns", _l("A source described in its columns (below)")),
                (
                    "file",
                    _l("This file itself, kept as a source with its SHA-256, the row as passage"),
                ),
            ]
        ),
        default="columns",
    )

    def __init__(self, *args: Any, columns: list[str], saved: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.saved.choices = content_options(saved, _("Build a new mapping"))
        column_choices = content_options(columns, str(NOT_IN_FILE))
        self.external_id.choices = column_choices
        for name in [*FIELD_CHOICES, *CITATION_CHOICES]:
            self[name].choices = column_choices

    def validate_name(self, field) -> None:
        """A new mapping needs a name and a title column."""
        if self.saved.data:
            return
        if not text(field.data):
            raise ValidationError(_("Name the new mapping, or choose a saved one."))
        if not self["title"].data:
            raise ValidationError(_("Choose the column that gives each entry's title."))

    def mapping(self) -> dict[str, Any]:
        """The mapping built from the chosen columns (the store checks it)."""
        fields = {name: self[name].data for name in FIELD_CHOICES if self[name].data}
        citation: dict[str, Any] = {"file": {}}
        if self.cite.data == "columns":
            chosen = {name: self[name].data for name in CITATION_CHOICES if self[name].data}
            source = {key.removeprefix("source_"): chosen[key]
                      for key in ("source_title", "source_outlet", "source_published",
                                  "source_url") if key in chosen}  # fmt: skip
            citation = {"source": source, "passage": chosen.get("passage"),
                        "attributed_to": chosen.get("attributed_to")}  # fmt: skip
            citation = {key: value for key, value in citation.items() if value}
        spec = {"name": text(self.name.data), "category": {"value": self.kind.data},
                "fields": fields, "citations": [citation]}  # fmt: skip
        if self.external_id.data:
            spec["external_id"] = self.external_id.data
        return spec


# One select per field, listing the file's columns.
for _name, (_label, _hint) in {**FIELD_CHOICES, **CITATION_CHOICES}.items():
    setattr(MappingForm, _name, SelectField(_label, description=_hint, choices=[], default=""))


class ValuesForm(GawahiForm):
    """Values of the file that matched no reference data, each to be given its match."""

    def matches(self) -> dict[str, dict[str, str]]:
        """Field -> {value in the file: the reference value chosen for it}."""
        chosen: dict[str, dict[str, str]] = {}
        for name, (field_name, value) in self.offered.items():
            if self[name].data:
                chosen.setdefault(field_name, {})[value] = self[name].data
        return chosen


def values_form(
    unmatched: dict[str, list[str]], choices: dict[str, list[tuple[str, str]]], **kwargs: Any
) -> ValuesForm:
    """A ValuesForm with one select per unmatched value, listing that field's reference data."""

    class Form(ValuesForm):
        pass

    offered = {}
    for number, (field_name, value) in enumerate(
        (f, v) for f, values in unmatched.items() for v in values
    ):
        name = f"value_{number}"
        said = FIELD_CHOICES.get(field_name, (field_name,))[0]
        label = Markup('%s: <span dir="auto">\u201c%s\u201d</span>') % (str(said), value)
        pairs = [
            SelectChoice("", _("Leave it unmatched")),
            *(
                SelectChoice(v, name, {"translate": "no"})
                for v, name in choices.get(field_name, [])
            ),
        ]
        setattr(Form, name, SelectField(label, choices=pairs, default=""))
        offered[name] = (field_name, value)
    form = Form(**kwargs)
    form.offered = offered
    return form
