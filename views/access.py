"""Who is asking and what they may do: the one place views ask about the current user.

`ACCESS` classifies every endpoint by the lowest role that may reach it; the guard installed by
`init_app` enforces it before any view runs, and `role_required` repeats the check on the view
itself. An endpoint missing from the table is treated as admin-only (and fails the route test):
add each new endpoint here, in one line.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from archive.users import ROLES, role_at_least
from forms.common import translated

ANYONE = "anyone"
# Reached only with an API token, never with the session cookie; the API checks the token's
# role itself (views/api/base.py `operation`), so the guard leaves these to it.
TOKEN = "api token"

# Endpoint -> lowest role allowed (reader < documenter < reviewer < admin), or ANYONE.
ACCESS: dict[str, str] = {
    "static": ANYONE,
    "accounts.sign_in": ANYONE,
    "accounts.setup": ANYONE,
    "i18n.switch": ANYONE,
    "accounts.sign_out": "reader",
    "accounts.sign_out_everywhere": "reader",
    "accounts.sessions": "reader",
    "accounts.password": "reader",
    "home.index": "reader",
    "abuses.index": "reader",
    "abuses.show": "reader",
    "abuses.history": "reader",
    "claims.index": "reader",
    "claims.show": "reader",
    "claims.history": "reader",
    "sources.index": "reader",
    "sources.show": "reader",
    "sources.history": "reader",
    "sources.download": "reader",
    "sources.new": "documenter",
    "imports.upload": "documenter",
    "imports.mapping": "documenter",
    "imports.report": "documenter",
    "imports.report_csv": "documenter",
    "imports.run": "documenter",
    "imports.progress": "documenter",
    "imports.status": "documenter",
    "sources.edit": "documenter",
    "sources.lookup": "documenter",
    "intake.review": "documenter",
    "intake.decide": "documenter",
    "sources.merge": "reviewer",
    "sources.retract": "reviewer",
    "abuses.new": "documenter",
    "abuses.edit": "documenter",
    "abuses.retract": "documenter",
    "abuses.fate": "documenter",
    "abuses.withdraw_fate": "documenter",
    "claims.new": "documenter",
    "claims.edit": "documenter",
    "claims.retract": "documenter",
    "abuses.link": "documenter",
    "abuses.unlink": "documenter",
    "claims.link": "documenter",
    "claims.unlink": "documenter",
    "exports.download": "reader",
    "search.results": "reader",
    "patterns.charts": "reader",
    "patterns.download": "reader",
    "patterns.summary": "reader",
    "admin.users": "admin",
    "admin.create_user": "admin",
    "admin.set_role": "admin",
    "admin.set_active": "admin",
    "admin.user_sessions": "admin",
    "admin.end_session": "admin",
    "admin.end_all_sessions": "admin",
    "admin.audit": "admin",
    "reference.index": "admin",
    "reference.list": "admin",
    "reference.add": "admin",
    "reference.edit": "admin",
    "two_factor.code": ANYONE,
    "two_factor.manage": "reader",
    "two_factor.enrol": "reader",
    "two_factor.disable": "reader",
    "two_factor.recovery_codes": "reader",
    "two_factor.reset": "admin",
    "admin.verify": "admin",
    "tokens.index": "reader",
    "tokens.revoke": "reader",
    "api.openapi": ANYONE,
    "api.me": TOKEN,
    "api.sources_list": TOKEN,
    "api.sources_get": TOKEN,
    "api.sources_create": TOKEN,
    "api.search": TOKEN,
}
# Each category's calls in the API (views/api/entries.py), all by token.
API_ENTRY_CALLS = ("list", "create", "get", "update", "retract", "cite", "uncite", "link", "unlink")
ACCESS |= {
    f"api.{plural}_{call}": TOKEN for plural in ("abuses", "claims") for call in API_ENTRY_CALLS
}
UNCLASSIFIED = "admin"


# Statuses that are a reviewer's judgement of the evidence.
REVIEWED_STATUSES = ("corroborated", "verified")


def may_set_status(role: str, status: str, current: str = "") -> bool:
    """Whether `role` may give an entry `status`: its `current` one always; 'retracted' never
    (retracting has its own step, which asks for the reason); corroborated and verified only
    reviewers and administrators."""
    if status == current:
        return True
    if status == "retracted":
        return False
    return status not in REVIEWED_STATUSES or role_at_least(role, "reviewer")


def is_api_request() -> bool:
    """True for /api/ calls, which authenticate with a token and never with the cookie."""
    return request.path.startswith("/api/")


def has_role(role: str) -> bool:
    """True when a signed-in, active user holds `role` or a higher one."""
    return current_user.is_authenticated and role_at_least(current_user.role, role)


def current_actor() -> str:
    """The name recorded in revisions for changes made by this request."""
    if not current_user.is_authenticated:
        abort(403, description=_("Sign in first."))
    return current_user.username


def can_see_confidential() -> bool:
    """Whether the reader may see confidential fields (victim and witness names)."""
    return has_role("reviewer")


def refuse(role: str):
    """Send an anonymous visitor to sign in; tell a signed-in user their role is not enough."""
    if not current_user.is_authenticated:
        from .errors import wants_json

        if wants_json():
            abort(401, description=_("Sign in first."))
        return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
    abort(
        403,
        description=_(
            "Your role (%(role)s) does not allow this page or action; it needs %(needed)s. "
            "Nothing was changed. Ask an administrator if you need it.",
            role=translated(current_user.role), needed=translated(role),
        ),
    )  # fmt: skip


def role_required(role: str) -> Callable:
    """Decorate a view so only users holding `role` (or a higher one) reach it."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not has_role(role):
                return refuse(role)
            return view(*args, **kwargs)

        wrapper.minimum_role = role
        return wrapper

    return decorate


def guard():
    """Before every request: enforce ACCESS (anonymous visitors reach only the sign-in pages)."""
    if is_api_request():
        return None  # the API checks its token and the role itself (views/api/base.py)
    needed = ACCESS.get(request.endpoint or "", UNCLASSIFIED)
    if request.endpoint is None and current_user.is_authenticated:
        return None  # a 404 or 405, answered as such
    if needed == ANYONE or has_role(needed):
        return None
    return refuse(needed)


def init_app(app: Flask) -> None:
    """Install the guard in front of every view."""
    app.before_request(guard)
    # Pages offer only what the role allows (the server still checks every action).
    app.jinja_env.globals["has_role"] = has_role
