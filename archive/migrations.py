"""Schema changes as named, append-only migrations (sqlite-utils' `Migrations`).

Never edit a migration that has shipped: add a new one below it.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

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


@migrations(name="0015_sources_list")
def sources_list(db: Database) -> None:
    """Indexes for the Sources list's filters: by outlet and by date of publication."""
    db.execute("CREATE INDEX IF NOT EXISTS sources_outlet ON sources(outlet)")
    db.execute("CREATE INDEX IF NOT EXISTS sources_published ON sources(published)")


def migrate(db: Database) -> None:
    """Apply every pending migration."""
    migrations.apply(db)
