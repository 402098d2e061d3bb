"""Forms for two-factor sign-in: the code step, turning it on and off, new recovery codes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .accounts import PASSWORD, StoreErrors
from .common import TextCheck

CODE_HINT = "The six digits your authenticator app shows now, or one of your recovery codes."
APP_CODE = [
    TextCheck(40),
    DataRequired(message="Type the six digits your app shows."),
    Length(max=20, message="A code is six digits."),
]
ANY_CODE = [
    TextCheck(40),
    DataRequired(message="Type a code from your app or a recovery code."),
    Length(max=40, message="That is longer than any code."),
]


class CodeForm(StoreErrors, FlaskForm):
    """The second step of signing in."""

    code = StringField("Code", validators=ANY_CODE, description=CODE_HINT)


class EnrolForm(StoreErrors, FlaskForm):
    """Proof that the authenticator app holds the secret just shown."""

    code = StringField("Code from your app", validators=APP_CODE)


class DisableForm(StoreErrors, FlaskForm):
    """Turning two-factor sign-in off asks for the password and a code again."""

    password = PasswordField("Your password", validators=PASSWORD)
    code = StringField("Code", validators=ANY_CODE, description=CODE_HINT)


class RecoveryCodesForm(StoreErrors, FlaskForm):
    """New recovery codes are given only against a current code."""

    code = StringField("Code", validators=ANY_CODE, description=CODE_HINT)


class ResetForm(FlaskForm):
    """An administrator's reset of someone's second factor (the CSRF token is all it holds)."""
