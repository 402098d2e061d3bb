"""Abuse reports: documented human-rights violations, at /abuses."""

from __future__ import annotations

from flask import Blueprint

from . import entries

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
