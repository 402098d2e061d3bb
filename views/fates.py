"""Recording what happened to a named victim of an abuse report, through a form.

Request -> form (validates, hands back plain data) -> archive (one transaction) -> redirect.
Documenters record fates of every victim; those not cleared for confidential data choose a
confidential victim by number only ("Victim 2 (name withheld)").
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

import archive
from forms.common import new_token, show_store_errors, translated
from forms.fates import FateForm, FateRetractForm

from . import access
from .editing import INVALID, picker_sources
from .store import get_db


def victim_choices(victims: list[dict]) -> list[tuple[int, str]]:
    """(key, how the victim reads) for the form's list of who."""
    return [
        (victim["victim_key"],
         _("%(victim)s (name withheld)", victim=translated(victim["label"])) if victim["withheld"]
         else _("%(victim)s: %(name)s", victim=translated(victim["label"]), name=victim["name"]))
        for victim in victims
    ]  # fmt: skip


def record(report_id: int) -> ResponseReturnValue:
    """The form recording what happened to one of a report's named victims, and its handling."""
    db = get_db()
    cleared = access.can_see_confidential()
    try:
        entry = archive.get_entry(db, "abuse", report_id, cleared)
        victims = archive.victims_with_fates(db, report_id, cleared, list_withheld=True)
    except archive.NotFound as error:
        abort(404, description=translated(error.args[0]))
    report_url = url_for("abuses.show", report_id=report_id)
    if not victims:
        flash(_("This report names no victim: name them first (Correct this entry)."))
        return redirect(report_url)
    token = request.form.get("submission", "")
    if token and archive.find_submission(db, token):
        flash(_("This form had already been saved. Nothing was added twice."))
        return redirect(report_url)
    wanted = [value for value in [request.form.get("source_id", "")] if value.isdigit()]
    form = FateForm(
        victims=victim_choices(victims),
        sources=picker_sources(db, [int(value) for value in wanted if len(value) <= 18]),
    )
    if request.method == "GET":
        form.victim.data = request.args.get("victim", "")
    elif form.validate_on_submit():
        try:
            _save(db, report_id, form)
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            flash(_("Recorded. It is kept in the report's history."))
            return redirect(report_url)
    status = INVALID if request.method == "POST" else 200
    return render_template("abuses/fate.html", form=form, entry=entry), status


def _save(db, report_id: int, form: FateForm) -> None:
    actor = access.current_actor()

    def write() -> int:
        return archive.record_fate(
            db, report_id, int(form.victim.data), form.fate(), [form.citation()], actor
        )

    archive.submit_once(db, form.submission.data or new_token(), "fate", write, actor)


def withdraw(report_id: int, fate_id: int) -> ResponseReturnValue:
    """Withdraw a mistaken fate change with a reason; it stays in the report's history."""
    db = get_db()
    cleared = access.can_see_confidential()
    try:
        entry = archive.get_entry(db, "abuse", report_id, cleared)
        victims = archive.victims_with_fates(db, report_id, cleared, list_withheld=True)
    except archive.NotFound as error:
        abort(404, description=translated(error.args[0]))
    found = _fate_of(victims, fate_id)
    if found is None:
        message = _("Record %(number)s is not one of this report's fate changes.", number=fate_id)
        abort(404, description=message)
    victim, fate = found
    form = FateRetractForm()
    if form.validate_on_submit():
        try:
            archive.retract_fate(db, report_id, fate_id, form.reason.data, access.current_actor())
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            flash(_("Withdrawn. The report's history keeps it, with your reason."))
            return redirect(url_for("abuses.show", report_id=report_id) + "#victims-heading")
    status = INVALID if form.is_submitted() else 200
    page = render_template(
        "abuses/fate_withdraw.html", form=form, entry=entry, victim=victim, fate=fate
    )
    return page, status


def _fate_of(victims: list[dict], fate_id: int) -> tuple[dict, dict] | None:
    """(victim, fate change) of a live fate change of the report, or None."""
    for victim in victims:
        for fate in victim["history"]:
            if fate["fate_id"] == fate_id:
                return victim, fate
    return None
