"""One-time tokens in the address of the 'add' pages, so Back and send again saves nothing twice.

Each form carries a token (archive/submissions.py) and a token already used points to what it
made. The token used to be a hidden field drawn afresh on every GET: pages are never stored
(Cache-Control: no-store), so Back fetched the form again, the browser filled in what had been
typed, the hidden token was new, and sending it saved a second record. Now the token is in the
page's address: GET /claims/new redirects to /claims/new?form=TOKEN, Back fetches that same
address, and the form comes back with the same token, saying it was already saved.
"""

from __future__ import annotations

import re

from flask import redirect, request, url_for
from werkzeug.wrappers import Response

import archive
from forms.common import new_token

from .store import get_db

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def address_token() -> str | None:
    """The well-formed ?form= token of this page's address, or None."""
    token = request.args.get("form", "")
    return token if TOKEN.fullmatch(token) else None


def with_new_token() -> Response:
    """This page again, with a fresh token in its address (and every other parameter kept)."""
    args = {**request.args.to_dict(), "form": new_token()}
    return redirect(url_for(request.endpoint, **(request.view_args or {}), **args))


def saved_under(token: str | None) -> tuple[str, int] | None:
    """(entity, id) already saved under `token`, or None."""
    return archive.find_submission(get_db(), token) if token else None


def without_token() -> dict[str, str]:
    """The query string without the token, to carry into another form's address."""
    return {key: value for key, value in request.args.items() if key != "form"}


def init_app(app) -> None:
    """Let templates carry the query string into another form without the token."""
    app.jinja_env.globals["without_token"] = without_token
