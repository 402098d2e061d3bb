"""Sources through the API, at /api/v1/sources: list (searched and filtered as the Sources page
is), read, and add as JSON. A confidential source is absent for those not cleared to see it.
"""

from __future__ import annotations

from typing import Any

import archive

from ..store import get_db
from . import schemas
from .base import ApiError, actor, bp, cleared, operation

CONFIDENTIAL_DUPLICATE = (
    "The archive already holds this source in confidence. Nothing was saved: ask a reviewer "
    "or an administrator to cite it."
)


@bp.get("/v1/sources")
@operation("List sources", role="reader", tag="sources", query=schemas.SourceQuery,
           response=schemas.SourcePage, errors=(400, 401))  # fmt: skip
def sources_list(query: dict[str, Any]) -> dict[str, Any]:
    """Sources, newest first, with how many live entries cite each."""
    filters = archive.SourceFilters(
        text=query.get("q", ""), outlet=query.get("outlet", ""),
        source_type=query.get("type", ""), cited=query.get("cited", ""),
    )  # fmt: skip
    page, per_page = query["page"], query["per_page"]
    items, total = archive.list_sources(get_db(), page, per_page, cleared(), filters)
    return {"items": items, "total": total, "page": page, "per_page": per_page,
            "pages": max(1, -(-total // per_page))}  # fmt: skip


@bp.get("/v1/sources/<id:source_id>")
@operation("One source, with its text", role="reader", tag="sources",
           response=schemas.SourceOut, errors=(401, 404))  # fmt: skip
def sources_get(source_id: int) -> dict[str, Any]:
    """One source; a confidential one only for those cleared to see it."""
    return visible_source(source_id)


def visible_source(source_id: int) -> dict[str, Any]:
    """The source, or a 404 for one missing or not to be seen by this user alike."""
    try:
        source = archive.get_source(get_db(), source_id)
    except archive.NotFound:
        source = None
    if source is None or (source["confidential"] and not cleared()):
        raise ApiError(404, f"There is no source {source_id}.")
    return source


@bp.post("/v1/sources")
@operation("Add a source", role="documenter", tag="sources", body=schemas.SourceIn,
           response=schemas.SourceOut, status=201,
           errors=(400, 401, 403, 409, 413, 422))  # fmt: skip
def sources_create(body: dict[str, Any]) -> dict[str, Any]:
    """Add a source with its text; one already in the archive (same address or text) is a 409
    naming it."""
    try:
        source_id = archive.add_source(get_db(), body, actor())
    except archive.DuplicateSource as duplicate:
        if duplicate.confidential and not cleared():
            raise ApiError(409, CONFIDENTIAL_DUPLICATE, {"url": CONFIDENTIAL_DUPLICATE}) from None
        message = f"Source {duplicate.source_id} already holds this {duplicate.reason}."
        raise ApiError(409, message + " Nothing was saved: cite that one.") from None
    return visible_source(source_id)
