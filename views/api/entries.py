"""Abuse reports and attack claims through the API, each category at its own address
(/api/v1/abuses, /api/v1/claims): list, read, add, correct with a reason, retract with a reason,
cite another source, remove a citation, link to another entry and remove a link.

The same store functions as the forms, with the same checks and the same limits on who may do
what: reviewed statuses only for reviewers, named victims changed only by those who see them,
and sources cited only among those the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import g
from marshmallow import Schema

import archive

from ..access import may_set_status
from ..store import get_db
from . import schemas
from .base import ApiError, actor, bp, cleared, operation

ENTRY_ERRORS = (400, 401, 403, 404, 413, 422)
UNSEEN_SOURCE = "Choose a source that is in the archive."
VICTIMS_HIDDEN = (
    "Only reviewers and administrators may change the named victims: others do not see the "
    "confidential names. Leave out 'victims'; nothing was changed."
)


@dataclass(frozen=True)
class Shapes:
    """One category's address and schemas."""

    kind: str
    plural: str
    pk: str
    create: type[Schema]
    change: type[Schema]
    full: type[Schema]
    page: type[Schema]
    query: type[Schema]


CATEGORIES = (
    Shapes("abuse", "abuses", "report_id", schemas.AbuseIn, schemas.AbuseChange,
           schemas.AbuseOut, schemas.AbusePage, schemas.AbuseQuery),
    Shapes("claim", "claims", "claim_id", schemas.ClaimIn, schemas.ClaimChange,
           schemas.ClaimOut, schemas.ClaimPage, schemas.EntryQuery),
)  # fmt: skip


def entry(kind: str, entry_id: int) -> dict[str, Any]:
    """One entry as this call's user may see it (confidential fields only when cleared)."""
    return archive.get_entry(get_db(), kind, entry_id, cleared())


def check_status(status: str | None, current: str = "") -> None:
    """Refuse a status this user may not give (as the forms do not offer it)."""
    if status and not may_set_status(g.api_user["role"], status, current):
        message = (
            "Retract an entry with its own call, which asks for the reason."
            if status == "retracted"
            else f"Only reviewers and administrators may mark an entry {status}."
        )
        raise ApiError(403, message, {"status": message})


def check_citable(citations: list[dict[str, Any]], prefix: str = "citations") -> None:
    """Refuse citing a source this user may not see, in the words used for a missing one."""
    if cleared() or not citations:
        return
    found = archive.sources_by_ids(get_db(), [c["source_id"] for c in citations])
    hidden = {
        f"{prefix}.{number}.source_id": UNSEEN_SOURCE
        for number, citation in enumerate(citations)
        if found.get(citation["source_id"], {}).get("confidential")
    }
    if hidden:
        raise ApiError(422, "The archive refused this; nothing was changed.", hidden)


def list_entries(kind: str, query: dict[str, Any]) -> dict[str, Any]:
    """A page of one category, filtered as its list page is."""
    filters = archive.EntryFilters(
        entry_type=query.get("type", ""), district=query.get("district", ""),
        status=query.get("status", ""), fate=query.get("fate", ""), sort=query["sort"],
        page=query["page"], per_page=query["per_page"],
    )  # fmt: skip
    items, total = archive.list_entries(get_db(), kind, filters)
    pages = max(1, -(-total // filters.per_page))
    return {"items": items, "total": total, "page": filters.page,
            "per_page": filters.per_page, "pages": pages}  # fmt: skip


def create(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """Add an entry with its citations (at least one), victims and figures."""
    citations = body.pop("citations")
    victims, figures = body.pop("victims", []), body.pop("figures", [])
    check_status(body.get("status"))
    check_citable(citations)
    entry_id = archive.add_entry(
        get_db(), kind, body, citations, actor=actor(), victims=victims, figures=figures
    )
    return entry(kind, entry_id)


def change(kind: str, entry_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Correct the fields sent, with a reason; `victims` and `figures` replace their lists."""
    before = entry(kind, entry_id)
    reason = body.pop("reason")
    victims, figures = body.pop("victims", None), body.pop("figures", None)
    if "status" in body:
        check_status(body["status"], before["status"])
    if victims is not None and not cleared():
        raise ApiError(403, VICTIMS_HIDDEN, {"victims": VICTIMS_HIDDEN})
    archive.update_entry(
        get_db(), kind, entry_id, body, actor=actor(), reason=reason, victims=victims,
        figures=figures,
    )  # fmt: skip
    return entry(kind, entry_id)


def retract(kind: str, entry_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Retract with a reason; the entry stays, marked retracted."""
    entry(kind, entry_id)
    archive.retract_entry(get_db(), kind, entry_id, body["reason"], actor=actor())
    return entry(kind, entry_id)


def cite(kind: str, entry_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Cite one more source."""
    entry(kind, entry_id)
    reason = body.pop("reason", "")
    check_citable([body], prefix="body")
    archive.add_citation(get_db(), kind, entry_id, body, actor=actor(), reason=reason)
    return entry(kind, entry_id)


def uncite(kind: str, entry_id: int, citation_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Remove a citation with a reason (kept, no longer shown); never the last one."""
    seen = entry(kind, entry_id)["citations"]
    if citation_id not in {citation["citation_id"] for citation in seen}:
        raise ApiError(404, f"Citation {citation_id} is not one of this entry's.")
    archive.remove_citation(get_db(), kind, entry_id, citation_id, actor(), body["reason"])
    return entry(kind, entry_id)


def link(kind: str, entry_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Link to another entry of either category."""
    entry(kind, entry_id)
    other = (body["other_kind"], body["other_id"])
    archive.add_link(get_db(), kind, entry_id, body["link_type"], other, actor=actor())
    return entry(kind, entry_id)


def unlink(kind: str, entry_id: int, link_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Remove one of the entry's links with a reason."""
    entry(kind, entry_id)
    archive.remove_link(get_db(), kind, entry_id, link_id, actor(), body["reason"])
    return entry(kind, entry_id)


def register(shapes: Shapes) -> None:
    """Add one category's calls to the blueprint."""
    kind, base, pk = shapes.kind, f"/v1/{shapes.plural}", shapes.pk
    label = archive.get_category(kind).label.lower()
    calls = [
        ("list", base, "GET", lambda query: list_entries(kind, query),
         operation(f"List {label}s", role="reader", tag=shapes.plural, query=shapes.query,
                   response=shapes.page, errors=(400, 401))),
        ("create", base, "POST", lambda body: create(kind, body),
         operation(f"Add an {label}, citing its sources", role="documenter",
                   tag=shapes.plural, body=shapes.create, response=shapes.full, status=201,
                   errors=ENTRY_ERRORS)),
        ("get", f"{base}/<id:{pk}>", "GET", lambda **kw: entry(kind, kw[pk]),
         operation(f"One {label}", role="reader", tag=shapes.plural, response=shapes.full,
                   errors=(401, 404))),
        ("update", f"{base}/<id:{pk}>", "PATCH", lambda body, **kw: change(kind, kw[pk], body),
         operation(f"Correct an {label}, with a reason", role="documenter", tag=shapes.plural,
                   body=shapes.change, response=shapes.full, errors=ENTRY_ERRORS)),
        ("retract", f"{base}/<id:{pk}>/retract", "POST",
         lambda body, **kw: retract(kind, kw[pk], body),
         operation(f"Retract an {label}, with a reason", role="documenter", tag=shapes.plural,
                   body=schemas.ReasonIn, response=shapes.full, errors=ENTRY_ERRORS)),
        ("cite", f"{base}/<id:{pk}>/citations", "POST",
         lambda body, **kw: cite(kind, kw[pk], body),
         operation("Cite another source", role="documenter", tag=shapes.plural,
                   body=schemas.CitationAdd, response=shapes.full, status=201,
                   errors=ENTRY_ERRORS)),
        ("uncite", f"{base}/<id:{pk}>/citations/<id:citation_id>/remove", "POST",
         lambda body, citation_id, **kw: uncite(kind, kw[pk], citation_id, body),
         operation("Remove a citation, with a reason", role="documenter", tag=shapes.plural,
                   body=schemas.ReasonIn, response=shapes.full, errors=ENTRY_ERRORS)),
        ("link", f"{base}/<id:{pk}>/links", "POST", lambda body, **kw: link(kind, kw[pk], body),
         operation("Link to another entry", role="documenter", tag=shapes.plural,
                   body=schemas.LinkIn, response=shapes.full, status=201,
                   errors=ENTRY_ERRORS)),
        ("unlink", f"{base}/<id:{pk}>/links/<id:link_id>/remove", "POST",
         lambda body, link_id, **kw: unlink(kind, kw[pk], link_id, body),
         operation("Remove a link, with a reason", role="documenter", tag=shapes.plural,
                   body=schemas.ReasonIn, response=shapes.full, errors=ENTRY_ERRORS)),
    ]  # fmt: skip
    helpers = {"list": list_entries, "create": create, "get": entry, "update": change,
               "retract": retract, "cite": cite, "uncite": uncite, "link": link,
               "unlink": unlink}  # fmt: skip
    for name, rule, method, view, declare in calls:
        view.__name__ = f"{shapes.plural}_{name}"
        view.__doc__ = helpers[name].__doc__
        bp.add_url_rule(rule, f"{shapes.plural}_{name}", declare(view), methods=[method])


for category in CATEGORIES:
    register(category)
