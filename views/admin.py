"""Administration: staff accounts, their roles and sessions, the audit log (read-only,
filterable), and the integrity check (`flask verify` on a page)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

import archive
import index as search_index
from archive import audit, sessions, two_factor, users
from archive.messages import N_
from archive.verify import verify as verify_archive
from forms.accounts import ActiveForm, AuditFilterForm, NewUserForm, RoleForm, SelectChoice
from forms.common import translated

from .access import current_actor, role_required
from .entries import page_number
from .search_index import get_ix
from .store import get_db
from .wording import say, store_said

bp = Blueprint("admin", __name__, url_prefix="/admin")


def users_page(new_user: NewUserForm | None = None, status: int = 200):
    """The accounts, each with its role and active forms, and the form for a new one."""
    db = get_db()
    accounts = users.list_users(db)
    in_use = sessions.count_active(db, current_app.permanent_session_lifetime)
    forms = {
        row["username"]: (RoleForm(prefix=f"r{row['user_id']}", role=row["role"]),
                          ActiveForm(prefix=f"a{row['user_id']}", active="0" if row["active"]
                                     else "1"))
        for row in accounts
    }  # fmt: skip
    return render_template(
        "admin/users.html", accounts=accounts, forms=forms, in_use=in_use,
        new_user=new_user or NewUserForm(), two_factor_on=two_factor.enrolled_user_ids(get_db()),
    ), status  # fmt: skip


@bp.get("/users", endpoint="users")
@role_required("admin")
def users_list():
    """Every account, with its role and whether it may sign in."""
    return users_page()


@bp.post("/users")
@role_required("admin")
def create_user():
    """Create an account with a first password and a role."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            users.add_user(get_db(), form.username.data, form.password.data, form.role.data,
                           current_actor())  # fmt: skip
        except archive.InvalidRecord as error:
            form.add_errors({name: store_said(m) for name, m in error.errors.items()})
        else:
            name, role = form.username.data.strip(), translated(form.role.data)
            flash(say(N_("%(name)s can now sign in as %(role)s."), {"name": name}, role=role))
            return redirect(url_for("admin.users"))
    return users_page(form, 400)


def _account_change(username: str, form, change) -> object:
    if not form.validate_on_submit():
        flash(_("That change could not be read; nothing was changed."), "error")
        return redirect(url_for("admin.users"), 303)
    try:
        change()
    except archive.NotFound as error:
        flash(store_said(error.args[0]), "error")
    except archive.InvalidRecord as error:
        flash(Markup(" ").join(store_said(message) for message in error.errors.values()), "error")
    else:
        flash(say(N_("%(name)s is updated."), {"name": username}))
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<username>/role")
@role_required("admin")
def set_role(username: str):
    """Give an account another role."""
    prefix = _prefix(username, "r")
    form = RoleForm(prefix=prefix)
    return _account_change(
        username, form, lambda: users.set_role(get_db(), username, form.role.data, current_actor())
    )


@bp.post("/users/<username>/active")
@role_required("admin")
def set_active(username: str):
    """Deactivate an account (it can no longer sign in) or reactivate it."""
    form = ActiveForm(prefix=_prefix(username, "a"))
    active = form.active.data == "1"
    return _account_change(
        username, form, lambda: users.set_active(get_db(), username, active, current_actor())
    )


def _prefix(username: str, kind: str) -> str:
    try:
        return f"{kind}{users.get_user(get_db(), username)['user_id']}"
    except archive.NotFound:
        return kind


@bp.get("/users/<username>/sessions")
@role_required("admin")
def user_sessions(username: str):
    """An account's sessions in use: started, last seen, address and browser, each to end."""
    account = _account_or_404(username)
    lifetime = current_app.permanent_session_lifetime
    rows = sessions.active(get_db(), account["user_id"], lifetime)
    return render_template("admin/user_sessions.html", account=account, sessions=rows)


def _sessions_page(username: str):
    return redirect(url_for("admin.user_sessions", username=username), 303)


@bp.post("/users/<username>/sessions/<int:session_id>/end")
@role_required("admin")
def end_session(username: str, session_id: int):
    """End one session of an account: that browser is signed out on its next request."""
    db = get_db()
    account = _account_or_none(username)
    if account and sessions.end(db, session_id, "admin", current_actor(), account["user_id"]):
        flash(say(N_("That session of %(name)s is ended."), {"name": account["username"]}))
    else:
        flash(_("That session had already ended; nothing was changed."), "error")
    return _sessions_page(username)


@bp.post("/users/<username>/sessions/end")
@role_required("admin")
def end_all_sessions(username: str):
    """End every session of an account (it may sign in again unless deactivated)."""
    account = _account_or_404(username)
    ended = sessions.end_all(get_db(), account["user_id"], "admin", current_actor())
    flash(say(N_("%(name)s is signed out everywhere (%(count)d ended)."),
              {"name": account["username"]}, count=ended))  # fmt: skip
    return _sessions_page(username)


def _account_or_none(username: str) -> dict | None:
    try:
        return users.get_user(get_db(), username)
    except archive.NotFound:
        return None


def _account_or_404(username: str) -> dict:
    account = _account_or_none(username)
    if account is None:
        abort(404, description=say(N_("There is no user %(name)s."), {"name": username}))
    return account


@bp.get("/audit", endpoint="audit")
@role_required("admin")
def audit_log():
    """The audit log, newest first, filtered by who, what and when."""
    db = get_db()
    form = AuditFilterForm(request.args)
    form.action.choices = [
        SelectChoice("", _("Anything")),
        *(SelectChoice(code, translated(label)) for code, label in audit.ACTIONS.items()),
    ]
    filters = audit.AuditFilters(page=page_number())
    if form.validate():
        filters.actor, filters.action = (form.actor.data or "").strip(), form.action.data or ""
        filters.since, filters.until = form.since.data or "", form.until.data or ""
    events, total = audit.events(db, filters)
    return render_template(
        "admin/audit.html", form=form, events=events, total=total, page=filters.page,
        pages=max(1, -(-total // filters.per_page)), actions=audit.ACTIONS,
    )  # fmt: skip


@bp.route("/verify", methods=["GET", "POST"], endpoint="verify")
@role_required("admin")
def verify():
    """Check the archive against its revisions and hash chains when asked; the check is audited."""
    if request.method == "GET":
        return render_template("admin/verify.html", report=None)
    db = get_db()
    report = verify_archive(db, limit=20)
    report.add(search_index.check(get_ix().ix, db).problems())
    found = len(report.problems) + report.more
    # The audit row says the result in English, as every row does; the page in the reader's.
    result = "OK" if report.ok else f"{found} problem{'s' if found > 1 else ''}"
    audit.record(db, "verify", current_actor(), "archive", {"result": result})
    return render_template("admin/verify.html", report=report, found=found)
