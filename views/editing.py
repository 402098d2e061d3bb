"""Adding, correcting and retracting entries through forms: the steps both categories share.

Request -> form (validates, hands back plain data) -> archive (one transaction) -> redirect.
Nothing is written until the whole form is valid; the store's own errors land next to fields.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

import archive
from archive import actors, reference
from forms.common import new_token, show_store_errors, translated
from forms.entries import (
    AbuseEditForm,
    AbuseForm,
    ClaimEditForm,
    ClaimForm,
    EntryChoices,
    RetractForm,
    form_values,
)

from . import access, submitting
from .entries import BLUEPRINTS, entry_url
from .labels import actor_label
from .store import get_db

NEW_FORMS = {"abuse": AbuseForm, "claim": ClaimForm}
EDIT_FORMS = {"abuse": AbuseEditForm, "claim": ClaimEditForm}
PICKER_SOURCES = 200
INVALID = 422


def source_label(source: dict) -> str:
    """How a source reads in a picker: number, title, outlet and date."""
    parts = [f"#{source['source_id']} {source['title']}"]  # the archive's words: not translated
    parts += [source[key] for key in ("outlet", "published") if source.get(key)]
    return " · ".join(parts)


def picker_sources(db, wanted: list[int]) -> list[tuple[int, str]]:
    """The newest sources, plus any asked for, that this user may cite (for the select)."""
    cleared = access.can_see_confidential()
    newest, _ = archive.list_sources(db, per_page=PICKER_SOURCES, include_confidential=cleared)
    ids = list(dict.fromkeys([*wanted, *(row["source_id"] for row in newest)]))
    rows = archive.sources_by_ids(db, ids)
    return [
        (source_id, source_label(rows[source_id]))
        for source_id in ids
        if source_id in rows and (cleared or not rows[source_id]["confidential"])
    ]


def wanted_sources() -> list[int]:
    """Source ids named in the query string or in submitted citation rows."""
    values = [request.args.get("source_id", "")]
    values += [value for key, value in request.form.items() if key.endswith("-source_id")]
    # An id too long for SQLite cannot name a source: ignore it rather than fail.
    return [int(value) for value in values if value.isdigit() and len(value) <= 18]


def entry_choices(db, kind: str, current_status: str = "") -> EntryChoices:
    """The pick-lists of one category's form, from reference data.

    'Retracted' is offered only to an entry already retracted (to undo it): retracting has its
    own page, which asks for the reason. Corroborated and verified are a reviewer's judgement,
    offered only to reviewers (or kept when the entry already has one).
    """
    category = archive.get_category(kind)
    statuses = [
        (status, translated(archive.STATUS_LABELS[status]))
        for status in category.statuses
        if access.may_set_status(current_user.role, status, current_status)
    ]
    return EntryChoices(
        types=[
            (code, translated(label))
            for code, label in reference.type_labels(db, category.type_table).items()
        ],
        statuses=statuses,
        districts=[district["name"] for district in reference.districts(db)],
        sources=picker_sources(db, wanted_sources()),
        claim_mediums=[(code, translated(label)) for code, label in archive.CLAIM_MEDIUMS.items()],
        official_responses=[
            (code, translated(label)) for code, label in archive.OFFICIAL_RESPONSES.items()
        ],
        groups=reference.armed_groups(db),
        actors=[
            (actor["code"], actor_label(actor["code"]), translated(actors.KINDS[actor["kind"]]))
            for actor in actors.list_actors(db)
        ],
        resolve_group=lambda text: reference.resolve_group(db, text),
    )


def added_row(form) -> bool:
    """Handle the no-JavaScript 'add another citation / victim / figure' buttons; True if one
    was.

    The new row's first field is then focused (`form.added_row`), not the top of the page."""
    if "add_citation" in request.form:
        form.add_citation_row()
        form.added_row = ("citations", len(form.citations) - 1)
        return True
    if "add_figure" in request.form:
        form.add_figure_row()
        form.added_row = ("figures", len(form.figures) - 1)
        return True
    if "add_victim" in request.form and hasattr(form, "add_victim_row"):
        form.add_victim_row()
        form.added_row = ("victims", len(form.victims) - 1)
        return True
    return False


def already_saved(kind: str) -> ResponseReturnValue | None:
    """The redirect for a form sent again (double click, reload), or None."""
    token = request.form.get("submission", "")
    done = archive.find_submission(get_db(), token) if token else None
    if done is None:
        return None
    flash(_("This form had already been saved; here is what it made. Nothing was added twice."))
    return redirect(entry_url({"kind": kind, "entry_id": done[1]}))


def new_entry(kind: str) -> ResponseReturnValue:
    """The form adding an abuse report or an attack claim, and its handling."""
    db = get_db()
    token = submitting.address_token()
    if request.method == "GET" and token is None:
        return submitting.with_new_token()
    if request.method == "POST" and (response := already_saved(kind)):
        return response
    form = NEW_FORMS[kind](choices=entry_choices(db, kind))
    if request.method == "GET":
        form.submission.data = token
        _prefill_citation(form)
        done = submitting.saved_under(token)
        saved = entry_url({"kind": kind, "entry_id": done[1]}) if done else None
        return _render(kind, "new", form, saved_url=saved)
    if added_row(form):
        return _render(kind, "new", form)
    elif form.validate_on_submit():
        if "cite_existing" in request.form:
            return _cite_existing(db, kind, form)
        if matches := _unconfirmed_duplicates(db, kind, form):
            return _render(kind, "new", form, duplicates=matches)
        try:
            entry_id = _save_new(db, kind, form)
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            flash(_("Abuse report saved.") if kind == "abuse" else _("Attack claim saved."))
            return redirect(entry_url({"kind": kind, "entry_id": entry_id}))
    status = INVALID if request.method == "POST" else 200
    return _render(kind, "new", form), status


def _unconfirmed_duplicates(db, kind: str, form) -> list:
    """Entries that are probably this incident, unless the documenter chose to save anyway."""
    if "save_anyway" in request.form:
        return []
    return archive.likely_duplicates(db, kind, form.record())


def _cite_existing(db, kind: str, form) -> ResponseReturnValue:
    """Cite the form's sources on an existing entry instead of saving a duplicate.

    The form's one-time token is used up as if the entry had been saved, so Back and send
    again points to that entry and cites nothing twice."""
    target = request.form.get("cite_existing", "")
    if not (target.isdigit() and len(target) <= 18):
        abort(400, description=_("Choose the entry to cite your source on."))
    entry_id, actor = int(target), access.current_actor()
    label = archive.get_category(kind).label.lower()
    reason = f"Another source for this incident, added from the form for a new {label}."

    def write() -> int:
        for citation in form.citation_list():
            archive.add_citation(db, kind, entry_id, citation, actor=actor, reason=reason)
        return entry_id

    try:
        archive.submit_once(db, form.submission.data or new_token(), kind, write, actor)
    except archive.NotFound as error:
        abort(404, description=translated(error.args[0]))
    except archive.InvalidRecord as error:
        show_store_errors(form, error.errors)
        return _render(kind, "new", form), INVALID
    if kind == "abuse":
        flash(_("Your source is now cited by this abuse report too. No new entry was saved."))
    else:
        flash(_("Your source is now cited by this attack claim too. No new entry was saved."))
    return redirect(entry_url({"kind": kind, "entry_id": entry_id}))


def _prefill_citation(form) -> None:
    """Open the form citing the source (and passage) named in the query string."""
    source_id = request.args.get("source_id", "")
    if source_id.isdigit():
        first = form.citations[0].form
        first.source_id.data = source_id
        first.passage.data = request.args.get("passage", "").strip()[:5000]


def _save_new(db, kind: str, form) -> int:
    actor = access.current_actor()
    victims = form.victim_list() if kind == "abuse" else []

    def write() -> int:
        return archive.add_entry(
            db, kind, form.record(), form.citation_list(), actor=actor, victims=victims,
            figures=form.figure_list(),
        )  # fmt: skip

    token = form.submission.data or new_token()
    entry_id, _ = archive.submit_once(db, token, kind, write, actor)
    return entry_id


def edit_entry(kind: str, entry_id: int) -> ResponseReturnValue:
    """The form correcting an entry: current values shown, a reason required."""
    db = get_db()
    entry = _entry_or_404(kind, entry_id)
    edit_victims = kind == "abuse" and access.can_see_confidential()
    values = form_values(entry) if request.method == "GET" else None
    form = EDIT_FORMS[kind](data=values, choices=entry_choices(db, kind, entry["status"]))
    if request.method == "POST" and added_row(form):
        return _render(kind, "edit", form, entry=entry, edit_victims=edit_victims)
    if form.validate_on_submit():
        try:
            changed = _save_edit(db, kind, entry_id, form, edit_victims)
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            flash(
                _("Correction saved.") if changed else _("Nothing had changed; nothing was saved.")
            )
            return redirect(entry_url(entry))
    status = INVALID if request.method == "POST" else 200
    return _render(kind, "edit", form, entry=entry, edit_victims=edit_victims), status


def _save_edit(db, kind: str, entry_id: int, form, edit_victims: bool) -> bool:
    actor, reason = access.current_actor(), form.reason.data.strip()
    victims = form.victim_list() if edit_victims else None
    with archive.write_transaction(db):
        changed = archive.update_entry(
            db, kind, entry_id, form.record(), actor=actor, reason=reason, victims=victims,
            figures=form.figure_list(),
        )  # fmt: skip
        citations = form.citation_list()
        for citation in citations:
            archive.add_citation(db, kind, entry_id, citation, actor=actor, reason=reason)
    return bool(changed or citations)


def retract(kind: str, entry_id: int) -> ResponseReturnValue:
    """Retract an entry with a reason; it stays in the archive, out of the default lists."""
    db = get_db()
    entry = _entry_or_404(kind, entry_id)
    form = RetractForm()
    if entry["status"] != "retracted" and form.validate_on_submit():
        try:
            archive.retract_entry(
                db, kind, entry_id, form.reason.data, actor=access.current_actor()
            )
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            flash(_("Retracted. The entry stays in the archive, out of the default lists."))
            return redirect(entry_url(entry))
    status = INVALID if request.method == "POST" else 200
    template = f"{BLUEPRINTS[kind]}/retract.html"
    category = archive.get_category(kind)
    return render_template(template, form=form, entry=entry, category=category), status


def _entry_or_404(kind: str, entry_id: int) -> dict:
    try:
        return archive.get_entry(get_db(), kind, entry_id, access.can_see_confidential())
    except archive.NotFound as error:
        abort(404, description=translated(error.args[0]))


def _render(kind: str, action: str, form, **context) -> str:
    category = archive.get_category(kind)
    return render_template(
        f"{BLUEPRINTS[kind]}/{action}.html", form=form, category=category, **context
    )
