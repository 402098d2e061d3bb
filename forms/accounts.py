"""Forms for signing in, passwords, the first administrator and managing users."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, SelectChoice, SelectField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from archive.api_tokens import NAME_LIMIT as TOKEN_NAME_LIMIT
from archive.messages import N_
from archive.users import MIN_PASSWORD_LENGTH, ROLE_LABELS

from .common import SHORT_LIMIT, GawahiForm, TextCheck, TranslatedForm, lazy, line, translated

USERNAME_LIMIT = 40
# Longer than any pass phrase a person or a password manager makes.
PASSWORD_LIMIT = 200
NEW_PASSWORD = [
    TextCheck(PASSWORD_LIMIT),
    DataRequired(),
    Length(
        min=MIN_PASSWORD_LENGTH,
        message=lazy(N_("Use at least %(count)s characters."), count=MIN_PASSWORD_LENGTH),
    ),
]
NEW_PASSWORD_HINT = lazy(
    N_("At least %(count)s characters, up to %(limit)s."), count=MIN_PASSWORD_LENGTH,
    limit=PASSWORD_LIMIT,
)  # fmt: skip
PASSWORD = [TextCheck(PASSWORD_LIMIT), DataRequired()]
DATE = [Optional(), Regexp(r"^\d{4}-\d{2}-\d{2}$", message=_l("Write the date as YYYY-MM-DD."))]
NOT_THE_SAME = _l("The two do not match.")


def role_choices() -> list[SelectChoice]:
    """The roles, each with what it may do, in the reader's language."""
    return [SelectChoice(role, translated(label)) for role, label in ROLE_LABELS.items()]


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
                self.form_errors.append(translated(message))
            else:
                field.errors = [*field.errors, translated(message)]


class SignInForm(GawahiForm):
    username = line(_l("Username"), [DataRequired()], limit=SHORT_LIMIT, hint=False)
    password = PasswordField(_l("Password"), validators=PASSWORD)
    next = HiddenField()


class PasswordForm(StoreErrors, GawahiForm):
    current_password = PasswordField(_l("Current password"), validators=PASSWORD)
    new_password = PasswordField(
        _l("New password"), validators=NEW_PASSWORD, description=NEW_PASSWORD_HINT
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[*PASSWORD, EqualTo("new_password", message=NOT_THE_SAME)],
    )


class SetupForm(StoreErrors, GawahiForm):
    username = username_field(_l("Your username"))
    password = PasswordField(_l("Password"), validators=NEW_PASSWORD, description=NEW_PASSWORD_HINT)
    confirm = PasswordField(
        _l("Password again"),
        validators=[*PASSWORD, EqualTo("password", message=NOT_THE_SAME)],
    )


class RoleChoices:
    """A form whose `role` lists the roles in the reader's language (made per request)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class NewUserForm(RoleChoices, StoreErrors, GawahiForm):
    username = username_field(_l("Username"))
    password = PasswordField(
        _l("First password (tell them to change it)"),
        validators=NEW_PASSWORD,
        description=NEW_PASSWORD_HINT,
    )
    role = SelectField(_l("Role"), choices=[], default="reader")


class RoleForm(RoleChoices, StoreErrors, GawahiForm):
    role = SelectField(_l("Role"), choices=[])


class ActiveForm(StoreErrors, GawahiForm):
    active = HiddenField(validators=[DataRequired()])


TOKEN_LIFETIMES = [
    SelectChoice("30", _l("30 days")),
    SelectChoice("90", _l("90 days")),
    SelectChoice("365", _l("One year")),
    SelectChoice("never", _l("Until I revoke it")),
]


class ApiTokenForm(StoreErrors, GawahiForm):
    """A new API token: a name saying what will use it, and how long it lasts."""

    name = line(
        _l("Name"),
        [DataRequired(_l("Name the token after what will use it, e.g. 'nightly sync'."))],
        limit=TOKEN_NAME_LIMIT,
        description=_l("What will use it, e.g. 'nightly sync' or 'Amina's laptop'."),
    )
    days = SelectField(_l("Lasts"), choices=TOKEN_LIFETIMES, default="90")

    def lifetime(self) -> int | None:
        """Days the token lasts, or None until revoked."""
        return None if self.days.data == "never" else int(self.days.data)


class RevokeTokenForm(GawahiForm):
    """Revoking a token: a button (and its CSRF token)."""


class AuditFilterForm(TranslatedForm):
    """The audit log's filters, read from the query string (no CSRF: reading changes nothing)."""

    actor = line(_l("Who"), limit=SHORT_LIMIT, hint=False)
    action = SelectField(_l("What"), default="")
    since = line(_l("From (YYYY-MM-DD)"), DATE, limit=SHORT_LIMIT, hint=False)
    until = line(_l("Until (YYYY-MM-DD)"), DATE, limit=SHORT_LIMIT, hint=False)
