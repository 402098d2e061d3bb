"""What the abuse-report and attack-claim pages share: listing, showing and history.

Each category keeps its own blueprint, URLs and templates; only the steps are shared.
"""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

import archive
from archive import reference
from forms.common import translated
from forms.links import LinkForm

from .access import can_see_confidential, has_role
from .store import get_db

BLUEPRINTS = {"abuse": "abuses", "claim": "claims"}


def entry_url(entry: dict, action: str = "show", **params: object) -> str:
    """The URL of an entry's page (or of another of its actions, such as history)."""
    blueprint = BLUEPRINTS[entry["kind"]]
    pk = archive.get_category(entry["kind"]).pk
    return url_for(f"{blueprint}.{action}", **{pk: entry["entry_id"]}, **params)


MAX_PAGE = 100_000


def page_number() -> int:
    """The ?page= number, at least 1; anything else (or absurdly far) is a 400."""
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        abort(400, description=_("The page number must be a whole number."))
    if page > MAX_PAGE:
        message = _("There is no page %(page)s: the lists stop at page %(last)s.",
                    page=page, last=f"{MAX_PAGE:,}")  # fmt: skip
        abort(400, description=message)
    return max(page, 1)


def list_page(kind: str) -> str:
    """A page of one category's entries, filtered and sorted from the query string."""
    category = archive.get_category(kind)
    db = get_db()
    filters = archive.EntryFilters(
        entry_type=request.args.get("type", ""),
        district=request.args.get("district", ""),
        status=request.args.get("status", ""),
        fate=request.args.get("fate", "") if kind == "abuse" else "",
        sort=request.args.get("sort", "newest"),
        page=page_number(),
        per_page=current_app.config["PER_PAGE"],
    )
    entries, total = archive.list_entries(db, kind, filters)
    return render_template(
        f"{BLUEPRINTS[kind]}/index.html",
        category=category,
        entries=entries,
        total=total,
        filters=filters,
        pages=max(1, -(-total // filters.per_page)),
        types={
            code: translated(label)
            for code, label in reference.type_labels(db, category.type_table).items()
        },
        districts=reference.districts(db),
    )


def show_page(kind: str, entry_id: int, link_form=None) -> str:
    """One entry with its citations, sources, links and (if cleared) confidential fields; for
    documenters, the form linking it to another entry."""
    category = archive.get_category(kind)
    entry = _entry_or_404(kind, entry_id)
    if link_form is None and has_role("documenter"):
        # Most links join a report and a claim: offer the other category first.
        link_form = LinkForm(formdata=None, other_kind="claim" if kind == "abuse" else "abuse")
    victims = []
    if kind == "abuse":
        cleared, documenter = can_see_confidential(), has_role("documenter")
        victims = archive.victims_with_fates(get_db(), entry_id, cleared, documenter)
    return render_template(
        f"{BLUEPRINTS[kind]}/show.html",
        category=category,
        entry=entry,
        link_form=link_form,
        victims=victims,
    )


def history_page(kind: str, entry_id: int) -> str:
    """Every revision of one entry, oldest first."""
    category = archive.get_category(kind)
    entry = _entry_or_404(kind, entry_id)
    revisions = archive.history(get_db(), category.entity, entry_id, can_see_confidential())
    return render_template(
        "revisions/history.html", subject=entry, category=category, revisions=revisions
    )


def _entry_or_404(kind: str, entry_id: int) -> dict:
    try:
        return archive.get_entry(get_db(), kind, entry_id, can_see_confidential())
    except archive.NotFound as error:
        abort(404, description=translated(error.args[0]))
