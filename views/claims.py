"""Attack claims: what armed groups say they did, recorded as claimed, at /claims."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from . import editing, entries, linking
from .access import role_required

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


@bp.route("/new", methods=["GET", "POST"])
@role_required("documenter")
def new() -> ResponseReturnValue:
    """Add an attack claim, citing at least one source."""
    return editing.new_entry("claim")


@bp.route("/<int:claim_id>/edit", methods=["GET", "POST"])
@role_required("documenter")
def edit(claim_id: int) -> ResponseReturnValue:
    """Correct an attack claim, with a reason for the history."""
    return editing.edit_entry("claim", claim_id)


@bp.route("/<int:claim_id>/retract", methods=["GET", "POST"])
@role_required("documenter")
def retract(claim_id: int) -> ResponseReturnValue:
    """Retract an attack claim with a reason; it stays in the archive."""
    return editing.retract("claim", claim_id)


@bp.post("/<int:claim_id>/links")
@role_required("documenter")
def link(claim_id: int) -> ResponseReturnValue:
    """Link this attack claim to another entry: the same event, part of, a follow-up."""
    return linking.add("claim", claim_id)


@bp.route("/<int:claim_id>/links/<int:link_id>/remove", methods=["GET", "POST"])
@role_required("documenter")
def unlink(claim_id: int, link_id: int) -> ResponseReturnValue:
    """Remove one of this attack claim's links, with a reason; it stays in the history."""
    return linking.remove("claim", claim_id, link_id)
