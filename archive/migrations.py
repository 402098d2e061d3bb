"""Schema changes as named, append-only migrations (sqlite-utils' `Migrations`).

Never edit a migration that has shipped: add a new one below it.
"""

from __future__ import annotations

import re

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import chain, places
from .db import utc_now, write_transaction
from .verify import record_schema_changes

migrations = Migrations("gawahi")

ENTRY_COLUMNS = """
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    narrative TEXT NOT NULL DEFAULT '',
    date_precision TEXT NOT NULL
        CHECK (date_precision IN ('day', 'range', 'month', 'year', 'unknown')),
    date_start TEXT,
    date_end TEXT,
    province TEXT NOT NULL DEFAULT '',
    district TEXT REFERENCES districts(name) ON UPDATE CASCADE,
    place TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    retraction_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    CHECK (date_end IS NULL OR date_start IS NULL OR date_end >= date_start)
"""


@migrations(name="0001_reference_data")
def reference_tables(db: Database) -> None:
    """Pick-lists that administrators extend: types, districts, armed groups, spellings."""
    for table in ("abuse_types", "claim_types", "source_types"):
        db.execute(
            f"CREATE TABLE {table} (code TEXT PRIMARY KEY, label TEXT NOT NULL,"
            " position INTEGER NOT NULL DEFAULT 0)"
        )
    db.execute(
        "CREATE TABLE districts (name TEXT PRIMARY KEY, province TEXT NOT NULL,"
        " aliases TEXT NOT NULL DEFAULT '[]')"
    )
    db.execute(
        "CREATE TABLE armed_groups (code TEXT PRIMARY KEY, name TEXT NOT NULL,"
        " aliases TEXT NOT NULL DEFAULT '[]')"
    )
    db.execute(
        "CREATE TABLE place_spellings (name TEXT PRIMARY KEY, variants TEXT NOT NULL DEFAULT '[]')"
    )


@migrations(name="0002_sources")
def source_tables(db: Database) -> None:
    """Sources, cited by many entries, with the file or text they hold."""
    db.execute(
        """CREATE TABLE source_files (
            sha256 TEXT PRIMARY KEY,
            filename TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            content BLOB NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE sources (
            source_id INTEGER PRIMARY KEY,
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            outlet TEXT NOT NULL DEFAULT '',
            url TEXT,
            published TEXT,
            accessed TEXT,
            source_type TEXT NOT NULL REFERENCES source_types(code) ON UPDATE CASCADE,
            language TEXT NOT NULL DEFAULT 'en',
            body TEXT NOT NULL DEFAULT '',
            sha256 TEXT,
            file_sha256 TEXT REFERENCES source_files(sha256),
            confidential INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        )"""
    )
    db.execute("CREATE UNIQUE INDEX sources_url ON sources(url) WHERE url IS NOT NULL")
    db.execute("CREATE UNIQUE INDEX sources_sha256 ON sources(sha256) WHERE sha256 IS NOT NULL")


@migrations(name="0003_entries")
def entry_tables(db: Database) -> None:
    """Abuse reports and attack claims: two tables, never one with a kind column."""
    db.execute(
        f"""CREATE TABLE abuse_reports (
            report_id INTEGER PRIMARY KEY,
            abuse_type TEXT NOT NULL REFERENCES abuse_types(code) ON UPDATE CASCADE,
            victim_count INTEGER CHECK (victim_count IS NULL OR victim_count >= 0),
            perpetrator TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN
                ('alleged', 'corroborated', 'verified', 'disputed', 'retracted')),
            {ENTRY_COLUMNS}
        )"""
    )
    db.execute(
        f"""CREATE TABLE attack_claims (
            claim_id INTEGER PRIMARY KEY,
            group_code TEXT NOT NULL REFERENCES armed_groups(code) ON UPDATE CASCADE,
            spokesperson TEXT NOT NULL DEFAULT '',
            claim_medium TEXT NOT NULL CHECK (claim_medium IN
                ('media_statement', 'press_release', 'social_media', 'video', 'other')),
            claim_type TEXT NOT NULL REFERENCES claim_types(code) ON UPDATE CASCADE,
            claimed_targets TEXT NOT NULL DEFAULT '',
            claimed_killed INTEGER CHECK (claimed_killed IS NULL OR claimed_killed >= 0),
            claimed_injured INTEGER CHECK (claimed_injured IS NULL OR claimed_injured >= 0),
            official_response TEXT NOT NULL DEFAULT 'none'
                CHECK (official_response IN ('none', 'confirmed', 'denied')),
            official_killed INTEGER CHECK (official_killed IS NULL OR official_killed >= 0),
            official_injured INTEGER CHECK (official_injured IS NULL OR official_injured >= 0),
            official_statement TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN
                ('claimed', 'confirmed', 'denied', 'disputed', 'retracted')),
            {ENTRY_COLUMNS}
        )"""
    )
    db.execute(
        """CREATE TABLE victims (
            victim_id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES abuse_reports(report_id),
            name TEXT NOT NULL DEFAULT '',
            age INTEGER,
            occupation TEXT NOT NULL DEFAULT '',
            confidential INTEGER NOT NULL DEFAULT 1
        )"""
    )
    db.execute("CREATE INDEX victims_report ON victims(report_id)")
    db.execute(
        """CREATE TABLE citations (
            citation_id INTEGER PRIMARY KEY,
            report_id INTEGER REFERENCES abuse_reports(report_id),
            claim_id INTEGER REFERENCES attack_claims(claim_id),
            source_id INTEGER NOT NULL REFERENCES sources(source_id),
            passage TEXT NOT NULL CHECK (length(trim(passage)) > 0),
            attributed_to TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            CHECK ((report_id IS NULL) <> (claim_id IS NULL))
        )"""
    )
    for column in ("report_id", "claim_id", "source_id"):
        db.execute(f"CREATE INDEX citations_{column} ON citations({column})")
    for table in ("abuse_reports", "attack_claims"):
        db.execute(f"CREATE INDEX {table}_date ON {table}(date_start)")
        db.execute(f"CREATE INDEX {table}_status ON {table}(status)")


@migrations(name="0004_revisions_and_index_queue")
def history_tables(db: Database) -> None:
    """Revisions (who, when, what, why) and the queue of changes the search index must apply."""
    db.execute(
        """CREATE TABLE revisions (
            revision_id INTEGER PRIMARY KEY,
            entity TEXT NOT NULL CHECK (entity IN ('abuse_report', 'attack_claim', 'source')),
            entity_id INTEGER NOT NULL,
            action TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            changes TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    db.execute("CREATE INDEX revisions_entity ON revisions(entity, entity_id)")
    # Revisions are the record of what happened: the store never rewrites or removes one.
    db.execute(
        "CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions "
        "BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions "
        "BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END"
    )
    db.execute(
        """CREATE TABLE index_queue (
            queue_id INTEGER PRIMARY KEY,
            doc_kind TEXT NOT NULL CHECK (doc_kind IN ('abuse', 'claim', 'source')),
            doc_id INTEGER NOT NULL,
            queued_at TEXT NOT NULL
        )"""
    )
    for table in ("abuse_reports", "attack_claims"):
        # Entries are retracted, never deleted.
        db.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'entries are retracted, never deleted'); END"
        )


@migrations(name="0005_form_submissions")
def form_submissions(db: Database) -> None:
    """One-time tokens of submitted forms, so a double click or a reload saves once."""
    db.execute(
        """CREATE TABLE form_submissions (
            token TEXT PRIMARY KEY,
            entity TEXT NOT NULL,
            entity_id INTEGER NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL
        )"""
    )


REVISION_AUDIT_VALUES = """NEW.at, NEW.actor,
    CASE NEW.action WHEN 'retract' THEN 'retract' ELSE 'change' END,
    NEW.entity || ' ' || NEW.entity_id,
    json_object('revision', NEW.action, 'reason', NEW.reason)"""


@migrations(name="0006_accounts_and_audit")
def account_tables(db: Database) -> None:
    """Staff accounts, the one-time set-up token, and the append-only audit log."""
    db.execute(
        """CREATE TABLE users (
            user_id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(username)) > 0),
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('reader', 'documenter', 'reviewer', 'admin')),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            password_changed_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        )"""
    )
    # Accounts are deactivated, never deleted: old revisions and audit rows name them.
    db.execute(
        "CREATE TRIGGER users_no_delete BEFORE DELETE ON users "
        "BEGIN SELECT RAISE(ABORT, 'users are deactivated, never deleted'); END"
    )
    db.execute("CREATE TABLE setup_tokens (token_hash TEXT PRIMARY KEY, created_at TEXT NOT NULL)")
    db.execute(
        """CREATE TABLE audit_log (
            audit_id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '{}',
            address TEXT,
            revision_id INTEGER REFERENCES revisions(revision_id)
        )"""
    )
    db.execute("CREATE INDEX audit_log_at ON audit_log(at)")
    for column in ("actor", "action"):
        db.execute(f"CREATE INDEX audit_log_{column} ON audit_log({column}, at)")
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
    # Every revision, whoever writes it, is also an audit row; audit_address() is the address of
    # the request that holds this connection (registered per connection, see archive/audit.py).
    db.execute(
        f"""CREATE TRIGGER revisions_audit AFTER INSERT ON revisions BEGIN
            INSERT INTO audit_log (at, actor, action, subject, detail, address, revision_id)
            VALUES ({REVISION_AUDIT_VALUES}, audit_address(), NEW.revision_id);
        END"""
    )
    # Changes made before accounts existed are in the log too, from no known address.
    db.execute(
        f"""INSERT INTO audit_log (at, actor, action, subject, detail, address, revision_id)
            SELECT {REVISION_AUDIT_VALUES.replace("NEW.", "")}, NULL, revision_id
            FROM revisions ORDER BY revision_id"""
    )


@migrations(name="0007_index_queue_ids_never_reused")
def index_queue_autoincrement(db: Database) -> None:
    """Queue ids that are never reused, so a late 'applied' can only remove what it applied.

    With a plain INTEGER PRIMARY KEY, SQLite hands a deleted id to the next row: a process that
    marked a change applied after another process had already removed it would then remove a
    newer, never-indexed change that had been given the same id.
    """
    db.execute("ALTER TABLE index_queue RENAME TO index_queue_0004")
    db.execute(
        """CREATE TABLE index_queue (
            queue_id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_kind TEXT NOT NULL CHECK (doc_kind IN ('abuse', 'claim', 'source')),
            doc_id INTEGER NOT NULL,
            queued_at TEXT NOT NULL
        )"""
    )
    db.execute("INSERT INTO index_queue SELECT * FROM index_queue_0004")
    db.execute("DROP TABLE index_queue_0004")


@migrations(name="0008_entries_in_date_order")
def entries_in_date_order(db: Database) -> None:
    """Indexes in the lists' two date orders (entries.SORTS), so the latest five on the home
    page and each page of a list are read in order, not sorted from the whole table (at
    100,000 entries that sort took 70 ms a list)."""
    for table, pk in (("abuse_reports", "report_id"), ("attack_claims", "claim_id")):
        db.execute(
            f"CREATE INDEX {table}_newest ON {table}"
            f"(date_start IS NULL, date_start DESC, {pk} DESC)"
        )
        db.execute(f"CREATE INDEX {table}_oldest ON {table}(date_start IS NULL, date_start, {pk})")


@migrations(name="0009_server_sessions")
def server_sessions(db: Database) -> None:
    """Sessions kept on the server: the cookie holds only a random token, stored here hashed.

    Ending a session (signing out, an administrator, a password change) marks its row, so a
    copied cookie stops working; rows are ended, never deleted.
    """
    db.execute(
        """CREATE TABLE sessions (
            session_id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id INTEGER NOT NULL REFERENCES users(user_id),
            started_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            last_address TEXT NOT NULL DEFAULT '',
            user_agent TEXT NOT NULL DEFAULT '',
            ended_at TEXT,
            ended_by TEXT,
            end_reason TEXT
        )"""
    )
    db.execute("CREATE INDEX sessions_live ON sessions(ended_at, user_id, last_seen_at)")


@migrations(name="0010_sign_in_throttle")
def sign_in_throttle(db: Database) -> None:
    """Indexes for counting failed sign-ins per account and address, and per address."""
    db.execute(
        "CREATE INDEX audit_log_sign_in_pair"
        " ON audit_log(action, subject COLLATE NOCASE, address, at)"
    )
    db.execute("CREATE INDEX audit_log_sign_in_address ON audit_log(action, address, at)")


@migrations(name="0011_two_factor")
def two_factor(db: Database) -> None:
    """Second factors: one TOTP secret per account, and its hashed one-time recovery codes.

    `last_counter` is the time step of the last code accepted, so a code is refused the second
    time even within its window. Rows are removed when the second factor is turned off or reset
    (the audit log keeps who did it and when): a secret no one uses should not be kept.
    """
    db.execute(
        """CREATE TABLE two_factor (
            user_id INTEGER PRIMARY KEY REFERENCES users(user_id),
            secret TEXT NOT NULL,
            last_counter INTEGER NOT NULL DEFAULT 0,
            enrolled_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE recovery_codes (
            code_id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(user_id),
            salt TEXT NOT NULL,
            code_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            used_at TEXT
        )"""
    )
    db.execute("CREATE INDEX recovery_codes_user ON recovery_codes(user_id)")


@migrations(name="0012_evidence_never_deleted")
def evidence_never_deleted(db: Database) -> None:
    """Citations are retracted and named victims superseded, never deleted or rewritten; stored
    files never change. Readers skip retracted and superseded rows; history keeps them."""
    for column in ("retracted_at TEXT", "retracted_by TEXT",
                   "retraction_reason TEXT NOT NULL DEFAULT ''"):  # fmt: skip
        db.execute(f"ALTER TABLE citations ADD COLUMN {column}")
    for column in ("superseded_at TEXT", "superseded_by TEXT"):
        db.execute(f"ALTER TABLE victims ADD COLUMN {column}")
    for table, gone, content in (
        ("citations", "retracted", "citation_id, report_id, claim_id, source_id, passage,"
                                   " attributed_to, created_at, created_by"),
        ("victims", "superseded", "victim_id, report_id, name, age, occupation, confidential"),
    ):  # fmt: skip
        _kept_when_withdrawn(db, table, content, gone)
    for verb in ("UPDATE", "DELETE"):
        _refuse(db, f"source_files_no_{verb.lower()}", f"BEFORE {verb} ON source_files",
                "stored files are kept as they were received")  # fmt: skip


# The audit row of a revision, chained like every other (see archive/chain.py).
CHAINED_REVISION_AUDIT = """CREATE TRIGGER revisions_audit AFTER INSERT ON revisions BEGIN
    INSERT INTO audit_log (audit_id, at, actor, action, subject, detail, address, revision_id,
                           snapshot, prev_hash, row_hash)
    SELECT audit_id, at, actor, action, subject, detail, address, revision_id, NULL, prev_hash,
           chain_hash(prev_hash, audit_id, at, actor, action, subject, detail, address,
                      revision_id, NULL)
    FROM (SELECT coalesce((SELECT max(audit_id) FROM audit_log), 0) + 1 AS audit_id,
                 coalesce((SELECT row_hash FROM audit_log ORDER BY audit_id DESC LIMIT 1), '')
                     AS prev_hash,
                 NEW.at AS at, NEW.actor AS actor,
                 CASE NEW.action WHEN 'retract' THEN 'retract' ELSE 'change' END AS action,
                 NEW.entity || ' ' || NEW.entity_id AS subject,
                 json_object('revision', NEW.action, 'reason', NEW.reason) AS detail,
                 audit_address() AS address, NEW.revision_id AS revision_id);
END"""


@migrations(name="0013_hash_chain")
def hash_chain(db: Database) -> None:
    """Revisions and audit rows form hash chains; revisions and account rows hold snapshots.

    Existing rows are chained in id order. The snapshots that existing records lack are
    recorded by `migrate()` once this has run (see `archive.verify.record_schema_changes`).
    """
    chain.register(db)
    for table in ("revisions", "audit_log"):
        for column in ("snapshot TEXT", "prev_hash TEXT", "row_hash TEXT"):
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
    for trigger in ("revisions_no_update", "audit_log_no_update", "revisions_audit"):
        db.execute(f"DROP TRIGGER {trigger}")
    chain.rehash(db, "revisions")
    chain.rehash(db, "audit_log")
    _refuse(db, "revisions_no_update", "BEFORE UPDATE ON revisions", "revisions are append-only")
    _refuse(db, "audit_log_no_update", "BEFORE UPDATE ON audit_log",
            "the audit log is append-only")  # fmt: skip
    db.execute(CHAINED_REVISION_AUDIT)
    for table, writer in (("revisions", "archive.revisions"), ("audit_log", "archive.audit")):
        _refuse(db, f"{table}_chained", f"BEFORE INSERT ON {table} WHEN NEW.row_hash IS NULL",
                f"{table} rows are hash-chained: write them through {writer}")  # fmt: skip


@migrations(name="0015_sources_list")
def sources_list(db: Database) -> None:
    """Indexes for the Sources list's filters: by outlet and by date of publication."""
    db.execute("CREATE INDEX IF NOT EXISTS sources_outlet ON sources(outlet)")
    db.execute("CREATE INDEX IF NOT EXISTS sources_published ON sources(published)")


@migrations(name="0016_actors")
def actors_table(db: Database) -> None:
    """Armed groups become one kind of actor among three: armed groups, state forces and
    agencies, organisations; abuse reports may name their alleged perpetrator by code.

    The table is renamed, not copied, so every group keeps its code, name and aliases and
    attack claims' foreign key follows it (SQLite rewrites `REFERENCES armed_groups` to
    `actors`). `armed_groups` stays readable as a view of the armed groups.
    """
    db.execute("ALTER TABLE armed_groups RENAME TO actors")
    db.execute(
        "ALTER TABLE actors ADD COLUMN kind TEXT NOT NULL DEFAULT 'armed_group'"
        " CHECK (kind IN ('armed_group', 'state', 'organisation'))"
    )
    db.execute("ALTER TABLE actors ADD COLUMN transliterations TEXT NOT NULL DEFAULT '[]'")
    db.execute(
        "CREATE VIEW armed_groups AS SELECT code, name, aliases, transliterations"
        " FROM actors WHERE kind = 'armed_group'"
    )
    db.execute(
        "ALTER TABLE abuse_reports ADD COLUMN perpetrator_code TEXT"
        " REFERENCES actors(code) ON UPDATE CASCADE"
    )
    # Changing an actor's names re-queues the entries that name it by code.
    db.execute("CREATE INDEX abuse_reports_perpetrator_code ON abuse_reports(perpetrator_code)")
    db.execute("CREATE INDEX attack_claims_group_code ON attack_claims(group_code)")
    # Only an armed group makes attack claims, whoever writes the row.
    not_a_group = (
        "WHEN (SELECT kind FROM actors WHERE code = NEW.group_code) IS NOT 'armed_group' "
        "BEGIN SELECT RAISE(ABORT, 'an attack claim is made by an armed group'); END"
    )
    db.execute(
        f"CREATE TRIGGER attack_claims_by_group BEFORE INSERT ON attack_claims {not_a_group}"
    )
    db.execute(
        "CREATE TRIGGER attack_claims_by_group_update BEFORE UPDATE OF group_code"
        f" ON attack_claims {not_a_group}"
    )
    db.execute(
        """CREATE TRIGGER actors_claimants_stay_groups BEFORE UPDATE OF kind ON actors
        WHEN OLD.kind = 'armed_group' AND NEW.kind != 'armed_group'
            AND EXISTS (SELECT 1 FROM attack_claims WHERE group_code = OLD.code)
        BEGIN SELECT RAISE(ABORT, 'the claimant of attack claims stays an armed group'); END"""
    )
    # Entries and revisions name actors by code: an actor is never removed.
    db.execute(
        "CREATE TRIGGER actors_no_delete BEFORE DELETE ON actors "
        "BEGIN SELECT RAISE(ABORT, 'actors are kept: entries name them'); END"
    )


@migrations(name="0017_figures_as_reported", transactional=False)
def figures_as_reported(db: Database) -> None:
    """Figures as reported (killed, injured, missing, hostages, detained, each with how exact
    and who gives it) replace the entries' count columns; claims may say they came by e-mail
    or that the channel is not known; officials may dispute; abuse reports get an official
    response too.

    SQLite changes a CHECK only by rebuilding the table: each entry table is copied into a new
    one, the old dropped and the new renamed, with foreign keys off (citations, victims and
    figures keep pointing at the same ids) and every index, trigger and view that names the two
    tables recreated as it was. It runs in its own transaction: foreign keys cannot be turned
    off inside one. Every old count becomes a figure first; nothing is lost.
    """
    if "figures" in db.table_names():
        return  # done, but stopped before it was marked applied
    keys_on = db.execute("PRAGMA foreign_keys").fetchone()[0]
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with write_transaction(db):
            _rebuild_entry_tables(db)
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"0017: foreign keys broken by the rebuild: {problems[:5]}")
    finally:
        db.execute(f"PRAGMA foreign_keys = {'ON' if keys_on else 'OFF'}")


def _rebuild_entry_tables(db: Database) -> None:
    tables = tuple(ENTRY_TABLES_0017)
    dependents = _dependents(db, tables)
    for kind, name, _ in dependents:
        if kind != "index":
            db.execute(f"DROP {kind.upper()} {name}")
    db.execute(FIGURES_TABLE)
    for table, create in ENTRY_TABLES_0017.items():
        _copy_entries(db, table, create)
    for _, _, sql in dependents:
        db.execute(sql)
    for column in ("report_id", "claim_id"):
        db.execute(f"CREATE INDEX figures_{column} ON figures({column})")
    content = "figure_id, report_id, claim_id, kind, count, qualifier, given_by, citation_id"
    _kept_when_withdrawn(db, "figures", content)


def _dependents(db: Database, tables: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(type, name, SQL) of the indexes, triggers and views on or naming `tables`, in order."""
    named = re.compile(r"\b(" + "|".join(tables) + r")\b")
    rows = db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        " AND type IN ('index', 'trigger', 'view') ORDER BY rowid"
    )
    return [
        (kind, name, sql)
        for kind, name, table, sql in rows
        if table in tables or (kind != "index" and named.search(sql))
    ]


def _copy_entries(db: Database, table: str, create: str) -> None:
    new = f"{table}_0017"
    db.execute(create)
    old_columns = [column.name for column in db[table].columns]
    new_columns = [column.name for column in db[new].columns]
    counts = COUNTS_0017[table]
    lost = set(old_columns) - set(new_columns) - set(counts)
    if lost:
        raise RuntimeError(f"0017 does not know the columns {sorted(lost)} of {table}")
    shared = ", ".join(column for column in new_columns if column in old_columns)
    db.execute(f"INSERT INTO {new} ({shared}) SELECT {shared} FROM {table}")
    pk = db[table].pks[0]
    for column, (kind, given_by) in counts.items():
        db.execute(
            f"""INSERT INTO figures ({pk}, kind, count, qualifier, given_by, created_at,
                                     created_by)
                SELECT {pk}, ?, {column}, 'exact', ?, ?, 'system' FROM {table}
                WHERE {column} IS NOT NULL ORDER BY {pk}""",
            [kind, given_by, utc_now()],
        )
    db.execute(f"DROP TABLE {table}")
    db.execute(f"ALTER TABLE {new} RENAME TO {table}")


@migrations(name="0018_victim_fates")
def victim_fates(db: Database) -> None:
    """What happened to each named victim, over time: missing, in custody, released, found dead,
    killed; each change dated and cited, retracted with a reason, never deleted or rewritten.

    A victim edited out and back into an entry's list is a new row (entries supersede victims):
    `victim_key` is what stays, carried from the row it replaces, so a victim's fates follow the
    person across edits. Existing live victims take their own id as their key.
    """
    db.execute("ALTER TABLE victims ADD COLUMN victim_key INTEGER")
    db.execute("UPDATE victims SET victim_key = victim_id WHERE superseded_at IS NULL")
    db.execute("CREATE INDEX victims_key ON victims(report_id, victim_key)")
    _refuse(db, "victims_key_fixed",
            "BEFORE UPDATE OF victim_key ON victims WHEN OLD.victim_key IS NOT NULL",
            "a victim keeps its key")  # fmt: skip
    db.execute(
        """CREATE TABLE victim_fates (
            fate_id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES abuse_reports(report_id),
            victim_key INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN
                ('missing', 'in_custody', 'released', 'found_dead', 'killed')),
            date_precision TEXT NOT NULL
                CHECK (date_precision IN ('day', 'range', 'month', 'year', 'unknown')),
            date_start TEXT,
            date_end TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            retracted_at TEXT,
            retracted_by TEXT,
            retraction_reason TEXT NOT NULL DEFAULT '',
            CHECK (date_end IS NULL OR date_start IS NULL OR date_end >= date_start)
        )"""
    )
    db.execute("CREATE INDEX victim_fates_victim ON victim_fates(report_id, victim_key)")
    db.execute(
        """CREATE TABLE fate_citations (
            fate_citation_id INTEGER PRIMARY KEY,
            fate_id INTEGER NOT NULL REFERENCES victim_fates(fate_id),
            report_id INTEGER NOT NULL REFERENCES abuse_reports(report_id),
            source_id INTEGER NOT NULL REFERENCES sources(source_id),
            passage TEXT NOT NULL CHECK (length(trim(passage)) > 0),
            attributed_to TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        )"""
    )
    for column in ("fate_id", "report_id", "source_id"):
        db.execute(f"CREATE INDEX fate_citations_{column} ON fate_citations({column})")
    content = ("fate_id, report_id, victim_key, status, date_precision, date_start, date_end,"
               " created_at, created_by")  # fmt: skip
    _kept_when_withdrawn(db, "victim_fates", content)
    # A fate's citations go with it: retracting the fate withdraws them.
    for verb in ("UPDATE", "DELETE"):
        _refuse(db, f"fate_citations_no_{verb.lower()}", f"BEFORE {verb} ON fate_citations",
                "fate_citations are kept as recorded")  # fmt: skip


def _refuse(db: Database, name: str, when: str, message: str) -> None:
    db.execute(f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{message}'); END")


def _kept_when_withdrawn(db: Database, table: str, content: str, gone: str = "retracted") -> None:
    """Evidence rows of `table` are withdrawn (`{gone}_at` set), never deleted: the database
    refuses a DELETE, a change to `content` (the columns that say what the row records), and
    any change once withdrawn. verify.GUARDS names the three triggers."""
    message = f"{table.replace('_', ' ')} are {gone}, never deleted or rewritten"
    _refuse(db, f"{table}_no_delete", f"BEFORE DELETE ON {table}", message)
    _refuse(db, f"{table}_no_rewrite", f"BEFORE UPDATE OF {content} ON {table}", message)
    _refuse(db, f"{table}_stay_{gone}",
            f"BEFORE UPDATE ON {table} WHEN OLD.{gone}_at IS NOT NULL", message)  # fmt: skip


@migrations(name="0019_entry_links")
def entry_links(db: Database) -> None:
    """Links between two entries: the same event, part of an operation, or a follow-up.

    Each end is a (kind, id) pair, so an abuse report and an attack claim can be linked. A link
    is retracted with a reason, never deleted or rewritten, like a citation. 'same_event' is
    symmetric and stored with its ends in order, so one unique index refuses it both ways.
    """
    db.execute(
        """CREATE TABLE entry_links (
            link_id INTEGER PRIMARY KEY,
            from_kind TEXT NOT NULL CHECK (from_kind IN ('abuse', 'claim')),
            from_id INTEGER NOT NULL,
            to_kind TEXT NOT NULL CHECK (to_kind IN ('abuse', 'claim')),
            to_id INTEGER NOT NULL,
            link_type TEXT NOT NULL CHECK (link_type IN ('same_event', 'part_of', 'follow_up')),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            retracted_at TEXT,
            retracted_by TEXT,
            retraction_reason TEXT NOT NULL DEFAULT '',
            CHECK (from_kind != to_kind OR from_id != to_id)
        )"""
    )
    for end in ("from", "to"):
        db.execute(f"CREATE INDEX entry_links_{end} ON entry_links({end}_kind, {end}_id)")
    db.execute(
        "CREATE UNIQUE INDEX entry_links_live ON entry_links(from_kind, from_id, to_kind, to_id)"
        " WHERE retracted_at IS NULL"
    )
    # Both ends must exist, whoever writes the row (an end in the other table cannot be a
    # foreign key).
    for end in ("from", "to"):
        db.execute(
            f"""CREATE TRIGGER entry_links_{end}_exists BEFORE INSERT ON entry_links
            WHEN NOT EXISTS (SELECT 1 FROM abuse_reports WHERE NEW.{end}_kind = 'abuse'
                                 AND report_id = NEW.{end}_id)
             AND NOT EXISTS (SELECT 1 FROM attack_claims WHERE NEW.{end}_kind = 'claim'
                                 AND claim_id = NEW.{end}_id)
            BEGIN SELECT RAISE(ABORT, 'a link joins two entries of the archive'); END"""
        )
    content = "link_id, from_kind, from_id, to_kind, to_id, link_type, created_at, created_by"
    _kept_when_withdrawn(db, "entry_links", content)


@migrations(name="0020_source_merges")
def source_merges(db: Database) -> None:
    """Near-duplicate sources found and merged or retracted, never deleted; likely duplicate
    entries found quickly.

    `text_fingerprint` and `url_key` (archive/duplicates.py) find a source saved twice with one
    extra space or a tracking parameter; they are computed here for existing sources. A merged
    source points at the one kept (`merged_into`); a retracted one keeps its reason. Entries get
    an index on (district, date_start), the first narrowing of the likely-duplicate search.
    """
    from .duplicates import source_keys

    for column in ("text_fingerprint TEXT", "url_key TEXT",
                   "merged_into INTEGER REFERENCES sources(source_id)", "retracted_at TEXT",
                   "retraction_reason TEXT NOT NULL DEFAULT ''"):  # fmt: skip
        db.execute(f"ALTER TABLE sources ADD COLUMN {column}")
    rows = db.execute("SELECT source_id, url, body FROM sources").fetchall()
    for source_id, url, body in rows:
        keys = source_keys({"url": url, "body": body})
        db.execute(
            "UPDATE sources SET url_key = ?, text_fingerprint = ? WHERE source_id = ?",
            [keys["url_key"], keys["text_fingerprint"], source_id],
        )
    for column in ("url_key", "text_fingerprint", "merged_into"):
        db.execute(f"CREATE INDEX sources_{column} ON sources({column})")
    for table in ("abuse_reports", "attack_claims"):
        db.execute(f"CREATE INDEX {table}_district_date ON {table}(district, date_start)")


@migrations(name="0021_places")
def places_gazetteer(db: Database) -> None:
    """A gazetteer: each place with its district and, when known, its coordinates
    (archive/places.py). Filled at first run like the other reference data."""
    db.execute(
        """CREATE TABLE places (
            name TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
            district TEXT NOT NULL REFERENCES districts(name) ON UPDATE CASCADE,
            aliases TEXT NOT NULL DEFAULT '[]',
            latitude REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
            longitude REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180)
        )"""
    )


@migrations(name="0022_source_text")
def source_text(db: Database) -> None:
    """The text read from a source's file, kept beside the file (which stays the evidence).

    `text_method` says how it was read ("html", "pdf", "text"), "failed" when nothing could
    be read (`text_note` says why), or NULL while not yet read: file sources saved before this
    migration are read once at the next start (views/source_text.py), each with a revision.
    """
    for column in ("extracted_text TEXT NOT NULL DEFAULT ''", "text_method TEXT",
                   "text_note TEXT NOT NULL DEFAULT ''"):  # fmt: skip
        db.execute(f"ALTER TABLE sources ADD COLUMN {column}")
    db.execute("CREATE INDEX sources_unread ON sources(file_sha256) WHERE text_method IS NULL")


FIGURES_TABLE = """CREATE TABLE figures (
    figure_id INTEGER PRIMARY KEY,
    report_id INTEGER REFERENCES abuse_reports(report_id),
    claim_id INTEGER REFERENCES attack_claims(claim_id),
    kind TEXT NOT NULL CHECK (kind IN
        ('killed', 'injured', 'missing', 'hostages', 'detained', 'victims')),
    count INTEGER CHECK (count IS NULL OR count >= 0),
    qualifier TEXT NOT NULL CHECK (qualifier IN ('exact', 'at_least', 'approximately', 'unknown')),
    given_by TEXT NOT NULL CHECK (given_by IN
        ('group', 'official', 'media', 'family', 'documenter', 'unknown')),
    citation_id INTEGER REFERENCES citations(citation_id),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    retracted_at TEXT,
    retracted_by TEXT,
    retraction_reason TEXT NOT NULL DEFAULT '',
    CHECK ((report_id IS NULL) <> (claim_id IS NULL)),
    CHECK ((count IS NULL) = (qualifier = 'unknown'))
)"""
OFFICIAL_RESPONSE_COLUMNS = """
        official_response TEXT NOT NULL DEFAULT 'none'
            CHECK (official_response IN ('none', 'confirmed', 'denied', 'disputed')),
        official_statement TEXT NOT NULL DEFAULT '',"""
ENTRY_TABLES_0017 = {
    "abuse_reports": f"""CREATE TABLE abuse_reports_0017 (
        report_id INTEGER PRIMARY KEY,
        abuse_type TEXT NOT NULL REFERENCES abuse_types(code) ON UPDATE CASCADE,
        perpetrator TEXT NOT NULL DEFAULT '',
        perpetrator_code TEXT REFERENCES actors(code) ON UPDATE CASCADE,
        status TEXT NOT NULL CHECK (status IN
            ('alleged', 'corroborated', 'verified', 'disputed', 'retracted')),
        {OFFICIAL_RESPONSE_COLUMNS}
        {ENTRY_COLUMNS}
    )""",
    "attack_claims": f"""CREATE TABLE attack_claims_0017 (
        claim_id INTEGER PRIMARY KEY,
        group_code TEXT NOT NULL REFERENCES actors(code) ON UPDATE CASCADE,
        spokesperson TEXT NOT NULL DEFAULT '',
        claim_medium TEXT NOT NULL DEFAULT 'unknown' CHECK (claim_medium IN ('unknown',
            'media_statement', 'press_release', 'social_media', 'video', 'email', 'other')),
        claim_type TEXT NOT NULL REFERENCES claim_types(code) ON UPDATE CASCADE,
        claimed_targets TEXT NOT NULL DEFAULT '',{OFFICIAL_RESPONSE_COLUMNS}
        status TEXT NOT NULL CHECK (status IN
            ('claimed', 'confirmed', 'denied', 'disputed', 'retracted')),
        {ENTRY_COLUMNS}
    )""",
}  # fmt: skip
# Old count columns -> (kind, who gives it) of the figure each becomes. The archive showed each
# as a plain number, so each becomes an exact figure; who gave a report's "number of victims"
# was never recorded.
COUNTS_0017 = {
    "abuse_reports": {"victim_count": ("victims", "unknown")},
    "attack_claims": {
        "claimed_killed": ("killed", "group"), "claimed_injured": ("injured", "group"),
        "official_killed": ("killed", "official"), "official_injured": ("injured", "official"),
    },
}  # fmt: skip


@migrations(name="0024_imports")
def imports(db: Database) -> None:
    """Spreadsheet imports (archive/imports.py): named mappings, each run and what it did with
    every row (so a run stopped half-way resumes where it stopped), and which entry each
    external id became (so importing the same file again updates instead of duplicating)."""
    db.execute(
        """CREATE TABLE import_mappings (
            name TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
            spec TEXT NOT NULL,
            shipped INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL, created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL, updated_by TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE import_runs (
            run_id INTEGER PRIMARY KEY,
            mapping TEXT NOT NULL,
            file_name TEXT NOT NULL,
            file_sha256 TEXT NOT NULL,
            actor TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('running', 'indexing', 'done', 'failed')),
            rows_total INTEGER NOT NULL DEFAULT 0,
            rows_done INTEGER NOT NULL DEFAULT 0,
            last_row INTEGER NOT NULL DEFAULT 0,
            message TEXT NOT NULL DEFAULT '',
            started_at TEXT NOT NULL,
            finished_at TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE import_rows (
            run_id INTEGER NOT NULL REFERENCES import_runs(run_id),
            row_number INTEGER NOT NULL,
            action TEXT NOT NULL,
            kind TEXT,
            entry_id INTEGER,
            external_id TEXT,
            columns TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (run_id, row_number)
        )"""
    )
    db.execute(
        """CREATE TABLE import_links (
            mapping TEXT NOT NULL,
            external_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('abuse', 'claim')),
            entry_id INTEGER NOT NULL,
            PRIMARY KEY (mapping, external_id)
        )"""
    )


@migrations(name="0026_api_tokens")
def api_tokens(db: Database) -> None:
    """Per-user API tokens (archive/api_tokens.py): only each token's SHA-256 is kept, never the
    token; tokens are revoked, never deleted, so the audit rows naming them stay readable."""
    db.execute(
        """CREATE TABLE api_tokens (
            token_id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(user_id),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            expires_at TEXT,
            last_used_at TEXT,
            revoked_at TEXT,
            revoked_by TEXT
        )"""
    )
    db.execute("CREATE INDEX api_tokens_user ON api_tokens(user_id, revoked_at)")
    db.execute(
        "CREATE TRIGGER api_tokens_no_delete BEFORE DELETE ON api_tokens "
        "BEGIN SELECT RAISE(ABORT, 'API tokens are revoked, never deleted'); END"
    )


@migrations(name="0027_place_coordinates")
def place_coordinates(db: Database) -> None:
    """Districts gain their headquarters (seat) with its coordinates, for the map; the seeded
    districts and places get coordinates from GeoNames (archive/places.py says which)."""
    for column in (
        "seat TEXT NOT NULL DEFAULT ''",
        "latitude REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90)",
        "longitude REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180)",
    ):
        db.execute(f"ALTER TABLE districts ADD COLUMN {column}")
    places.fill_coordinates(db)


@migrations(name="0028_user_language")
def user_language(db: Database) -> None:
    """Each account may keep the interface language it chose; empty follows the browser."""
    db.execute(
        "ALTER TABLE users ADD COLUMN language TEXT"
        " CHECK (language IS NULL OR language IN ('en', 'ur'))"
    )


@migrations(name="0029_entry_urdu")
def entry_urdu(db: Database) -> None:
    """Entries may carry an Urdu title and summary beside the English ones; empty when none."""
    for table in ("abuse_reports", "attack_claims"):
        for column in ("title_ur", "narrative_ur"):
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


@migrations(name="0030_bulk_audit")
def bulk_audit(db: Database) -> None:
    """The revisions' audit trigger stands aside while `chain.append_many` writes a batch of
    revisions: it writes their audit rows itself, the same rows chained in the same order, in
    one statement (an import's revisions cost a tenth of its CPU in the trigger)."""
    chain.register(db)
    opening = "AFTER INSERT ON revisions BEGIN"
    if opening not in CHAINED_REVISION_AUDIT:  # else a batch's revisions were audited twice
        raise RuntimeError("the revisions' audit trigger changed: rewrite 0030_bulk_audit")
    db.execute("DROP TRIGGER revisions_audit")
    db.execute(
        CHAINED_REVISION_AUDIT.replace(
            opening, "AFTER INSERT ON revisions WHEN NOT revisions_in_bulk() BEGIN"
        )
    )


def migrate(db: Database) -> None:
    """Apply every pending migration; then, if any ran, record a system revision of each record
    it reshaped, so that `flask verify` compares records with their state after the migration.

    A future migration that rewrites rows needs nothing more: this records them.
    """
    chain.register(db)
    pending = [migration.name for migration in migrations.pending(db)]
    migrations.apply(db)
    if pending:
        record_schema_changes(db, pending)
