"""Abuse reports: documented human-rights violations, at /abuses."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from . import editing, entries, fates, linking
from .access import role_required

bp = Blueprint("abuses", __name__, url_prefix="/abuses")


@bp.get("/")
def index() -> str:
    """The list of abuse reports."""
    return entries.list_page("abuse")


@bp.get("/<int:report_id>")
def show(report_id: int) -> str:
    """One abuse report."""
    return entries.show_page("abuse", report_id)


@bp.get("/<int:report_id>/history")
def history(report_id: int) -> str:
    """The revisions of one abuse report."""
    return entries.history_page("abuse", report_id)


@bp.route("/new", methods=["GET", "POST"])
@role_required("documenter")
def new() -> ResponseReturnValue:
    """Add an abuse report, citing at least one source."""
    return editing.new_entry("abuse")


@bp.route("/<int:report_id>/edit", methods=["GET", "POST"])
@role_required("documenter")
def edit(report_id: int) -> ResponseReturnValue:
    """Correct an abuse report, with a reason for the history."""
    return editing.edit_entry("abuse", report_id)


@bp.route("/<int:report_id>/retract", methods=["GET", "POST"])
@role_required("documenter")
def retract(report_id: int) -> ResponseReturnValue:
    """Retract an abuse report with a reason; it stays in the archive."""
    return editing.retract("abuse", report_id)


@bp.post("/<int:report_id>/links")
@role_required("documenter")
def link(report_id: int) -> ResponseReturnValue:
    """Link this abuse report to another entry: the same event, part of, a follow-up."""
    return linking.add("abuse", report_id)


@bp.route("/<int:report_id>/links/<int:link_id>/remove", methods=["GET", "POST"])
@role_required("documenter")
def unlink(report_id: int, link_id: int) -> ResponseReturnValue:
    """Remove one of this abuse report's links, with a reason; it stays in the history."""
    return linking.remove("abuse", report_id, link_id)


@bp.route("/<int:report_id>/fate", methods=["GET", "POST"])
@role_required("documenter")
def fate(report_id: int) -> ResponseReturnValue:
    """Record what happened to one of the report's named victims, citing a source."""
    return fates.record(report_id)


@bp.route("/<int:report_id>/fates/<int:fate_id>/withdraw", methods=["GET", "POST"])
@role_required("documenter")
def withdraw_fate(report_id: int, fate_id: int) -> ResponseReturnValue:
    """Withdraw a mistaken fate change, with a reason; it stays in the history."""
    return fates.withdraw(report_id, fate_id)
