"""`flask users ...`: create accounts (the first administrator too), list them, change roles."""

from __future__ import annotations

import getpass

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

import archive
from archive import audit, two_factor, users
from forms.common import translated
from views.store import get_db


def console_actor() -> str:
    """Who ran the command, as recorded in revisions and the audit log."""
    try:
        return f"console:{getpass.getuser()}"
    except (KeyError, OSError):
        return "console"


def _db():
    db = get_db()
    audit.set_address(db, "console")
    return db


@click.group("users")
def users_cli() -> None:
    """Manage staff accounts: create, list, set-role, deactivate, set-password, reset-two-factor."""


@users_cli.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(users.ROLES), default="reader", show_default=True,
              help="What the account may do.")  # fmt: skip
@click.password_option(help="Asked for (twice) when not given; never a default one.")
@with_appcontext
def create_user(name: str, role: str, password: str) -> None:
    """Create an account NAME with a role; the password is asked for at the prompt."""
    try:
        users.add_user(_db(), name, password, role, console_actor())
    except archive.InvalidRecord as error:
        raise click.ClickException(refusal(error)) from None
    click.echo(_("%(name)s can now sign in as %(role)s.", name=name, role=translated(role)))


@users_cli.command("list")
@with_appcontext
def list_users() -> None:
    """Print every account: name, role, and whether it may sign in."""
    for row in users.list_users(_db()):
        state = _("active") if row["active"] else _("deactivated")
        click.echo(f"{row['username']}\t{row['role']}\t{state}")  # the role as commands take it


@users_cli.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(users.ROLES))
@with_appcontext
def set_role(name: str, role: str) -> None:
    """Give account NAME another ROLE."""
    _change(lambda db: users.set_role(db, name, role, console_actor()))
    click.echo(_("%(name)s is now %(role)s.", name=name, role=translated(role)))


@users_cli.command("deactivate")
@click.argument("name")
@with_appcontext
def deactivate(name: str) -> None:
    """Stop account NAME from signing in (its record and history stay)."""
    _change(lambda db: users.set_active(db, name, False, console_actor()))
    click.echo(_("%(name)s can no longer sign in.", name=name))


@users_cli.command("set-password")
@click.argument("name")
@click.password_option(help="Asked for (twice) when not given.")
@with_appcontext
def set_password(name: str, password: str) -> None:
    """Give account NAME a new password (for someone who forgot theirs)."""
    _change(lambda db: users.set_password(db, name, password, console_actor()))
    click.echo(_("%(name)s has a new password; their sessions are signed out.", name=name))


@users_cli.command("reset-two-factor")
@click.argument("name")
@with_appcontext
def reset_two_factor(name: str) -> None:
    """Remove account NAME's second factor (a lost phone); they set it up again."""
    try:
        done = two_factor.reset(_db(), name, console_actor())
    except archive.NotFound as error:
        raise click.ClickException(refusal(error)) from None
    if done:
        click.echo(_("%(name)s's second factor is removed.", name=name))
    else:
        click.echo(_("%(name)s had no second factor.", name=name))


def refusal(error: archive.ArchiveError) -> str:
    """What the store refused, in the console's language."""
    if isinstance(error, archive.InvalidRecord):
        return " ".join(translated(message) for message in error.errors.values())
    return translated(error.args[0]) if error.args else str(error)


def _change(change) -> None:
    try:
        change(_db())
    except (archive.InvalidRecord, archive.NotFound) as error:
        raise click.ClickException(refusal(error)) from None
