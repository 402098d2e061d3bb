"""Verify: is the archive what its revisions and audit log say it is?

It recomputes the hash chains of revisions and of the audit log, compares every entry and source
(with its live citations and victims, and its victims' fates) with the snapshot in its latest
revision and every account with the snapshot in its latest audit row, checks that every entry
cites a source, each stored file against its SHA-256, and that the triggers refusing deletes are
in place (whether the search index is in step is checked beside it, by `index.check`). After
migrations, `record_schema_changes` records what they reshaped, so a legitimate migration is not
mistaken for tampering.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from . import audit, chain, snapshots
from .db import write_transaction
from .revisions import record_revision
from .snapshots import KINDS, Kind

SYSTEM = "system"
USER_ACTIONS = (
    "user_create",
    "user_role",
    "user_active",
    "user_password",
    "user_state",
    "user_language",
)
# Triggers that make the store refuse to lose or rewrite evidence and history.
GUARDS = (
    "abuse_reports_no_delete", "attack_claims_no_delete", "users_no_delete",
    "revisions_no_update", "revisions_no_delete", "revisions_audit", "revisions_chained",
    "audit_log_no_update", "audit_log_no_delete", "audit_log_chained",
    "citations_no_delete", "citations_no_rewrite", "citations_stay_retracted",
    "victims_no_delete", "victims_no_rewrite", "victims_stay_superseded",
    "figures_no_delete", "figures_no_rewrite", "figures_stay_retracted",
    "source_files_no_delete", "source_files_no_update",
    "entry_links_no_delete", "entry_links_no_rewrite", "entry_links_stay_retracted",
    "victims_key_fixed",
    "victim_fates_no_delete", "victim_fates_no_rewrite", "victim_fates_stay_retracted",
    "fate_citations_no_update", "fate_citations_no_delete",
)  # fmt: skip


@dataclass
class Report:
    """What verify found: problems in words (at most `limit`), counts, and the chains' heads."""

    problems: list[str] = field(default_factory=list)
    more: int = 0
    checked: dict[str, int] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)
    limit: int = 100

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    def add(self, problems: Iterator[str] | list[str]) -> None:
        """Keep the first `limit` problems and count the rest."""
        for problem in problems:
            if len(self.problems) < self.limit:
                self.problems.append(problem)
            else:
                self.more += 1


def verify(db: Database, limit: int = 100) -> Report:
    """Check everything; the report names each row that does not match."""
    report = Report(limit=limit)
    report.add(missing_guards(db))
    for table in chain.CHAINS:
        report.add(chain.check(db, table))
        report.checked[table] = db[table].count
        report.heads[table] = chain.head(db, table)
    for kind in KINDS.values():
        report.add(_records(db, kind, report))
    report.add(uncited(db))
    report.add(_accounts(db, report))
    report.add(_files(db, report))
    return report


def missing_guards(db: Database) -> Iterator[str]:
    """The refusing triggers that are no longer in the database."""
    triggers = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    present = {row[0] for row in triggers}
    for name in GUARDS:
        if name not in present:
            yield f"trigger {name} is missing: the database no longer refuses what it guarded"


def latest_snapshots(
    db: Database, entity: str, ids: list[int]
) -> dict[int, tuple[int, dict[str, Any]]]:
    """Id -> (revision id, snapshot) of the latest revision of each record that holds one."""
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"""SELECT entity_id, revision_id, snapshot FROM revisions WHERE revision_id IN (
                SELECT max(revision_id) FROM revisions WHERE entity = ? AND snapshot IS NOT NULL
                AND entity_id IN ({marks}) GROUP BY entity_id)""",
        [entity, *ids],
    )
    return {entity_id: (revision_id, json.loads(shot)) for entity_id, revision_id, shot in rows}


def _pairs(db: Database, kind: Kind) -> Iterator[tuple[int, tuple | None, dict[str, Any]]]:
    # Each record with (revision id, snapshot) of its latest revision (None if none) and its
    # snapshot now.
    for ids in snapshots.in_batches(db, kind.entity):
        recorded = latest_snapshots(db, kind.entity, ids)
        for entity_id, current in snapshots.take_many(db, kind.entity, ids).items():
            yield entity_id, recorded.get(entity_id), current


def _records(db: Database, kind: Kind, report: Report) -> Iterator[str]:
    count = 0
    for entity_id, recorded, current in _pairs(db, kind):
        count += 1
        if recorded is None:
            yield f"{kind.label} {entity_id}: no revision records its state"
        else:
            yield from differences(kind, entity_id, *recorded, current)
    report.checked[kind.table] = count
    rows = db.execute(
        f"SELECT entity_id, max(revision_id) FROM revisions WHERE entity = ? AND entity_id NOT IN"
        f" (SELECT {kind.pk} FROM {kind.table}) GROUP BY entity_id ORDER BY entity_id",
        [kind.entity],
    )
    for entity_id, revision_id in rows:
        yield f"{kind.label} {entity_id} is missing (its last revision is {revision_id})"


def uncited(db: Database) -> Iterator[str]:
    """Each entry that cites no source (every entry must: the store refuses to leave one
    without), retracted entries included."""
    for kind in KINDS.values():
        if not any(part.table == "citations" for part in kind.parts):
            continue
        rows = db.execute(
            f"SELECT {kind.pk} FROM {kind.table} WHERE {kind.pk} NOT IN (SELECT {kind.pk}"
            f" FROM citations WHERE {kind.pk} IS NOT NULL AND retracted_at IS NULL)"
            f" ORDER BY {kind.pk}"
        )
        for (entity_id,) in rows:
            yield f"{kind.label} {entity_id}: cites no source (every entry must cite one)"


def _fields(names: list[str]) -> str:
    return ("field: " if len(names) == 1 else "fields: ") + ", ".join(names)


def differences(
    kind: Kind, entity_id: int, revision_id: int, recorded: dict, current: dict
) -> Iterator[str]:
    """How a record differs from its snapshot in revision `revision_id`, in words."""
    name = f"{kind.label} {entity_id}"
    changed = snapshots.changed_fields(recorded["row"], current["row"])
    if changed:
        yield f"{name}: current row differs from revision {revision_id} ({_fields(changed)})"
    for part in kind.parts:
        then, now = recorded.get(part.name), current[part.name]
        if then is None:
            continue  # recorded before this part was covered
        for part_id in sorted(then.keys() | now.keys(), key=int):
            what = f"{part.label} {part_id} of {name}"
            if part_id not in now:
                yield f"{what} is missing"
            elif part_id not in then:
                yield f"{what} is not in revision {revision_id}"
            elif changed := snapshots.changed_fields(then[part_id], now[part_id]):
                yield f"{what} differs from revision {revision_id} ({_fields(changed)})"


def latest_user_states(db: Database) -> dict[int, tuple[int, dict[str, Any]]]:
    """User id -> (audit id, state) of the latest audit row recording each account."""
    actions = ",".join("?" * len(USER_ACTIONS))
    rows = db.execute(
        f"""SELECT audit_id, snapshot FROM audit_log WHERE audit_id IN (
                SELECT max(audit_id) FROM audit_log
                WHERE snapshot IS NOT NULL AND action IN ({actions})
                GROUP BY json_extract(snapshot, '$.user_id'))""",
        USER_ACTIONS,
    )
    states = {audit_id: json.loads(shot) for audit_id, shot in rows}
    return {state["user_id"]: (audit_id, state) for audit_id, state in states.items()}


def _account_differences(name: str, then: dict[str, Any], now: dict[str, Any]) -> Iterator[str]:
    for field_name in snapshots.changed_fields(then, now):
        if field_name == "password_hash":
            yield f"user {name}: password differs from the last recorded change"
            continue
        if field_name == "active":
            states = (now["active"], then["active"])
            now_is, said = ("active" if state else "deactivated" for state in states)
            yield f"user {name}: is {now_is}, last recorded change says {said}"
        else:
            now_is, said = now.get(field_name), then[field_name]
            yield f"user {name}: {field_name} is {now_is}, last recorded change says {said}"


def _accounts(db: Database, report: Report) -> Iterator[str]:
    recorded = latest_user_states(db)
    rows = list(db["users"].rows_where(order_by="user_id"))
    report.checked["users"] = len(rows)
    for row in rows:
        then = recorded.pop(row["user_id"], None)
        if then is None:
            yield f"user {row['username']}: no audit row records this account"
        else:
            yield from _account_differences(row["username"], then[1], snapshots.user_state(row))
    for _, state in recorded.values():
        yield f"user {state['username']} is missing"


def _files(db: Database, report: Report) -> Iterator[str]:
    count = 0
    rows = db.execute(
        "SELECT f.sha256, f.filename, f.content, group_concat(s.source_id, ', ')"
        " FROM source_files f LEFT JOIN sources s ON s.file_sha256 = f.sha256"
        " GROUP BY f.sha256 ORDER BY f.sha256"
    )
    for sha256, filename, content, source_ids in rows:
        count += 1
        if hashlib.sha256(content).hexdigest() != sha256:
            held = f"{filename}, source {source_ids}" if source_ids else filename
            yield f"stored file {sha256[:12]}: content does not match its SHA-256 ({held})"
    report.checked["source_files"] = count
    rows = db.execute(
        "SELECT source_id, file_sha256 FROM sources WHERE file_sha256 IS NOT NULL"
        " AND file_sha256 NOT IN (SELECT sha256 FROM source_files) ORDER BY source_id"
    )
    for source_id, sha256 in rows:
        yield f"source {source_id}: its stored file {sha256[:12]} is missing"


def record_schema_changes(db: Database, migration_names: list[str]) -> int:
    """After migrations ran: a system revision (or account row) for each record whose state no
    longer matches its last snapshot; returns how many were recorded."""
    reason = "schema migration " + ", ".join(migration_names)
    count = 0
    with write_transaction(db):
        for kind in KINDS.values():
            for entity_id, recorded, current in _pairs(db, kind):
                if recorded is None or list(differences(kind, entity_id, *recorded, current)):
                    changes = _row_changes(recorded[1] if recorded else None, current)
                    record_revision(db, kind.entity, entity_id, "migrate", SYSTEM, changes, reason)
                    count += 1
        count += _restate_accounts(db, reason)
    return count


def _row_changes(recorded: dict | None, current: dict) -> dict[str, list]:
    if recorded is None:
        return {}
    then, now = recorded["row"], current["row"]
    changed = snapshots.changed_fields(then, now)
    changes = {name: [then.get(name), now.get(name)] for name in changed}
    # Rows a migration made for a part snapshots did not cover yet (the figures that replaced
    # the count columns): the history says where the old values went.
    for name, rows in current.items():
        if name != "row" and name not in recorded and rows:
            changes[name] = [None, list(rows.values())]
    return changes


def _restate_accounts(db: Database, reason: str) -> int:
    recorded = latest_user_states(db)
    count = 0
    for row in db["users"].rows_where(order_by="user_id"):
        now = snapshots.user_state(row)
        then = recorded.get(row["user_id"])
        if then is None or snapshots.changed_fields(then[1], now):
            audit.record(db, "user_state", SYSTEM, row["username"], {"reason": reason},
                         snapshot=snapshots.dumps(now))  # fmt: skip
            count += 1
    return count
