"""Linking entries from their pages: the same event, part of, a follow-up; and removing a link.

Request -> form (validates, hands back plain data) -> archive (one transaction, a revision of
both entries) -> redirect to the entry's page. Errors are shown on the page, next to the field.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

import archive
from forms.common import show_store_errors, translated
from forms.links import LinkForm, UnlinkForm

from . import access, entries
from .entries import BLUEPRINTS, entry_url
from .store import get_db

INVALID = 422


def add(kind: str, entry_id: int) -> ResponseReturnValue:
    """Link an entry to another, chosen by category and number; refused with a reason shown
    next to the field when the other does not exist, is this one, or is already linked."""
    entry = _entry_or_404(kind, entry_id)
    form = LinkForm()
    if form.validate_on_submit():
        link = form.link()
        try:
            archive.add_link(
                get_db(), kind, entry_id, link["link_type"], link["other"],
                actor=access.current_actor(),
            )  # fmt: skip
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            flash(_("Link saved. It shows on both entries' pages and in both histories."))
            return redirect(entry_url(entry) + "#links")
    return entries.show_page(kind, entry_id, link_form=form), INVALID


def remove(kind: str, entry_id: int, link_id: int) -> ResponseReturnValue:
    """Remove one of an entry's links with a reason; it is kept, out of sight, in the history."""
    entry = _entry_or_404(kind, entry_id)
    link = next((link for link in entry["links"] if link["link_id"] == link_id), None)
    if link is None:
        abort(
            404, description=_("Link %(number)d is not one of this entry's links.", number=link_id)
        )
    form = UnlinkForm()
    if form.validate_on_submit():
        try:
            archive.remove_link(
                get_db(), kind, entry_id, link_id, access.current_actor(), form.reason.data
            )
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            flash(_("Link removed. Both entries' histories keep it, with your reason."))
            return redirect(entry_url(entry) + "#links")
    status = INVALID if form.is_submitted() else 200
    category = archive.get_category(kind)
    template = f"{BLUEPRINTS[kind]}/unlink.html"
    page = render_template(template, form=form, entry=entry, link=link, category=category)
    return page, status


def _entry_or_404(kind: str, entry_id: int) -> dict:
    try:
        return archive.get_entry(get_db(), kind, entry_id, access.can_see_confidential())
    except archive.NotFound as error:
        abort(404, description=translated(error.args[0]))
