"""Pieces every form shares: the check of typed text, fields with plain-language errors,
tokens, errors handed back by the store."""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any

from flask_babel import LazyString, format_decimal, get_locale, get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    Field,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional, StopValidation, ValidationError
from wtforms.widgets import DateInput

from archive.dates import normalise_date
from archive.messages import N_, Message
from archive.validation import text_problem


def number(value: int | float) -> str:
    """`value` written as the reader's language writes numbers (1,000 in English)."""
    return format_decimal(value) if get_locale() else f"{value:,}"


def lazy(template: str, **values: Any) -> LazyString:
    """`template` translated with `values` (numbers written for the locale) when it is shown:
    for messages and hints made at import time, before any reader's language is known."""

    def say() -> str:
        shown = {k: number(v) if isinstance(v, int | float) else v for k, v in values.items()}
        return gettext(template, **shown)

    return LazyString(say)


COUNT_MESSAGE = _l("Give a whole number, zero or more.")
# Far above any real count, and far below what SQLite can store: past it is a typing slip.
MAX_COUNT = 10_000_000
TOO_LARGE_MESSAGE = lazy(N_("That number is too large: give at most %(limit)s."), limit=MAX_COUNT)


LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c]+")
PAGE_BREAKS = re.compile("[\x0b\x0c]")
# A date, a year or a filter: far above anything valid, only to refuse a pasted novel early.
SHORT_LIMIT = 200


class TextCheck:
    """The check every typed text passes first: no control character, at most `limit`
    characters (the archive's own rule and words). It stops the field's other checks, so a
    NUL or a pasted file gets this one clear message rather than several confusing ones."""

    field_flags: dict[str, Any] = {}  # no maxlength attribute: browsers cut pasted text silently

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, form, field: Field) -> None:
        value = field.data if isinstance(field.data, str) else ""
        if problem := text_problem(value, self.limit):
            raise StopValidation(translated(problem))


def one_line(value: Any) -> Any:
    """Tabs and line breaks in a one-line box (pasted from a document) become one space."""
    return LINE_BREAKS.sub(" ", value) if isinstance(value, str) else value


def page_breaks(value: Any) -> Any:
    """A PDF's page breaks (form feeds) in pasted text become line breaks."""
    return PAGE_BREAKS.sub("\n", value) if isinstance(value, str) else value


def limit_hint(description: str, limit: int) -> LazyString:
    """A field's hint, with its limit said at the end: 'Up to 300 characters.'"""
    says_limit = lazy(N_("Up to %(limit)s characters."), limit=limit)
    return LazyString(lambda: f"{description} {says_limit}".strip())


def line(
    label: str, validators=(), *, limit: int, description: str = "", hint: bool = True,
    field_class: type[StringField] = StringField, **kwargs: Any,
):  # fmt: skip
    """A one-line text field, checked by TextCheck before its own `validators`."""
    return field_class(
        label, [TextCheck(limit), *validators], filters=[one_line],
        description=limit_hint(description, limit) if hint else description, **kwargs,
    )  # fmt: skip


def lines(label: str, validators=(), *, limit: int, description: str = "", **kwargs: Any):
    """A multi-line text field (tabs and line breaks kept), checked by TextCheck first."""
    return TextAreaField(
        label, [TextCheck(limit), *validators], filters=[page_breaks],
        description=limit_hint(description, limit), **kwargs,
    )  # fmt: skip


def options(pairs, blank: str | None = None) -> list[SelectChoice]:
    """(value, label) pairs as select options, after an optional blank first option."""
    first = [SelectChoice("", blank)] if blank is not None else []
    return first + [SelectChoice(str(value), label) for value, label in pairs]


def new_token() -> str:
    """A fresh one-time submission token for a form's hidden field."""
    return secrets.token_urlsafe(18)


class CountField(IntegerField):
    """An optional whole number, zero or more, with a message a person understands."""

    def __init__(self, label: str | None = None, validators=None, **kwargs: Any):
        validators = [
            Optional(),
            NumberRange(min=0, message=COUNT_MESSAGE),
            NumberRange(max=MAX_COUNT, message=TOO_LARGE_MESSAGE),
            *(validators or []),
        ]
        render_kw = {"inputmode": "numeric", **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        """Read the typed number; anything but a whole number gets COUNT_MESSAGE."""
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None
                raise ValueError(str(COUNT_MESSAGE)) from None
        else:
            self.data = None


class DayField(StringField):
    """An optional calendar day typed as YYYY-MM-DD (a date picker where the browser has one)."""

    widget = DateInput()

    def __init__(self, label: str | None = None, validators=None, **kwargs: Any):
        validators = [TextCheck(SHORT_LIMIT), *(validators or [])]
        super().__init__(label, validators, filters=[one_line], **kwargs)

    def post_validate(self, form, validation_stopped: bool) -> None:
        """Refuse anything that is not a real day."""
        text = (self.data or "").strip()
        if not text or validation_stopped:
            return
        try:
            self.data = date.fromisoformat(text).isoformat()
        except ValueError:
            message = gettext("%(text)s is not a date: use year-month-day.", text=repr(text))
            raise ValidationError(message) from None


def text(value: Any) -> str:
    """Typed text, trimmed, with the browser's CRLF line ends as plain newlines; '' for nothing."""
    return newlines(str(value)).strip() if value is not None else ""


def newlines(value: str) -> str:
    """Browsers send textarea lines ending in CRLF; keep LF so fingerprints match the file."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def translated(message: str) -> str:
    """`message` in the reader's language: a store `Message` with its values, or a fixed one."""
    if isinstance(message, Message):
        return gettext(message.template, **message.values)
    if not message or isinstance(message, Markup):  # Markup: already said, names marked
        return message
    # str(): a lazy label or message would otherwise come back lazy where no catalogue has it.
    return gettext(str(message))


def show_store_errors(form, errors: dict[str, str]) -> None:
    """Put the store's errors (field -> message) next to the form's fields of the same name."""
    for name, message in errors.items():
        field = getattr(form, name, None)
        message = translated(message)
        if isinstance(field, Field) and not hasattr(field, "entries"):
            field.errors = [*field.errors, message]
        elif name in ("citations", "source_id", "passage"):
            form.citation_errors.append(message)
        elif name == "victims":
            form.victim_errors.append(message)
        elif name == "figures":
            form.figure_errors.append(message)
        else:
            form.general_errors.append(message)


class Catalogue:
    """WTForms' own messages ("This field is required."...) from our catalogue, in the reader's
    language: WTForms ships no Urdu. Values are put in by WTForms after, hence no `%` here."""

    def gettext(self, string: str) -> str:
        """`string` translated."""
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """`singular` or `plural` for `n`, translated."""
        return get_translations().ungettext(singular, plural, n)


CATALOGUE = Catalogue()


class TranslatedForm(Form):
    """A form without CSRF (a filter, a row of a larger form) whose WTForms messages are ours."""

    class Meta:
        def get_translations(self, form) -> Catalogue:
            return CATALOGUE


class GawahiForm(FlaskForm):
    """A form that can also hold errors the store found, and say whether anything is wrong."""

    class Meta:
        def get_translations(self, form) -> Catalogue:
            return CATALOGUE

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.general_errors: list[str] = []
        self.citation_errors: list[str] = []
        self.victim_errors: list[str] = []
        self.figure_errors: list[str] = []

    def validate(self, extra_validators=None) -> bool:
        """Validate, then make each message plain text (a validator's lazy message would
        otherwise reach pages, JSON and logs as a LazyString)."""
        valid = super().validate(extra_validators)
        _plain_errors(self)
        return valid

    def has_errors(self) -> bool:
        """True when any field, row or the form as a whole has an error to show."""
        extra = (
            self.general_errors or self.citation_errors or self.victim_errors
            or self.figure_errors
        )  # fmt: skip
        return bool(extra) or any(_has_errors(field) for field in self)


def _plain_errors(fields) -> None:
    for field in fields:
        if isinstance(field, FieldList):
            for entry in field.entries:
                _plain_errors([entry])
        elif isinstance(field, FormField):
            _plain_errors(field.form)
        elif isinstance(field.errors, list | tuple):
            # Only lazy strings: a message already text (Markup among them) stays as it is.
            field.errors = [e if isinstance(e, str) else str(e) for e in field.errors]


def _has_errors(field: Field) -> bool:
    if isinstance(field, FieldList):
        return any(_has_errors(entry) for entry in field.entries)
    if isinstance(field, FormField):
        return any(_has_errors(sub) for sub in field.form)
    return bool(field.errors)


class DatesAtTheirPrecision:
    """For forms with `date_precision`, `date_start` and `date_end` (entries, victims' fates):
    each date is checked at the precision chosen, as the archive will store it."""

    def validate_date_start(self, field: Field) -> None:
        """The date must match its precision (a range's first day is checked here)."""
        precision = self.date_precision.data
        if precision == "unknown":
            return
        try:
            normalise_date("day" if precision == "range" else precision, field.data, None)
        except ValueError as error:
            raise ValidationError(translated(error.args[0])) from None

    def validate_date_end(self, field: Field) -> None:
        """A range needs a last day that is not before the first."""
        if self.date_precision.data != "range" or self.date_start.errors:
            return
        try:
            normalise_date("range", self.date_start.data, field.data)
        except ValueError as error:
            raise ValidationError(translated(error.args[0])) from None
