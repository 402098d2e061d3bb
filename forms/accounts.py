"""Forms for signing in, passwords, the first administrator and managing users."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, PasswordField, SelectChoice, SelectField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from archive.api_tokens import NAME_LIMIT as TOKEN_NAME_LIMIT
from archive.users import MIN_PASSWORD_LENGTH, ROLE_LABELS

from .common import SHORT_LIMIT, TextCheck, line

ROLE_CHOICES = [SelectChoice(role, label) for role, label in ROLE_LABELS.items()]
USERNAME_LIMIT = 40
# Longer than any pass phrase a person or a password manager makes.
PASSWORD_LIMIT = 200
NEW_PASSWORD = [
    TextCheck(PASSWORD_LIMIT),
    DataRequired(),
    Length(min=MIN_PASSWORD_LENGTH, message=f"Use at least {MIN_PASSWORD_LENGTH} characters."),
]
NEW_PASSWORD_HINT = f"At least {MIN_PASSWORD_LENGTH} characters, up to {PASSWORD_LIMIT}."
PASSWORD = [TextCheck(PASSWORD_LIMIT), DataRequired()]
DATE = [Optional(), Regexp(r"^\d{4}-\d{2}-\d{2}$", message="Write the date as YYYY-MM-DD.")]


def username_field(label: str):
    """A new username: at most USERNAME_LIMIT characters, said under the field."""
    return line(label, [DataRequired()], limit=USERNAME_LIMIT)


class StoreErrors:
    """Lets a view put the store's field errors next to the fields they concern."""

    def add_errors(self, errors: dict[str, str]) -> None:
        """Attach each message to its field, or to the form when no field matches."""
        for name, message in errors.items():
            field = getattr(self, name, None)
            if field is None:
                self.form_errors.append(message)
            else:
                field.errors = [*field.errors, message]


class SignInForm(FlaskForm):
    username = line("Username", [DataRequired()], limit=SHORT_LIMIT, hint=False)
    password = PasswordField("Password", validators=PASSWORD)
    next = HiddenField()


class PasswordForm(StoreErrors, FlaskForm):
    current_password = PasswordField("Current password", validators=PASSWORD)
    new_password = PasswordField(
        "New password", validators=NEW_PASSWORD, description=NEW_PASSWORD_HINT
    )
    confirm = PasswordField(
        "New password again",
        validators=[*PASSWORD, EqualTo("new_password", message="The two do not match.")],
    )


class SetupForm(StoreErrors, FlaskForm):
    username = username_field("Your username")
    password = PasswordField("Password", validators=NEW_PASSWORD, description=NEW_PASSWORD_HINT)
    confirm = PasswordField(
        "Password again",
        validators=[*PASSWORD, EqualTo("password", message="The two do not match.")],
    )


class NewUserForm(StoreErrors, FlaskForm):
    username = username_field("Username")
    password = PasswordField(
        "First password (tell them to change it)",
        validators=NEW_PASSWORD,
        description=NEW_PASSWORD_HINT,
    )
    role = SelectField("Role", choices=ROLE_CHOICES, default="reader")


class RoleForm(StoreErrors, FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class ActiveForm(StoreErrors, FlaskForm):
    active = HiddenField(validators=[DataRequired()])


TOKEN_LIFETIMES = [
    SelectChoice("30", "30 days"),
    SelectChoice("90", "90 days"),
    SelectChoice("365", "One year"),
    SelectChoice("never", "Until I revoke it"),
]


class ApiTokenForm(StoreErrors, FlaskForm):
    """A new API token: a name saying what will use it, and how long it lasts."""

    name = line(
        "Name",
        [DataRequired("Name the token after what will use it, e.g. 'nightly sync'.")],
        limit=TOKEN_NAME_LIMIT,
        description="What will use it, e.g. 'nightly sync' or 'Amina's laptop'.",
    )
    days = SelectField("Lasts", choices=TOKEN_LIFETIMES, default="90")

    def lifetime(self) -> int | None:
        """Days the token lasts, or None until revoked."""
        return None if self.days.data == "never" else int(self.days.data)


class RevokeTokenForm(FlaskForm):
    """Revoking a token: a button (and its CSRF token)."""


class AuditFilterForm(Form):
    """The audit log's filters, read from the query string (no CSRF: reading changes nothing)."""

    actor = line("Who", limit=SHORT_LIMIT, hint=False)
    action = SelectField("What", default="")
    since = line("From (YYYY-MM-DD)", DATE, limit=SHORT_LIMIT, hint=False)
    until = line("Until (YYYY-MM-DD)", DATE, limit=SHORT_LIMIT, hint=False)
