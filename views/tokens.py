"""API tokens on the user's own account, at /account/tokens: make one (shown once), revoke one.

The new token is shown in the page answering the form, never put in the session cookie or a
flashed message, and cannot be shown again: the archive keeps only its SHA-256.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

import archive
from archive import api_tokens
from forms.accounts import ApiTokenForm, RevokeTokenForm

from .store import get_db
from .wording import store_said

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


@bp.route("", methods=["GET", "POST"])
def index() -> ResponseReturnValue:
    """One's API tokens, and the form making a new one."""
    form = ApiTokenForm()
    secret = None
    if form.validate_on_submit():
        try:
            _, secret = api_tokens.create_token(
                get_db(), current_user.user_id, form.name.data, current_user.username,
                form.lifetime(),
            )  # fmt: skip
        except archive.InvalidRecord as error:
            form.add_errors({name: store_said(m) for name, m in error.errors.items()})
        else:
            form = ApiTokenForm(formdata=None)
    status = 422 if form.errors else 200
    tokens = api_tokens.tokens_of(get_db(), current_user.user_id)
    page = render_template(
        "tokens/index.html", form=form, secret=secret, tokens=tokens, revoke_form=RevokeTokenForm()
    )
    return page, status


@bp.post("/<int:token_id>/revoke")
def revoke(token_id: int) -> ResponseReturnValue:
    """Revoke one of one's tokens: every call with it is refused from now on."""
    if not RevokeTokenForm().validate_on_submit():
        flash(_("That request could not be read; nothing was changed."), "error")
        return redirect(url_for("tokens.index"), 303)
    try:
        api_tokens.revoke_token(get_db(), current_user.user_id, token_id, current_user.username)
    except archive.NotFound as error:
        abort(404, description=store_said(error.args[0]))
    except archive.InvalidRecord as error:
        flash(store_said(next(iter(error.errors.values()))), "error")
    else:
        flash(_("Token revoked: scripts using it are refused from now on."))
    return redirect(url_for("tokens.index"), 303)
