"""Forms for signing in, passwords, the first administrator and managing users."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from archive.users import MIN_PASSWORD_LENGTH, ROLE_LABELS

ROLE_CHOICES = [SelectChoice(role, label) for role, label in ROLE_LABELS.items()]
NEW_PASSWORD = [
    DataRequired(),
    Length(min=MIN_PASSWORD_LENGTH, message=f"Use at least {MIN_PASSWORD_LENGTH} characters."),
]
DATE = [Optional(), Regexp(r"^\d{4}-\d{2}-\d{2}$", message="Write the date as YYYY-MM-DD.")]


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
    username = StringField("Username", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])
    next = HiddenField()


class PasswordForm(StoreErrors, FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField("New password", validators=NEW_PASSWORD)
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new_password", message="The two do not match.")],
    )


class SetupForm(StoreErrors, FlaskForm):
    username = StringField("Your username", validators=[DataRequired(), Length(max=40)])
    password = PasswordField("Password", validators=NEW_PASSWORD)
    confirm = PasswordField(
        "Password again",
        validators=[DataRequired(), EqualTo("password", message="The two do not match.")],
    )


class NewUserForm(StoreErrors, FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=40)])
    password = PasswordField("First password (tell them to change it)", validators=NEW_PASSWORD)
    role = SelectField("Role", choices=ROLE_CHOICES, default="reader")


class RoleForm(StoreErrors, FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class ActiveForm(StoreErrors, FlaskForm):
    active = HiddenField(validators=[DataRequired()])


class AuditFilterForm(Form):
    """The audit log's filters, read from the query string (no CSRF: reading changes nothing)."""

    actor = StringField("Who")
    action = SelectField("What", default="")
    since = StringField("From (YYYY-MM-DD)", validators=DATE)
    until = StringField("Until (YYYY-MM-DD)", validators=DATE)
