"""Two-factor sign-in: the code step after the password, enrolment, turning off, admin reset.

The half-signed-in state is one session key, PENDING: the account's id and password stamp, where
to go next, and an expiry. No one is signed in until the code step passes. A session that passed
it, or turned the second factor on, carries PASSED; a session of an enrolled account without it
began before the second factor was turned on, and is ended. Accounts whose role is listed in
TWO_FACTOR_ROLES can open nothing but the enrolment page (and sign out) until enrolled.
"""

from __future__ import annotations

import time
from typing import Any

import segno
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
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

import archive
from archive import two_factor, users
from archive.messages import N_
from forms.common import translated
from forms.two_factor import CodeForm, DisableForm, EnrolForm, RecoveryCodesForm, ResetForm

from . import accounts
from .access import current_actor, role_required
from .errors import wants_json
from .store import get_db
from .wording import say, store_said

bp = Blueprint("two_factor", __name__)

PENDING = "two_factor_pending"
PASSED = "two_factor_passed"
ENROLLING = "two_factor_secret"
PENDING_SECONDS = 300
DEFAULT_REQUIRED_ROLES = "reviewer,admin"
# What an account that must enrol may still open.
WHILE_ENROLLING = {"static", "accounts.sign_out", "two_factor.manage", "two_factor.enrol"}
REFUSED = {
    "wrong": _l(
        "That code is not right. Type the six digits your app shows now, or an unused "
        "recovery code."
    ),
    "reused": _l(
        "That code has just been used. Wait for the app to show the next one (at most 30 "
        "seconds), then type it."
    ),
}


def required_roles() -> set[str]:
    """The roles that must sign in with a second factor (the TWO_FACTOR_ROLES setting)."""
    setting = current_app.config["TWO_FACTOR_ROLES"]
    names = setting.split(",") if isinstance(setting, str) else setting
    return {name.strip() for name in names if name.strip()}


def second_step_needed(row: dict[str, Any]) -> bool:
    """True when the account has a second factor, so a code is asked for after the password."""
    return two_factor.is_enrolled(get_db(), row["user_id"])


def ask_for_code(row: dict[str, Any], next_url: str | None):
    """Remember who gave the right password, for a few minutes, and ask for their code."""
    accounts.fresh_session()
    session[PENDING] = {
        "user_id": row["user_id"],
        "stamp": row["password_changed_at"],
        "until": time.time() + PENDING_SECONDS,
        "next": next_url or "",
    }
    return redirect(url_for("two_factor.code"))


def pending_account() -> dict[str, Any] | None:
    """The account waiting for its code step, while the wait has not expired."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or pending.get("until", 0) < time.time():
        return None
    row = users.get_user_by_id(get_db(), pending["user_id"])
    if row is None or not row["active"] or row["password_changed_at"] != pending["stamp"]:
        return None
    # Reset by an administrator meanwhile: the password step is to be taken again.
    return row if second_step_needed(row) else None


def _code_page(form: CodeForm, status: int = 200):
    return render_template("two_factor/code.html", form=form), status


@bp.route("/sign-in/code", methods=["GET", "POST"])
def code():
    """The second step of signing in: a code from the app or a recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    row = pending_account()
    if row is None:
        session.pop(PENDING, None)
        flash(_("Sign in again: the code must be given within five minutes of the password."))
        return redirect(url_for("accounts.sign_in"))
    form = CodeForm()
    if not form.validate_on_submit():
        return _code_page(form, 400 if form.is_submitted() else 200)
    db, username = get_db(), row["username"]
    wait = accounts.sign_in_wait(username)
    if wait is not None:
        return accounts.refuse_throttled(
            form.code.errors, username, wait, lambda: _code_page(form)[0]
        )
    verdict = two_factor.check_code(db, username, form.code.data)
    if verdict in REFUSED:
        form.code.errors.append(str(REFUSED[verdict]))
        return _code_page(form, 401)
    next_url = session[PENDING]["next"]
    finish_sign_in(row)
    if verdict == "recovery":
        left = two_factor.recovery_codes_left(db, username)
        flash(_("You signed in with a recovery code; it will not work again. %(left)d left. "
                "Make new ones from “Two-factor sign-in” if you are running out.",
                left=left))  # fmt: skip
    return redirect(accounts.safe_next(next_url))


def finish_sign_in(row: dict[str, Any]) -> None:
    """Start the session of an account that passed both steps."""
    accounts.start_session(row)
    session[PASSED] = True


def qr_code(uri: str) -> str:
    """The QR code of `uri` as an SVG data URI, drawn here (no third party sees the secret)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def _manage_page(status: int = 200, **forms: Any):
    """The settings page: enrolment when off; new recovery codes or turning off when on."""
    db, user_id = get_db(), current_user.user_id
    required = current_user.role in required_roles()
    if two_factor.is_enrolled(db, user_id):
        forms = {"disable_form": DisableForm(), "codes_form": RecoveryCodesForm(), **forms}
        left = two_factor.recovery_codes_left(db, current_user.username)
        return render_template(
            "two_factor/manage.html", enrolled=True, required=required, left=left, **forms
        ), status
    secret = session.get(ENROLLING) or two_factor.new_secret()
    session[ENROLLING] = secret
    uri = two_factor.provisioning_uri(secret, current_user.username)
    return render_template(
        "two_factor/manage.html", enrolled=False, required=required, qr=qr_code(uri),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        form=forms.get("form") or EnrolForm(),
    ), status  # fmt: skip


@bp.get("/account/two-factor", endpoint="manage")
@role_required("reader")
def manage():
    """Set up two-factor sign-in, or see it is on: new recovery codes, or turn it off."""
    return _manage_page()


@bp.post("/account/two-factor/enrol")
@role_required("reader")
def enrol():
    """Turn two-factor sign-in on with a first code; the recovery codes are shown once."""
    form = EnrolForm()
    if two_factor.is_enrolled(get_db(), current_user.user_id):
        flash(_("Two-factor sign-in is already on."))
        return redirect(url_for("two_factor.manage"), 303)
    if session.get(ENROLLING) is None:
        flash(_("That set-up had expired: scan this new code instead."), "error")
        return redirect(url_for("two_factor.manage"), 303)
    if not form.validate_on_submit():
        return _manage_page(400, form=form)
    try:
        codes = two_factor.enrol(get_db(), current_user.username, session[ENROLLING],
                                 form.code.data)  # fmt: skip
    except archive.InvalidRecord as error:
        form.add_errors(error.errors)
        return _manage_page(400, form=form)
    session.pop(ENROLLING)
    session[PASSED] = True
    return render_template("two_factor/recovery_codes.html", codes=codes, first=True)


@bp.post("/account/two-factor/recovery-codes")
@role_required("reader")
def recovery_codes():
    """Ten new recovery codes against a current code; the old ones stop working."""
    form = RecoveryCodesForm()
    if not two_factor.is_enrolled(get_db(), current_user.user_id):
        return _not_on()
    if form.validate_on_submit():
        db, username = get_db(), current_user.username
        verdict = two_factor.check_code(db, username, form.code.data)
        if verdict not in REFUSED:
            codes = two_factor.new_recovery_codes(db, username)
            return render_template("two_factor/recovery_codes.html", codes=codes, first=False)
        form.code.errors.append(str(REFUSED[verdict]))
    return _manage_page(400, codes_form=form)


@bp.post("/account/two-factor/disable")
@role_required("reader")
def disable():
    """Turn two-factor sign-in off with the password and a code, unless the role requires it."""
    if current_user.role in required_roles():
        message = _(
            "Your role (%(role)s) must sign in with a second factor, so it cannot be "
            "turned off. Nothing was changed.",
            role=translated(current_user.role),
        )
        abort(403, description=message)
    form = DisableForm()
    if not two_factor.is_enrolled(get_db(), current_user.user_id):
        return _not_on()
    if form.validate_on_submit():
        db, username = get_db(), current_user.username
        if users.authenticate(db, username, form.password.data) is None:
            form.password.errors.append(_("That is not your password."))
        elif (verdict := two_factor.check_code(db, username, form.code.data)) in REFUSED:
            form.code.errors.append(str(REFUSED[verdict]))
        else:
            two_factor.turn_off(db, username, username)
            session.pop(PASSED, None)
            flash(_("Two-factor sign-in is off. Signing in now asks for your password only."))
            return redirect(url_for("two_factor.manage"), 303)
    return _manage_page(400, disable_form=form)


def _not_on():
    """A form for an enrolled account sent after it was turned off (in another tab, or reset)."""
    flash(_("Two-factor sign-in is not on for your account, so nothing was changed."), "error")
    return redirect(url_for("two_factor.manage"), 303)


@bp.post("/admin/users/<username>/two-factor")
@role_required("admin")
def reset(username: str):
    """An administrator removes someone's second factor (a lost phone); audited."""
    if not ResetForm().validate_on_submit():
        flash(_("That reset could not be read; nothing was changed."), "error")
        return redirect(url_for("admin.users"), 303)
    try:
        done = two_factor.reset(get_db(), username, current_actor())
    except archive.NotFound as error:
        flash(store_said(error.args[0]), "error")
    else:
        message = (
            N_("%(name)s signs in with a password only until they set up two-factor sign-in again.")
            if done
            else N_("%(name)s had no second factor.")
        )
        flash(say(message, {"name": username}))
    return redirect(url_for("admin.users"), 303)


def enforce():
    """Before every request: end sessions that skipped the code; hold back those who must enrol."""
    if not current_user.is_authenticated or request.endpoint == "static":
        return None
    enrolled = current_user.two_factor  # read with the session, one query less a page
    if enrolled is None:
        enrolled = two_factor.is_enrolled(get_db(), current_user.user_id)
    if enrolled:
        if session.get(PASSED):
            return None
        accounts.end_session()  # on the server too: the cookie's copies stop working
        flash(_("Two-factor sign-in is now on for your account: sign in again with a code."))
        return redirect(url_for("accounts.sign_in"))
    if request.endpoint in WHILE_ENROLLING or current_user.role not in required_roles():
        return None
    message = _(
        "Your role (%(role)s) signs in with a second factor: set it up first.",
        role=translated(current_user.role),
    )
    if wants_json():
        abort(403, description=message)
    flash(message)
    return redirect(url_for("two_factor.manage"))


def init_app(app: Flask) -> None:
    """The TWO_FACTOR_ROLES setting and the check in front of every view."""
    app.config.setdefault("TWO_FACTOR_ROLES", DEFAULT_REQUIRED_ROLES)
    app.before_request(enforce)
