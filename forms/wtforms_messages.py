"""WTForms' own messages that our forms can show, listed so `make messages` gathers them.

WTForms says these in English (it ships no Urdu); our forms ask the catalogue for them instead
(`forms.common.Catalogue`, each form's `Meta.get_translations`). Nothing imports this module:
it exists to be read by pybabel. A message WTForms adds in a new version stays English until it
is listed here.
"""

from __future__ import annotations

from archive.messages import N_


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a singular and a plural for the catalogue (pybabel reads the name)."""
    return singular, plural


MESSAGES = (
    # DataRequired, InputRequired (and Flask-WTF's FileRequired) without a message of ours
    N_("This field is required."),
    # Length
    N_("Field must be between %(min)d and %(max)d characters long."),
    # NumberRange
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    # Regexp, EqualTo, AnyOf, NoneOf without a message of ours
    N_("Invalid input."),
    N_("Field must be equal to %(other_name)s."),
    N_("Invalid value, must be one of: %(values)s."),
    N_("Invalid value, can't be any of: %(values)s."),
    # SelectField, RadioField, SelectMultipleField
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    # IntegerField, DateField, DateTimeField
    N_("Not a valid integer value."),
    N_("Not a valid date value."),
    N_("Not a valid datetime value."),
)

PLURAL_MESSAGES = (
    # Length with only a minimum, only a maximum, or both the same
    ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
    ),
    ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
    ),
    ngettext(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
    ),
    # SelectMultipleField
    ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
    ),
)
