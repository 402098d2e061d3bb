"""Signing in and out, changing one's password, and the first administrator's set-up link."""

from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import urlsplit

import click
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

import archive
from archive import audit, users
from forms.accounts import PasswordForm, SetupForm, SignInForm

from .store import get_db

log = logging.getLogger(__name__)

bp = Blueprint("accounts", __name__)
login_manager = LoginManager()

THROTTLED = (
    "Too many failed sign-ins for this account or from this address. Wait {minutes} minutes, "
    "then try again; an administrator can see these attempts in the audit log."
)


class User(UserMixin):
    """The signed-in account, read afresh from the store on every request."""

    def __init__(self, row: dict[str, Any]):
        self.user_id = row["user_id"]
        self.username = row["username"]
        self.role = row["role"]
        self.active = bool(row["active"])
        self.password_changed_at = row["password_changed_at"]

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        # Changing the password changes the id, which ends every other session.
        return f"{self.user_id}:{self.password_changed_at}"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The account a session belongs to, if it is still active with the same password."""
    user_id, _, changed_at = session_id.partition(":")
    row = users.get_user_by_id(get_db(), int(user_id)) if user_id.isdigit() else None
    if row is None or not row["active"] or row["password_changed_at"] != changed_at:
        return None
    return User(row)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the Secure flag whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def safe_next(target: str | None) -> str:
    """A local path to return to after signing in; anything else goes home.

    Browsers drop tabs and newlines and read a backslash as a slash, so "/\t/evil.example"
    would leave the site: such targets, and any with a scheme or host, go home instead.
    """
    home = url_for("home.index")
    if not target or any(ord(char) < 32 or char in "\\ \x7f" for char in target):
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return home
    return target


def start_session(row: dict[str, Any]) -> None:
    """Sign `row` in: a fresh permanent session, expiring after inactivity; audited."""
    session.clear()
    session.permanent = True
    login_user(User(row))
    audit.record(get_db(), "sign_in", row["username"], row["username"], address=request.remote_addr)


def throttled(username: str) -> bool:
    """True when too many sign-ins failed lately for this account or from this address."""
    config, db = current_app.config, get_db()
    minutes = config["SIGN_IN_WINDOW_MINUTES"]
    per_account = audit.recent_failures(db, minutes, username=username)
    per_address = audit.recent_failures(db, minutes, address=request.remote_addr or "")
    return (
        per_account >= config["SIGN_IN_FAILURES_PER_ACCOUNT"]
        or per_address >= config["SIGN_IN_FAILURES_PER_ADDRESS"]
    )


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """The sign-in form; the only page anonymous visitors see."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = SignInForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("accounts/sign_in.html", form=form)
    db, username = get_db(), form.username.data.strip()
    if throttled(username):
        audit.record(db, "sign_in_throttled", username, username, address=request.remote_addr)
        log.warning("Sign-in refused for %r from %s: too many failures", username,
                    request.remote_addr)  # fmt: skip
        minutes = current_app.config["SIGN_IN_WINDOW_MINUTES"]
        form.password.errors.append(THROTTLED.format(minutes=minutes))
        return render_template("accounts/sign_in.html", form=form), 429
    row = users.authenticate(db, username, form.password.data)
    if row is None:
        audit.record(db, "sign_in_failed", username, username, address=request.remote_addr)
        log.warning("Failed sign-in for %r from %s", username, request.remote_addr)
        form.password.errors.append("That username and password do not match an active account.")
        return render_template("accounts/sign_in.html", form=form), 401
    start_session(row)
    return redirect(safe_next(form.next.data))


@bp.post("/sign-out")
def sign_out():
    """End the session."""
    audit.record(get_db(), "sign_out", current_user.username, current_user.username)
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
def password():
    """Change one's own password (the current one is asked for again)."""
    form = PasswordForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            users.change_password(
                db, current_user.username, form.current_password.data, form.new_password.data
            )
        except archive.InvalidRecord as error:
            form.add_errors(error.errors)
        else:
            # The new password changed the session id: carry this session over to it.
            login_user(User(users.get_user(db, current_user.username)))
            flash("Your password is changed; other sessions of yours are signed out.")
            return redirect(url_for("home.index"))
    return render_template("accounts/password.html", form=form)


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    """The one-time link printed on first start: the first administrator picks name and password."""
    db = get_db()
    if not users.setup_token_valid(db, token):
        abort(404, description="This set-up link has been used or replaced. Sign in instead.")
    form = SetupForm()
    if form.validate_on_submit():
        try:
            users.create_first_admin(db, token, form.username.data, form.password.data)
        except archive.InvalidRecord as error:
            form.add_errors(error.errors)
        else:
            start_session(users.get_user(db, form.username.data))
            flash("Welcome. You are the archive's first administrator.")
            return redirect(url_for("admin.users"))
    return render_template("accounts/setup.html", form=form)


def started_as_server() -> bool:
    """True unless a `flask` command other than `run` (users, index, ...) loaded the app."""
    context = click.get_current_context(silent=True)
    return context is None or context.command.name == "run"


def announce_setup_link(app: Flask) -> None:
    """On a server start with no user, log a one-time link for creating the first administrator.

    Only a server start makes one: each link replaces the one before, so a `flask users list`
    run before the first administrator exists must not silently spend the link the server
    printed.
    """
    if not started_as_server():
        return
    db = archive.open_db(app.config["DATABASE"])
    try:
        token = users.issue_setup_token(db)
    finally:
        db.close()
    if token:
        host = os.environ.get("HOST", "127.0.0.1")
        port = os.environ.get("PORT", "5000")
        log.warning(
            "No user yet. Create the first administrator at this one-time link: "
            "http://%s:%s/setup/%s (or run: flask users create NAME --role admin)",
            host, port, token,
        )  # fmt: skip


def init_app(app: Flask) -> None:
    """Sessions, Flask-Login and the first-start link."""
    app.config.setdefault("SIGN_IN_WINDOW_MINUTES", 15)
    app.config.setdefault("SIGN_IN_FAILURES_PER_ACCOUNT", 5)
    app.config.setdefault("SIGN_IN_FAILURES_PER_ADDRESS", 20)
    app.session_interface = SessionInterface()
    login_manager.init_app(app)
    announce_setup_link(app)
