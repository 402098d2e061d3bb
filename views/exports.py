"""Exports of one category at a time, as CSV or JSON, filtered like the lists."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, jsonify, request

import archive
from archive import audit
from archive.exports import export_columns, export_entries

from .access import can_see_confidential, current_actor, role_required
from .store import get_db

bp = Blueprint("exports", __name__, url_prefix="/export")

KINDS = {"abuses": "abuse", "claims": "claim"}


@bp.get("/<string:category>.<string:fmt>")
@role_required("reader")
def download(category: str, fmt: str) -> Response:
    """All entries of one category matching the list filters, as a CSV or JSON download."""
    if category not in KINDS or fmt not in ("csv", "json"):
        abort(
            404, description="Exports are /export/abuses.csv, .json, or /export/claims.csv, .json"
        )
    kind = KINDS[category]
    filters = archive.EntryFilters(
        entry_type=request.args.get("type", ""),
        district=request.args.get("district", ""),
        status=request.args.get("status", ""),
    )
    cleared = can_see_confidential()
    db = get_db()
    rows = list(export_entries(db, kind, filters, cleared))
    detail = {"format": fmt, "rows": len(rows), "filters": request.args.to_dict()}
    audit.record(db, "export", current_actor(), subject=category, detail=detail)
    if fmt == "json":
        response = jsonify(category=kind, count=len(rows), entries=rows)
    else:
        response = Response(_csv(export_columns(kind, cleared), rows), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=f"gawahi-{category}.{fmt}")
    return response


def _csv(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
