"""Signing in (slowed after failures) and out, one's sessions, one's password, the set-up link.

Sessions are kept on the server (archive/sessions.py): Flask-Login's cookie value is only the
session's random token, so ending the session on the server signs out every copy of the cookie.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import click
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

import archive
from archive import audit, sessions, throttle, users
from forms.accounts import PasswordForm, SetupForm, SignInForm

from . import serving
from .i18n import CHOSEN
from .store import get_db
from .wording import content, store_said

log = logging.getLogger(__name__)

bp = Blueprint("accounts", __name__)
login_manager = LoginManager()

THROTTLED = {
    False: _l(
        "Too many failed sign-ins for this account from your address. Wait %(wait)s, then try "
        "again; each further wrong password makes the wait longer (up to %(cap)s). An "
        "administrator can see these attempts in the audit log."
    ),
    True: _l(
        "Too many failed sign-ins from your address. Wait %(wait)s, then try again; each "
        "further wrong password makes the wait longer (up to %(cap)s). An administrator can see "
        "these attempts in the audit log."
    ),
}


class User(UserMixin):
    """The signed-in account, read afresh from its server-side session on every request."""

    def __init__(self, row: dict[str, Any], token: str):
        self.user_id = row["user_id"]
        self.username = row["username"]
        self.role = row["role"]
        self.active = bool(row["active"])
        self.language = row.get("language")
        self.session_id = row["session_id"]
        # Whether the account has two-factor sign-in on, as read with the session (None: ask).
        self.two_factor: bool | None = None if "two_factor" not in row else bool(row["two_factor"])
        self._token = token

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        # Flask-Login keeps this in the cookie: only the random token, never the account's id.
        return self._token


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The account whose live server-side session holds `token`; None once it has ended."""
    db = get_db()
    row = sessions.find(db, token, current_app.permanent_session_lifetime)
    if row is None:
        return None
    g.session_touched = sessions.touch(db, row, request.remote_addr or "")
    return User(row, token)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie (form tokens, messages, the session token), Secure over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def open_session(self, app: Flask, request):
        # The API authenticates with a token alone: a browser's session (and so a page on
        # another site making the browser call the API) is never signed in there.
        if request.path.startswith("/api/"):
            return self.session_class()
        return super().open_session(app, request)

    def should_set_cookie(self, app: Flask, session) -> bool:
        # A signed-in cookie is sent again when its server-side session's idle time starts anew
        # (sessions.touch, at most once a minute), not on every page: signing it costs each page,
        # and both then end an idle sign-in at the same moment (the cookie's Expires and its
        # signature's age count from the same touch as the server's last_seen_at).
        if session.modified:
            return True
        refreshes = session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]
        return bool(refreshes and g.get("session_touched"))

    def save_session(self, app: Flask, session, response) -> None:
        if request.path.startswith("/api/"):
            return  # and sets no cookie
        super().save_session(app, session, response)


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
    """Sign `row` in: a new server-side session, its random token alone in the cookie; audited."""
    db, lifetime = get_db(), current_app.permanent_session_lifetime
    sessions.end_idle(db, lifetime)
    token, session_id = sessions.start(
        db, row, request.remote_addr or "", request.user_agent.string
    )
    fresh_session()
    session.permanent = True
    login_user(User({**row, "session_id": session_id}, token))


def end_session() -> None:
    """Sign out this browser: its server-side session ends, so a copy of the cookie is useless."""
    sessions.end(get_db(), current_user.session_id, "sign_out", current_user.username)
    language = chosen_language()
    logout_user()
    fresh_session(language)


def chosen_language() -> str | None:
    """The language the account or, before signing in, the visitor chose; None: the browser's."""
    account = current_user.language if current_user.is_authenticated else None
    return account or session.get(CHOSEN)


def fresh_session(language: str | None = None) -> None:
    """Empty the browser's session (a new sign-in, a sign-out), keeping the language chosen,
    so the next page is read in it too."""
    language = language or chosen_language()
    session.clear()
    if language:
        session[CHOSEN] = language


def throttle_policy() -> throttle.Policy:
    """The sign-in throttle's settings, from the app's configuration."""
    config = current_app.config
    return throttle.Policy(
        free_failures=config["SIGN_IN_FREE_FAILURES"],
        free_failures_per_address=config["SIGN_IN_FREE_FAILURES_PER_ADDRESS"],
        first_delay_seconds=config["SIGN_IN_FIRST_DELAY_SECONDS"],
        max_delay_seconds=config["SIGN_IN_MAX_DELAY_MINUTES"] * 60,
        window_hours=config["SIGN_IN_WINDOW_HOURS"],
    )


def sign_in_wait(username: str) -> throttle.Wait | None:
    """How long this account must wait from this address before another try, or None."""
    return throttle.wait_before_sign_in(
        get_db(), username, request.remote_addr or "", throttle_policy()
    )


def describe_wait(seconds: int) -> str:
    """A wait in plain words: '45 seconds', '2 minutes' (rounded up)."""
    if seconds < 90:
        return ngettext("%(num)d second", "%(num)d seconds", seconds)
    return ngettext("%(num)d minute", "%(num)d minutes", math.ceil(seconds / 60))


def refuse_throttled(
    errors: list[str], username: str, wait: throttle.Wait, render: Callable[[], str]
):
    """The form again (`render`), the wait said plainly in the field's `errors`; audited, 429."""
    audit.record(get_db(), "sign_in_throttled", username, username,
                 {"wait_seconds": wait.seconds}, address=request.remote_addr)  # fmt: skip
    log.warning("Sign-in refused for %r from %s for %s s: too many failures", username,
                request.remote_addr, wait.seconds)  # fmt: skip
    cap = describe_wait(throttle_policy().max_delay_seconds)
    errors.append(THROTTLED[wait.per_address] % {"wait": describe_wait(wait.seconds), "cap": cap})
    return render(), 429, {"Retry-After": str(wait.seconds)}


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """The sign-in form; the only page anonymous visitors see."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = SignInForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("accounts/sign_in.html", form=form)
    db, username = get_db(), form.username.data.strip()
    wait = sign_in_wait(username)
    if wait is not None:
        return refuse_throttled(
            form.password.errors,
            username,
            wait,
            lambda: render_template("accounts/sign_in.html", form=form),
        )
    row = users.authenticate(db, username, form.password.data)
    if row is None:
        audit.record(db, "sign_in_failed", username, username, address=request.remote_addr)
        log.warning("Failed sign-in for %r from %s", username, request.remote_addr)
        form.password.errors.append(_("That username and password do not match an active account."))
        return render_template("accounts/sign_in.html", form=form), 401
    from .two_factor import ask_for_code, second_step_needed  # (it imports this module)

    if second_step_needed(row):
        return ask_for_code(row, form.next.data)
    start_session(row)
    return redirect(safe_next(form.next.data))


@bp.post("/sign-out")
def sign_out():
    """End this browser's session."""
    end_session()
    flash(_("You are signed out."))
    return redirect(url_for("accounts.sign_in"))


@bp.post("/sign-out/everywhere")
def sign_out_everywhere():
    """End every session of the signed-in account, on every browser, this one included."""
    ended = sessions.end_all(get_db(), current_user.user_id, "everywhere", current_user.username)
    language = chosen_language()
    logout_user()
    fresh_session(language)
    flash(ngettext("You are signed out everywhere (%(num)d session ended).",
                   "You are signed out everywhere (%(num)d sessions ended).", ended))  # fmt: skip
    return redirect(url_for("accounts.sign_in"))


@bp.get("/account/sessions", endpoint="sessions")
def own_sessions():
    """One's own sessions in use (started, last seen, address, browser), to sign out of all."""
    rows = sessions.active(get_db(), current_user.user_id, current_app.permanent_session_lifetime)
    return render_template("accounts/sessions.html", sessions=rows)


@bp.route("/account/password", methods=["GET", "POST"])
def password():
    """Change one's own password (the current one is asked for again); other sessions end."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            users.change_password(
                get_db(), current_user.username, form.current_password.data,
                form.new_password.data, keep_session=current_user.session_id,
            )  # fmt: skip
        except archive.InvalidRecord as error:
            form.add_errors({name: store_said(m) for name, m in error.errors.items()})
        else:
            flash(_("Your password is changed; other sessions of yours are signed out."))
            return redirect(url_for("home.index"))
    return render_template("accounts/password.html", form=form)


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    """The one-time link printed on first start: the first administrator picks name and password."""
    db = get_db()
    if not users.setup_token_valid(db, token):
        abort(404, description=_("This set-up link has been used or replaced. Sign in instead."))
    form = SetupForm()
    if form.validate_on_submit():
        try:
            users.create_first_admin(db, token, form.username.data, form.password.data)
        except archive.InvalidRecord as error:
            form.add_errors({name: store_said(m) for name, m in error.errors.items()})
        else:
            start_session(users.get_user(db, form.username.data))
            flash(_("Welcome. You are the archive's first administrator."))
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
    if not started_as_server() or not serving.does_start_work(app):
        return  # a server's workers: the start logged it, once, before them
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
    """Sessions, Flask-Login, the first-start link, and the `content` filter for names."""
    defaults = throttle.Policy()
    app.config.setdefault("SIGN_IN_FREE_FAILURES", defaults.free_failures)
    app.config.setdefault("SIGN_IN_FREE_FAILURES_PER_ADDRESS", defaults.free_failures_per_address)
    app.config.setdefault("SIGN_IN_FIRST_DELAY_SECONDS", defaults.first_delay_seconds)
    app.config.setdefault("SIGN_IN_MAX_DELAY_MINUTES", defaults.max_delay_seconds // 60)
    app.config.setdefault("SIGN_IN_WINDOW_HOURS", defaults.window_hours)
    app.session_interface = SessionInterface()
    login_manager.init_app(app)
    app.add_template_filter(content)
    announce_setup_link(app)
