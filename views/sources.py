"""Sources: the documents entries cite, at /sources, with every entry that cites each."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template

import archive

from .access import can_see_confidential
from .entries import page_number
from .store import get_db

bp = Blueprint("sources", __name__, url_prefix="/sources")


@bp.get("/")
def index() -> str:
    """Every source, newest first, with how often it is cited."""
    page, per_page = page_number(), current_app.config["PER_PAGE"]
    sources, total = archive.list_sources(get_db(), page, per_page, can_see_confidential())
    return render_template(
        "sources/index.html", sources=sources, total=total, page=page,
        pages=max(1, -(-total // per_page)),
    )  # fmt: skip


@bp.get("/<int:source_id>")
def show(source_id: int) -> str:
    """One source, its text or file, and the entries citing it, by category."""
    source = _source_or_404(source_id)
    cited_by = archive.entries_citing(get_db(), source_id)
    return render_template("sources/show.html", source=source, cited_by=cited_by)


@bp.get("/<int:source_id>/history")
def history(source_id: int) -> str:
    """The revisions of one source."""
    source = _source_or_404(source_id)
    revisions = archive.history(get_db(), "source", source_id, can_see_confidential())
    return render_template("revisions/history.html", subject=source, revisions=revisions)


@bp.get("/<int:source_id>/file")
def download(source_id: int) -> Response:
    """The source's file, always as a download and never rendered by the browser."""
    _source_or_404(source_id)
    try:
        file = archive.get_source_file(get_db(), source_id)
    except archive.NotFound as error:
        abort(404, description=str(error))
    response = Response(file.content, mimetype="application/octet-stream")
    response.headers.set("Content-Disposition", "attachment", filename=file.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    return response


def _source_or_404(source_id: int) -> dict:
    try:
        source = archive.get_source(get_db(), source_id)
    except archive.NotFound as error:
        abort(404, description=str(error))
    if source["confidential"] and not can_see_confidential():
        abort(404, description=f"There is no source {source_id}.")
    return source
