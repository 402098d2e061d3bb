"""Forms for two-factor sign-in: the code step, turning it on and off, new recovery codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .accounts import PASSWORD, StoreErrors
from .common import GawahiForm, TextCheck

CODE_HINT = _l("The six digits your authenticator app shows now, or one of your recovery codes.")
APP_CODE = [
    TextCheck(40),
    DataRequired(message=_l("Type the six digits your app shows.")),
    Length(max=20, message=_l("A code is six digits.")),
]
ANY_CODE = [
    TextCheck(40),
    DataRequired(message=_l("Type a code from your app or a recovery code.")),
    Length(max=40, message=_l("That is longer than any code.")),
]


class CodeForm(StoreErrors, GawahiForm):
    """The second step of signing in."""

    code = StringField(_l("Code"), validators=ANY_CODE, description=CODE_HINT)


class EnrolForm(StoreErrors, GawahiForm):
    """Proof that the authenticator app holds the secret just shown."""

    code = StringField(_l("Code from your app"), validators=APP_CODE)


class DisableForm(StoreErrors, GawahiForm):
    """Turning two-factor sign-in off asks for the password and a code again."""

    password = PasswordField(_l("Your password"), validators=PASSWORD)
    code = StringField(_l("Code"), validators=ANY_CODE, description=CODE_HINT)


class RecoveryCodesForm(StoreErrors, GawahiForm):
    """New recovery codes are given only against a current code."""

    code = StringField(_l("Code"), validators=ANY_CODE, description=CODE_HINT)


class ResetForm(GawahiForm):
    """An administrator's reset of someone's second factor (the CSRF token is all it holds)."""
