"""Exports of one category at a time, as CSV or JSON, filtered like the lists."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask import Blueprint, Response, abort, current_app, jsonify, request

import archive
from archive import audit
from archive.exports import export_columns, export_count, export_entries, spreadsheet_cell

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
        fate=request.args.get("fate", ""),
    )
    cleared = can_see_confidential()
    db = get_db()
    count = export_count(db, kind, filters)
    detail = {"format": fmt, "rows": count, "filters": request.args.to_dict()}
    audit.record(db, "export", current_actor(), subject=category, detail=detail)
    if fmt == "json":
        rows = list(export_entries(db, kind, filters, cleared, nested=True))
        response = jsonify(category=kind, count=count, entries=rows)
    else:
        # Streamed, row by row, on a connection of its own (the request's closes when the view
        # returns): an export of the whole archive never sits in memory.
        lines = _streamed_csv(current_app.config["DATABASE"], kind, filters, cleared)
        response = Response(lines, mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=f"gawahi-{category}.{fmt}")
    return response


def _streamed_csv(path: str, kind: str, filters, cleared: bool) -> Iterator[str]:
    db = archive.open_db(path)
    try:
        yield from _csv(export_columns(kind, cleared), export_entries(db, kind, filters, cleared))
    finally:
        db.close()


def _csv(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """The CSV text, a header then one line per row, no cell read as a formula."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: spreadsheet_cell(value) for column, value in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
