"""Victims' fates: what happened to each named victim over time, each change dated and cited.

A disappearance is a story over years: missing, then perhaps acknowledged in custody, released,
found dead. Each change is a row of `victim_fates` with its date (at a precision, as entries'
dates), at least one citation (a source and the passage), who recorded it and when. Rows are
never deleted or rewritten: a mistaken one is retracted with a reason. Each change is a
revision of its abuse report and re-queues the report for the search index.

A victim's fates are keyed by the report and the victim's `victim_key`, which the victim keeps
when the report's list of victims is edited (archive/entries.py).

A victim's *current* status is that of their latest change: the one with the latest date (its
first possible day); a change whose date is unknown counts as of the day it was recorded;
changes of the same day in the order they were recorded. A report is *still missing* when at
least one of its named victims' current status is missing.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from .dates import describe_date, normalise_date
from .db import utc_now, write_transaction
from .errors import InvalidRecord, NotFound
from .messages import N_
from .queue import enqueue
from .revisions import record_revision
from .validation import check_reason, clean_citations

FATES = {
    "missing": N_("Missing"),
    "in_custody": N_("In custody (acknowledged)"),
    "released": N_("Released"),
    "found_dead": N_("Found dead"),
    "killed": N_("Killed"),
}
STILL_MISSING = "missing"
# The order of a victim's changes: by date (an unknown one as of the day it was recorded),
# then as recorded.
WHEN = "coalesce(f.date_start, substr(f.created_at, 1, 10))"
ORDER = f"{WHEN}, f.fate_id"
CURRENT = f"""SELECT report_id, victim_key, status FROM (
    SELECT f.report_id, f.victim_key, f.status, row_number() OVER (
        PARTITION BY f.report_id, f.victim_key
        ORDER BY {WHEN} DESC, f.fate_id DESC) AS latest
    FROM victim_fates f JOIN victims v ON v.report_id = f.report_id
        AND v.victim_key = f.victim_key AND v.superseded_at IS NULL
    WHERE f.retracted_at IS NULL
) WHERE latest = 1"""
FATE_COLUMNS = ("status", "date_precision", "date_start", "date_end")


def clean_fate(fate: dict[str, Any]) -> dict[str, Any]:
    """A fate change's status and dates as stored, or InvalidRecord."""
    errors: dict[str, str] = {}
    status = str(fate.get("status") or "").strip()
    if status not in FATES:
        errors["status"] = "Choose what happened: " + ", ".join(FATES.values()).lower() + "."
    precision = fate.get("date_precision") or "unknown"
    start = end = None
    try:
        start, end = normalise_date(precision, fate.get("date_start"), fate.get("date_end"))
    except ValueError as error:
        errors["date_start"] = str(error)
    if errors:
        raise InvalidRecord(errors)
    return {"status": status, "date_precision": precision, "date_start": start, "date_end": end}


def record_fate(
    db: Database,
    report_id: int,
    victim_key: int,
    fate: dict[str, Any],
    citations: list[dict[str, Any]],
    actor: str,
    reason: str = "",
) -> int:
    """Record what happened to one named victim of a report, citing at least one source."""
    row = clean_fate(fate)
    cited = clean_citations(db, citations)
    reason = check_reason(reason)
    with write_transaction(db):
        labels = victim_labels(db, report_id)
        if victim_key not in labels:
            raise InvalidRecord({"victim": "Choose one of this report's named victims."})
        now = utc_now()
        stamp = {"created_at": now, "created_by": actor}
        fate = {"report_id": report_id, "victim_key": victim_key, **row, **stamp}
        fate_id = db["victim_fates"].insert(fate).last_pk
        for citation in cited:
            db["fate_citations"].insert(
                {"fate_id": fate_id, "report_id": report_id, **citation,
                 "created_at": now, "created_by": actor}
            )  # fmt: skip
        change = {"victim": labels[victim_key], "victim_key": victim_key, **row, "citations": cited}
        record_revision(db, "abuse_report", report_id, "fate", actor, {"fates": [None, change]},
                        reason)  # fmt: skip
        enqueue(db, "abuse", report_id)
    return fate_id


def retract_fate(db: Database, report_id: int, fate_id: int, reason: str, actor: str) -> None:
    """Withdraw a mistaken fate change, with a reason; it is kept, no longer counted."""
    reason = check_reason(reason, "Say why this record is withdrawn.")
    with write_transaction(db):
        found = list(db["victim_fates"].rows_where("fate_id = ? AND report_id = ?",
                                                   [fate_id, report_id]))  # fmt: skip
        if not found:
            raise NotFound(f"Fate change {fate_id} is not one of this report's.")
        if found[0]["retracted_at"] is not None:
            raise InvalidRecord({"reason": "This record was already withdrawn."})
        db.execute(
            "UPDATE victim_fates SET retracted_at = ?, retracted_by = ?, retraction_reason = ?"
            " WHERE fate_id = ?",
            [utc_now(), actor, reason, fate_id],
        )
        labels = victim_labels(db, report_id)
        key = found[0]["victim_key"]
        change = {"victim": labels.get(key, "A victim no longer named"), "victim_key": key,
                  **{name: found[0][name] for name in FATE_COLUMNS}}  # fmt: skip
        record_revision(db, "abuse_report", report_id, "fate_retract", actor,
                        {"fates": [change, None]}, reason)  # fmt: skip
        enqueue(db, "abuse", report_id)


def victim_labels(db: Database, report_id: int) -> dict[int, str]:
    """Victim key -> "Victim 1", "Victim 2"... for a report's live named victims, in order.

    NotFound when there is no such report."""
    if not db["abuse_reports"].count_where("report_id = ?", [report_id]):
        raise NotFound(f"There is no abuse report {report_id}.")
    rows = db.execute(
        "SELECT victim_key FROM victims WHERE report_id = ? AND superseded_at IS NULL"
        " ORDER BY victim_id",
        [report_id],
    )
    return {row[0]: f"Victim {number}" for number, row in enumerate(rows, start=1)}


def victims_with_fates(
    db: Database, report_id: int, include_confidential: bool, list_withheld: bool = False
) -> list[dict[str, Any]]:
    """A report's named victims, numbered, each with their fate changes (oldest first) and
    current status.

    For a reader not cleared for confidential data, a confidential victim has no name, age or
    occupation and their changes no citations (a passage could name them): only the status and
    the date. Such a victim is listed only when something was recorded of them, or when
    `list_withheld` (for documenters, who record fates).
    """
    fates = _fates(db, report_id, include_confidential)
    victims = []
    rows = db["victims"].rows_where(
        "report_id = ? AND superseded_at IS NULL", [report_id], order_by="victim_id"
    )
    for number, row in enumerate(rows, start=1):
        history = fates.get(row["victim_key"], [])
        withheld = bool(row["confidential"]) and not include_confidential
        if withheld and not (history or list_withheld):
            continue
        if withheld:
            history = [{**fate, "citations": [], "withheld": len(fate["citations"])}
                       for fate in history]  # fmt: skip
        shown = {} if withheld else {k: row[k] for k in ("name", "age", "occupation")}
        victims.append(
            {"number": number, "label": f"Victim {number}", "victim_key": row["victim_key"],
             "confidential": bool(row["confidential"]), "withheld": withheld,
             "history": history, "current": history[-1] if history else None, **shown}
        )  # fmt: skip
    return victims


def _fates(db: Database, report_id: int, include_confidential: bool) -> dict[int, list[dict]]:
    """Victim key -> live fate changes in order, each with its citations and date in words."""
    by_key: dict[int, list[dict]] = {}
    rows = db.query(
        f"SELECT * FROM victim_fates f WHERE report_id = ? AND retracted_at IS NULL"
        f" ORDER BY {ORDER}",
        [report_id],
    )
    cited = _citations(db, report_id, include_confidential)
    for row in rows:
        row["label"] = FATES[row["status"]]
        row["date"] = describe_date(row["date_precision"], row["date_start"], row["date_end"])
        row["citations"] = cited.get(row["fate_id"], [])
        by_key.setdefault(row["victim_key"], []).append(row)
    return by_key


def _citations(db: Database, report_id: int, include_confidential: bool) -> dict[int, list]:
    hidden = "" if include_confidential else " AND s.confidential = 0"
    cited: dict[int, list[dict]] = {}
    rows = db.query(
        f"""SELECT c.fate_id, c.source_id, c.passage, c.attributed_to,
                   s.title AS source_title, s.outlet AS source_outlet
            FROM fate_citations c JOIN sources s ON s.source_id = c.source_id
            WHERE c.report_id = ?{hidden} ORDER BY c.fate_citation_id""",
        [report_id],
    )
    for row in rows:
        cited.setdefault(row.pop("fate_id"), []).append(row)
    return cited


def current_statuses(db: Database, report_ids: list[int]) -> dict[int, list[str]]:
    """Report id -> its named victims' current statuses (each once, sorted), for many reports."""
    statuses: dict[int, set[str]] = {}
    for start in range(0, len(report_ids), 500):
        batch = report_ids[start : start + 500]
        rows = db.execute(
            f"SELECT report_id, status FROM ({CURRENT})"
            f" WHERE report_id IN ({','.join('?' * len(batch))})",
            batch,
        )
        for report_id, status in rows:
            statuses.setdefault(report_id, set()).add(status)
    return {report_id: sorted(found) for report_id, found in statuses.items()}


def fate_where(status: str) -> tuple[str, list[Any]]:
    """A WHERE clause on abuse reports: at least one named victim's current status is `status`."""
    return f"report_id IN (SELECT report_id FROM ({CURRENT}) WHERE status = ?)", [status]
