"""Attack claims: what armed groups say they did, recorded as claimed, at /claims."""

from __future__ import annotations

from flask import Blueprint

from . import entries

bp = Blueprint("claims", __name__, url_prefix="/claims")


@bp.get("/")
def index() -> str:
    """The list of attack claims."""
    return entries.list_page("claim")


@bp.get("/<int:claim_id>")
def show(claim_id: int) -> str:
    """One attack claim."""
    return entries.show_page("claim", claim_id)


@bp.get("/<int:claim_id>/history")
def history(claim_id: int) -> str:
    """The revisions of one attack claim."""
    return entries.history_page("claim", claim_id)
