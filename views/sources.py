"""Sources: the documents entries cite, at /sources, with every entry that cites each."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

import archive
from archive import reference
from archive.validation import SOURCE_LANGUAGES
from forms.common import new_token, show_store_errors, translated
from forms.source_list import SourceListForm
from forms.sources import SourceEditForm, SourceForm, SourceMergeForm, SourceRetractForm
from intake.extract import paragraphs

from . import access, source_text, submitting
from .access import can_see_confidential, role_required
from .editing import source_label
from .entries import page_number
from .store import get_db

LOOKUP_MAX_CHARS = 200
CONFIDENTIAL_DUPLICATE = _l(
    "The archive already holds this source in confidence. Nothing was saved: ask a reviewer "
    "or an administrator to cite it."
)

bp = Blueprint("sources", __name__, url_prefix="/sources")


@bp.get("/")
def index() -> ResponseReturnValue:
    """Sources, newest first, searched and filtered from the query string, each with how many
    live entries cite it."""
    db, cleared = get_db(), can_see_confidential()
    page, per_page = page_number(), current_app.config["PER_PAGE"]
    form = SourceListForm(
        formdata=request.args,
        outlets=archive.source_outlets(db, cleared),
        types=[
            (code, translated(label))
            for code, label in reference.type_labels(db, "source_types").items()
        ],
    )
    if not form.validate():
        context = {"sources": [], "total": 0, "page": 1, "pages": 1}
        return render_template("sources/index.html", form=form, **context), 400
    filters = archive.SourceFilters(**form.filters())
    sources, total = archive.list_sources(db, page, per_page, cleared, filters)
    return render_template(
        "sources/index.html", form=form, sources=sources, total=total, page=page,
        pages=max(1, -(-total // per_page)), filtered=any(vars(filters).values()),
    )  # fmt: skip


@bp.get("/<int:source_id>")
def show(source_id: int) -> str:
    """One source, its text or file, and the entries citing it, by category."""
    source = _source_or_404(source_id)
    cited_by = archive.entries_citing(get_db(), source_id)
    language_name = dict(_languages()).get(source["language"], source["language"])
    text = archive.text_of(source)
    return render_template(
        "sources/show.html", source=source, cited_by=cited_by, language_name=language_name,
        similar=_similar(source), kept_visible=_kept_visible(source), text=text,
        paragraphs=paragraphs(text), read_from_file=text and not source["body"].strip(),
        text_note=source_text.say_note(source["text_note"]),
    )  # fmt: skip


def _kept_visible(source: dict) -> bool:
    """Whether this reader may see the source a merged one went into (it may be confidential)."""
    if source["merged_into"] is None:
        return False
    kept = archive.get_source(get_db(), source["merged_into"])
    return not kept["confidential"] or can_see_confidential()


def _similar(source: dict) -> list[dict]:
    """For reviewers, who may merge them: other sources holding the same page or text."""
    if not access.has_role("reviewer") or _gone(source):
        return []
    return archive.similar_sources(get_db(), source)


def _gone(source: dict) -> bool:
    return source["merged_into"] is not None or source["retracted_at"] is not None


@bp.route("/<int:source_id>/merge", methods=["GET", "POST"])
@role_required("reviewer")
def merge(source_id: int) -> ResponseReturnValue:
    """Merge this source into the one kept: its citations move there; it stays, pointing to it."""
    source = _source_or_404(source_id)
    initial = {"kept_id": request.args.get("into", "")[:18]} if request.method == "GET" else None
    form = SourceMergeForm(data=initial)
    if not _gone(source) and form.validate_on_submit():
        actor, reason = access.current_actor(), form.reason.data
        try:
            moved = archive.merge_sources(get_db(), source_id, form.kept(), actor, reason)
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            flash(
                ngettext(
                    "Merged. %(num)d citation moved here from source #%(number)d, which stays "
                    "in the archive and points to this one.",
                    "Merged. %(num)d citations moved here from source #%(number)d, which stays "
                    "in the archive and points to this one.",
                    moved, number=source_id,
                )
            )  # fmt: skip
            return redirect(url_for("sources.show", source_id=form.kept()))
    status = 422 if request.method == "POST" else 200
    similar = archive.similar_sources(get_db(), source)
    return render_template("sources/merge.html", form=form, source=source, similar=similar), status


@bp.route("/<int:source_id>/retract", methods=["GET", "POST"])
@role_required("reviewer")
def retract(source_id: int) -> ResponseReturnValue:
    """Retract a source with a reason; refused while a live entry cites it."""
    source = _source_or_404(source_id)
    form = SourceRetractForm()
    if not _gone(source) and form.validate_on_submit():
        try:
            archive.retract_source(get_db(), source_id, form.reason.data, access.current_actor())
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            flash(_("Retracted. The source stays in the archive, out of the lists."))
            return redirect(url_for("sources.show", source_id=source_id))
    status = 422 if request.method == "POST" else 200
    return render_template("sources/retract.html", form=form, source=source), status


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
        abort(404, description=translated(error.args[0]))
    response = Response(file.content, mimetype="application/octet-stream")
    response.headers.set("Content-Disposition", "attachment", filename=file.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    return response


def _source_or_404(source_id: int) -> dict:
    try:
        source = archive.get_source(get_db(), source_id)
    except archive.NotFound as error:
        abort(404, description=translated(error.args[0]))
    if source["confidential"] and not can_see_confidential():
        abort(404, description=_("There is no source %(number)d.", number=source_id))
    return source


def _languages() -> list[tuple[str, str]]:
    """The languages a source may be in, named in the reader's language."""
    return [(code, translated(name)) for code, name in SOURCE_LANGUAGES.items()]


LOOKUP_LIMIT = 20


def _form_choices() -> dict:
    types = reference.type_labels(get_db(), "source_types")
    labels = [(code, translated(label)) for code, label in types.items()]
    return {"source_types": labels, "languages": _languages()}


@bp.route("/new", methods=["GET", "POST"])
@role_required("documenter")
def new() -> ResponseReturnValue:
    """Add a source: its details and its text or file; a known URL or file points to its source."""
    db = get_db()
    if request.method == "GET" and submitting.address_token() is None:
        return submitting.with_new_token()
    token = request.form.get("submission", "")
    done = submitting.saved_under(token)
    if done is not None:
        flash(_("This form had already been saved; here is the source. Nothing was added twice."))
        return redirect(url_for("sources.show", source_id=done[1]))
    form = SourceForm(**_form_choices())
    if request.method == "GET":
        token = form.submission.data = submitting.address_token()
        done = submitting.saved_under(token)
        saved = url_for("sources.show", source_id=done[1]) if done else None
        return render_template("sources/new.html", form=form, saved_url=saved)
    if form.validate_on_submit():
        try:
            source_id = _save_source(db, form)
        except archive.DuplicateSource as duplicate:
            if duplicate.confidential and not can_see_confidential():
                form.url.errors = [*form.url.errors, CONFIDENTIAL_DUPLICATE]
                return render_template("sources/new.html", form=form), 422
            flash(
                _(
                    "This source is already in the archive (same %(reason)s): here it is. "
                    "Nothing new was saved.",
                    reason=translated(duplicate.reason),
                )
            )
            return redirect(url_for("sources.show", source_id=duplicate.source_id))
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            flash(_("Source saved. You can now add the entries it supports."))
            return redirect(url_for("sources.show", source_id=source_id))
    status = 422 if request.method == "POST" else 200
    return render_template("sources/new.html", form=form), status


def _save_source(db, form: SourceForm) -> int:
    actor, upload = access.current_actor(), form.uploaded()
    file = text = None
    if upload is not None:
        file = archive.SourceFile(upload.filename, upload.media_type, upload.content)
        text = _read(file, form)

    def write() -> int:
        return archive.add_source(db, form.record(), actor, file, text)

    token = form.submission.data or new_token()
    source_id, _ = archive.submit_once(db, token, "source", write, actor)
    return source_id


def _read(file: archive.SourceFile, form: SourceForm) -> archive.SourceText:
    """The file's text; a file with none to read is refused unless its text is pasted too."""
    text = source_text.read_file(file)
    if text.method == "failed" and not (form.record().get("body") or "").strip():
        raise archive.InvalidRecord({"upload": text.note})
    return text


@bp.route("/<int:source_id>/edit", methods=["GET", "POST"])
@role_required("documenter")
def edit(source_id: int) -> ResponseReturnValue:
    """Correct a source's details, with a reason for the history."""
    source = _source_or_404(source_id)
    data = source if request.method == "GET" else None
    form = SourceEditForm(data=data, **_form_choices())
    if form.validate_on_submit():
        changes = form.record()
        try:
            changed = archive.update_source(
                get_db(), source_id, changes, access.current_actor(), form.reason.data.strip()
            )
        except archive.DuplicateSource as duplicate:
            hidden = duplicate.confidential and not can_see_confidential()
            form.url.errors = [
                *form.url.errors,
                CONFIDENTIAL_DUPLICATE
                if hidden
                else _(
                    "Source #%(number)d already holds this %(reason)s.",
                    number=duplicate.source_id,
                    reason=translated(duplicate.reason),
                ),
            ]
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            flash(
                _("Correction saved.") if changed else _("Nothing had changed; nothing was saved.")
            )
            return redirect(url_for("sources.show", source_id=source_id))
    status = 422 if request.method == "POST" else 200
    return render_template("sources/edit.html", form=form, source=source), status


@bp.get("/lookup")
@role_required("documenter")
def lookup() -> Response:
    """Sources whose title, outlet or URL contains ?q=, as JSON for the source picker."""
    query = request.args.get("q", "").strip()[:LOOKUP_MAX_CHARS]
    db = get_db()
    cleared = can_see_confidential()
    found = archive.find_sources(db, query, LOOKUP_LIMIT, cleared) if query else []
    return jsonify(query=query, sources=[{**row, "label": source_label(row)} for row in found])
