"""The home page: both categories side by side, with counts and the latest entries."""

from __future__ import annotations

from flask import Blueprint, render_template

import archive

from .access import can_see_confidential, has_role
from .store import get_db

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """Counts and latest entries per category, and the newest sources."""
    db = get_db()
    latest = {
        kind: archive.list_entries(db, kind, archive.EntryFilters(per_page=5))
        for kind in archive.CATEGORIES
    }
    cleared = can_see_confidential()
    sources, source_total = archive.list_sources(db, per_page=5, include_confidential=cleared)
    backlog = archive.count_uncited(db, cleared) if has_role("documenter") else 0
    return render_template(
        "home/index.html", latest=latest, sources=sources, source_total=source_total,
        backlog=backlog,
    )  # fmt: skip
