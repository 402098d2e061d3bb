"""Validators whose messages are translated lazily (declared with the form class, said in the
reader's language) but reach the form's errors as plain text, as every other error does: the
pages, the API's JSON and the tests read `field.errors` as strings."""

from __future__ import annotations

from typing import Any

from wtforms import Field
from wtforms.validators import StopValidation, ValidationError


def plain(validator: Any) -> Any:
    """`validator`, its message turned into text when it refuses a value."""

    def check(form: Any, field: Field) -> None:
        try:
            validator(form, field)
        except StopValidation as stop:
            raise StopValidation(*(str(arg) for arg in stop.args)) from None
        except ValidationError as error:
            raise ValidationError(*(str(arg) for arg in error.args)) from None

    check.field_flags = getattr(validator, "field_flags", {})  # e.g. DataRequired's "required"
    return check
