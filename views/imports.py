"""The import page, /import: upload a spreadsheet, choose or build a mapping, see a dry run's
report row by row (and download it), match unknown values to reference data, then import with
the progress shown.

An upload is kept in the data folder (`imports/<token>/`) for its uploader until imported. The
import itself runs in a thread of the server with its own connection, writing its progress to
the run's record, which the progress page polls (`status.json`).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

import archive
from archive import import_files, imports, mappings, reference
from archive import import_values as values
from archive.messages import Message
from forms.common import show_store_errors, translated
from forms.imports import FIELD_CHOICES, MappingForm, UploadForm, values_form
from index import index_run

from . import access
from .access import role_required
from .search_index import get_ix
from .store import get_db

log = logging.getLogger(__name__)
TOKEN = re.compile(r"[A-Za-z0-9_-]{16}")
SHOWN_ROWS = 500

bp = Blueprint("imports", __name__, url_prefix="/import")


@bp.route("/", methods=["GET", "POST"])
@role_required("documenter")
def upload() -> ResponseReturnValue:
    """Upload a spreadsheet; the saved mappings and the latest imports are listed."""
    form = UploadForm()
    if form.validate_on_submit():
        token = secrets.token_urlsafe(12)
        folder = _uploads() / token
        folder.mkdir(parents=True)
        path = folder / form.filename()
        path.write_bytes(form.content)
        try:
            table = import_files.open_table(path, (form.encoding.data or "").strip() or None)
        except import_files.UnreadableFile as error:
            form.upload.errors = [say(error.args[0])]
        else:
            _save_meta(folder, {"filename": path.name, "encoding": table.encoding,
                                "uploaded_by": access.current_actor(),
                                "sha256": table.sha256()})  # fmt: skip
            return redirect(url_for("imports.mapping", token=token))
    status = 422 if form.has_errors() or form.errors else 200
    db = get_db()
    runs = list(db.query("SELECT * FROM import_runs ORDER BY run_id DESC LIMIT 10"))
    return render_template(
        "imports/upload.html", form=form, mappings=mappings.list_mappings(db), runs=runs
    ), status


@bp.route("/<token>/", methods=["GET", "POST"])
@role_required("documenter")
def mapping(token: str) -> ResponseReturnValue:
    """Choose a saved mapping or build one from the file's columns, then try it (a dry run)."""
    folder, meta = _upload(token)
    table = _table(folder, meta)
    db = get_db()
    saved = [m["name"] for m in mappings.list_mappings(db)]
    form = MappingForm(columns=table.columns, saved=saved)
    if form.validate_on_submit():
        name = form.saved.data
        try:
            if not name:
                name = mappings.save_mapping(db, form.mapping(), access.current_actor())
            _dry_run(folder, meta, table, name)
        except archive.InvalidRecord as error:
            show_store_errors(form, {k: v for k, v in error.errors.items() if k == "name"})
            form.general_errors += [say(v) for k, v in error.errors.items() if k != "name"]
        except imports.MappingDoesNotFit as error:
            form.general_errors.append(say(error.args[0]))
        else:
            return redirect(url_for("imports.report", token=token))
    status = 422 if form.has_errors() else 200
    preview = [row for _, row in zip(range(5), table.rows(), strict=False)]
    return render_template(
        "imports/mapping.html", form=form, meta=meta, table=table, token=token,
        preview=[r for _, r in preview],
    ), status  # fmt: skip


@bp.route("/<token>/report", methods=["GET", "POST"])
@role_required("documenter")
def report(token: str) -> ResponseReturnValue:
    """The dry run's report: counts, refusals by row and column, unknown values to match."""
    folder, meta = _upload(token)
    result = meta.get("dry_run")
    if result is None:
        return redirect(url_for("imports.mapping", token=token))
    db = get_db()
    unmatched = {name: list(found) for name, found in result["unmatched"].items()}
    form = values_form(unmatched, _reference_choices(db, unmatched))
    if form.validate_on_submit() and form.matches():
        _add_value_maps(db, result["mapping"], form.matches())
        _dry_run(folder, meta, _table(folder, meta), result["mapping"])
        flash(_("Saved in the mapping, and tried again: the report below is the new one."))
        return redirect(url_for("imports.report", token=token))
    outcomes = json.loads((folder / "dry-run.json").read_text())[:SHOWN_ROWS]
    for outcome in outcomes:
        outcome["said"] = _said(outcome)
    return render_template(
        "imports/report.html", token=token, meta=meta, result=result, form=form,
        outcomes=outcomes, hidden=max(0, result.get("rows", len(outcomes)) - SHOWN_ROWS),
    )  # fmt: skip


@bp.get("/<token>/report.csv")
@role_required("documenter")
def report_csv(token: str) -> Response:
    """The dry run's report, row by row, as CSV."""
    folder, meta = _upload(token)
    path = folder / "dry-run.json"
    if not path.exists():
        abort(404, description=_("Try the mapping first: the report is made by a dry run."))
    name = Path(meta["filename"]).stem
    outcomes = [
        imports.Outcome(**{**o, "message": _said(o), "parts": []})
        for o in json.loads(path.read_text(encoding="utf-8"))
    ]
    return Response(
        imports.report_csv(outcomes), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}-dry-run.csv"'},
    )  # fmt: skip


@bp.post("/<token>/run")
@role_required("documenter")
def run(token: str) -> ResponseReturnValue:
    """Import the file with the mapping its dry run used, in a thread; show the progress."""
    folder, meta = _upload(token)
    form = values_form({}, {})
    if not form.validate_on_submit() or "dry_run" not in meta:
        abort(400, description=_("Try the mapping first (a dry run), then import."))
    if not meta.get("started") or _status(meta)["status"] == "failed":
        # A first start, or again after a failure: the run resumes after its last batch.
        meta.pop("failed", None)
        meta["started"] = _now()
        last = get_db().execute("SELECT coalesce(max(run_id), 0) FROM import_runs").fetchone()
        meta["runs_before"] = last[0]
        _save_meta(folder, meta)
        _start(current_app._get_current_object(), folder, meta, access.current_actor())
    return redirect(url_for("imports.progress", token=token))


@bp.get("/<token>/progress")
@role_required("documenter")
def progress(token: str) -> str:
    """The import's progress, updated by the page from status.json."""
    _, meta = _upload(token)
    return render_template("imports/progress.html", token=token, meta=meta,
                           status=_status(meta))  # fmt: skip


@bp.get("/<token>/status.json")
@role_required("documenter")
def status(token: str) -> Response:
    """How far the import is: rows done of rows in all, rows per second, what was done."""
    _, meta = _upload(token)
    return jsonify(_status(meta))


def _status(meta: dict[str, Any]) -> dict[str, Any]:
    db = get_db()
    mapping_name = (meta.get("dry_run") or {}).get("mapping")
    # This upload's run: one begun since it was started here, or an unfinished one it resumed.
    run_row = db.execute(
        "SELECT * FROM import_runs WHERE mapping = ? AND file_sha256 = ?"
        " AND (run_id > ? OR status != 'done') ORDER BY run_id DESC LIMIT 1",
        [mapping_name, meta["sha256"], meta.get("runs_before", 2**62)],
    ).fetchone()
    if run_row is None:
        failed = meta.get("failed")
        return {"status": "failed" if failed else "starting", "message": failed or "",
                "rows_done": 0, "rows_total": 0, "rows_per_second": 0, "counts": {}}  # fmt: skip
    names = [d[0] for d in db.execute("SELECT * FROM import_runs LIMIT 0").description]
    run_record = dict(zip(names, run_row, strict=True))
    counts = dict(db.execute(
        "SELECT action, count(*) FROM import_rows WHERE run_id = ? GROUP BY action",
        [run_record["run_id"]],
    ).fetchall())  # fmt: skip
    return {
        "status": run_record["status"], "message": run_record["message"],
        "rows_done": run_record["rows_done"], "rows_total": run_record["rows_total"],
        "rows_per_second": _rate(run_record), "counts": counts,
    }  # fmt: skip


def _rate(run_record: dict[str, Any]) -> float:
    end = run_record["finished_at"] or _now()
    seconds = datetime.fromisoformat(end) - datetime.fromisoformat(run_record["started_at"])
    elapsed = max(seconds.total_seconds(), 1.0)
    return round(run_record["rows_done"] / elapsed, 1)


def _start(app, folder: Path, meta: dict[str, Any], actor: str) -> None:
    """Import in a thread of its own, with its own connection; its record shows the progress."""

    def work() -> None:
        db = archive.open_db(app.config["DATABASE"])
        try:
            table = _table(folder, meta)
            mapping_spec = mappings.get_mapping(db, meta["dry_run"]["mapping"])
            summary = imports.run_import(db, table, mapping_spec, actor)
            shared = get_ix(app.config["INDEX_DIR"])
            index_run(shared.ix, db, summary.run_id, sources_ix=shared.sources_ix)
            (folder / "run.csv").write_text(imports.report_csv(summary.outcomes), "utf-8")
        except Exception as error:
            log.exception("Import of %s failed", meta["filename"])
            _save_meta(folder, {**meta, "failed": f"{type(error).__name__}: {error}"})
        finally:
            db.close()

    threading.Thread(target=work, name=f"import-{folder.name}", daemon=True).start()


def _dry_run(folder: Path, meta: dict[str, Any], table, mapping_name: str) -> None:
    db = get_db()
    spec = mappings.get_mapping(db, mapping_name)
    summary = imports.run_import(db, table, spec, access.current_actor(), dry_run=True)
    outcomes = [
        {**vars(o), "parts": imports.said(o.parts or ([o.message] if o.message else []))}
        for o in summary.outcomes
    ]
    (folder / "dry-run.json").write_text(json.dumps(outcomes), encoding="utf-8")
    meta["dry_run"] = {"mapping": mapping_name, "counts": dict(summary.counts),
                       "rows": len(outcomes),
                       "unmatched": json.loads(imports.unmatched_json(summary))}  # fmt: skip
    _save_meta(folder, meta)


def say(message: Any) -> str:
    """A message of the archive's, or one kept as plain data (imports.said), in the reader's
    language; the values inside it too."""
    if isinstance(message, Message):
        message = {"template": message.template, "values": message.values}
    if isinstance(message, dict):
        values = {name: say(value) if isinstance(value, dict | Message) else value
                  for name, value in message["values"].items()}  # fmt: skip
        return _(message["template"], **values)
    return translated(message)


def _said(outcome: dict[str, Any]) -> str:
    """Why a row would be (or was) done as it was, in the reader's language."""
    parts = outcome.get("parts")
    if not parts:
        return outcome.get("message", "")
    return "; ".join(say(part) for part in parts)


def _reference_choices(db, unmatched: dict[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
    """For each field with unknown values, the reference data they may be matched to."""
    lookups = values.Lookups.load(db)
    choices = {}
    for name in unmatched:
        if name == "district":
            choices[name] = [(d["name"], f"{d['name']} ({d['province']})")
                             for d in reference.districts(db)]  # fmt: skip
        else:
            known = sorted(set(lookups.names.get(name, {}).values()))
            choices[name] = [(value, value) for value in known]
    return choices


def _add_value_maps(db, mapping_name: str, matches: dict[str, dict[str, str]]) -> None:
    """Write the chosen matches into the mapping's value maps, field by field."""
    spec = mappings.get_mapping(db, mapping_name)
    for name, chosen in matches.items():
        field_spec = spec["fields"].get(name)
        if isinstance(field_spec, str):
            field_spec = {"column": field_spec}
        if isinstance(field_spec, dict):
            field_spec["values"] = {**field_spec.get("values", {}), **chosen}
            spec["fields"][name] = field_spec
    mappings.save_mapping(db, spec, access.current_actor())


def _uploads() -> Path:
    return Path(current_app.config["DATA_DIR"]) / "imports"


def _upload(token: str) -> tuple[Path, dict[str, Any]]:
    """The upload's folder and record; 404 for an unknown one or another person's."""
    folder = _uploads() / token
    if not TOKEN.fullmatch(token) or not (folder / "meta.json").exists():
        abort(404, description=_("There is no such upload (it may have been imported already)."))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if meta["uploaded_by"] != access.current_actor() and not access.has_role("admin"):
        abort(404, description=_("There is no such upload."))
    return folder, meta


def _table(folder: Path, meta: dict[str, Any]):
    return import_files.open_table(folder / meta["filename"], meta["encoding"])


def _save_meta(folder: Path, meta: dict[str, Any]) -> None:
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


__all__ = ["FIELD_CHOICES", "bp"]
