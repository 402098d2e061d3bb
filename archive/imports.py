"""Importing spreadsheets: each row through the same store functions and checks as the forms.

A run reads a checked file (archive/import_files.py) with a mapping (archive/mappings.py) and
says, row by row, what it created, updated, left unchanged, skipped or refused and why, naming
the row and the column. A dry run does exactly the same writes and rolls each batch back, so
its report is what the real run will do. Rows are committed in batches with the run's record
(`import_runs`, `import_rows`), so a run stopped half-way (a crash, a kill) resumes after the
last committed row: nothing is lost or doubled. An external id column makes importing again
update each entry, with a revision saying so, instead of duplicating it.

Imported entries are not queued for the search index one by one: a batch's writes queue nothing
(`queue.indexed_in_bulk`), and `index.index_run` indexes the run in bulk at the
end (the run's record says which entries, and so which sources they cite; a run that stopped
before is indexed at the next start). A batch's revisions are written together at its end
(`revision_batch.revisions_in_batch`), each with the snapshot and audit row it would have had,
and a row's writes share one savepoint (`db.one_savepoint`): a refused row leaves nothing.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from .categories import CATEGORIES, get_category
from .db import insert_row, one_savepoint, utc_now, write_transaction
from .duplicates import likely_duplicates
from .entries import add_citation, add_entry, citations_of, update_entry
from .errors import ArchiveError, DuplicateSource, InvalidRecord
from .import_files import Table
from .import_values import (
    REFERENCE_FIELDS,
    Lookups,
    dated,
    day_or_text,
    matched_value,
    plain_value,
    raw_text,
    read_columns,
)
from .mappings import field_columns, missing_columns
from .messages import N_, Message
from .queue import indexed_in_bulk
from .read_once import reading_once
from .revision_batch import revisions_in_batch, undone_on_error
from .sources import SourceFile, add_source, find_duplicate
from .validation import CITATION_LIMITS, REASON_LIMIT, SOURCE_LIMITS, clean_source

# Rows a batch (one write transaction). More share each commit's index pages (at 30,000 rows
# 500 took 7-10% less CPU than 200); the write lock is held about a second a batch.
BATCH_ROWS = 500
ACTIONS = ("created", "updated", "unchanged", "skipped", "refused")
REPORT_COLUMNS = ("row", "action", "kind", "entry_id", "external_id", "columns", "message")
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/x-ndjson",
}


class MappingDoesNotFit(ArchiveError):
    """The mapping reads columns the file does not have."""


@dataclass
class Outcome:
    """What a run did (or a dry run would do) with one row, and why."""

    row: int
    action: str
    kind: str | None = None
    entry_id: int | None = None
    external_id: str | None = None
    columns: str = ""
    message: str = ""
    # The message's parts, able to be said again in the reader's language (`said`).
    parts: list = field(default_factory=list)


@dataclass
class Summary:
    """A run's counts by action, and the values that matched no reference data."""

    run_id: int | None = None
    counts: Counter = field(default_factory=Counter)
    unmatched: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        """Count one row's outcome (and keep it for the report)."""
        self.counts[outcome.action] += 1
        self.outcomes.append(outcome)


class RowRefused(Exception):
    """One row cannot be imported; `columns` names where the problem is."""

    def __init__(self, columns: Iterable[str], message: str | list[str]):
        self.columns = ", ".join(sorted(set(columns)))
        self.parts = message if isinstance(message, list) else [message]
        super().__init__(" ".join(self.parts))


class _DryRun(Exception):
    """Raised at the end of a dry run's batch to roll it back."""


@dataclass
class Importer:
    """One run of a mapping over a file, holding what it looks up once."""

    db: Database
    table: Table
    mapping: dict[str, Any]
    actor: str
    dry_run: bool = False
    lookups: Lookups = field(init=False)
    sources: dict[tuple, int] = field(default_factory=dict)
    summary: Summary = field(default_factory=Summary)
    # A dry run's entries of the batch being tried: (kind, id) -> row number in the file.
    batch_rows: dict[tuple[str, int], int] = field(default_factory=dict)
    # A dry run's rows of earlier (rolled back) batches by external id, replayed before a
    # later row with the same id, so it is tried against what the real run will have written.
    earlier: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)
    this_batch: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)
    # Live sources without a web address, (title, outlet, published) -> the first one's id:
    # read once (inside a batch's write lock) instead of searched for every row, and kept
    # with the sources the run adds while no other connection writes (`addressless_version`,
    # SQLite's data_version when it was last checked).
    addressless: dict[tuple, int] | None = None
    addressless_version: int | None = None
    # The sources the row being written added to those two, forgotten if the row is refused
    # (its savepoint took them back).
    row_sources: list[tuple[dict, tuple]] = field(default_factory=list)
    # Reference values matched, by field and the cells its spec reads (a district spelled
    # one way in 700 rows is looked up once a run), and the columns each spec reads.
    matches: dict[tuple, tuple[str, str]] = field(default_factory=dict)
    spec_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Source dates seen, each with whether the store takes it as a day.
    days: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = missing_columns(self.mapping, self.table.columns)
        if missing:
            said = (
                N_("The mapping %(mapping)r reads column %(missing)s, which %(file)s does not "
                   "have. Its columns are: %(columns)s. Nothing was imported.")
                if len(missing) == 1 else
                N_("The mapping %(mapping)r reads columns %(missing)s, which %(file)s does not "
                   "have. Its columns are: %(columns)s. Nothing was imported.")
            )  # fmt: skip
            raise MappingDoesNotFit(
                Message(said, mapping=self.mapping["name"], missing=", ".join(map(repr, missing)),
                        file=self.table.path.name, columns=", ".join(self.table.columns))
            )  # fmt: skip
        self.lookups = Lookups.load(self.db)

    # -- a row planned ----------------------------------------------------------------------

    def kind_of(self, row: dict[str, str]) -> str:
        """'abuse', 'claim' or 'skip' for a row; RowRefused when the mapping says so."""
        rule = self.mapping["category"]
        if "value" in rule:
            return rule["value"]
        value = " ".join(row.get(rule["column"], "").split())
        chosen = {str(k).casefold(): v for k, v in rule["values"].items()}.get(value.casefold())
        chosen = chosen or rule.get("otherwise", "refuse")
        if chosen == "refuse":
            raise RowRefused(
                [rule["column"]],
                Message(
                    "%(value)r is not one of the values this mapping turns into entries "
                    "(%(values)s).",
                    value=value,
                    values=", ".join(rule["values"]),
                ),
            )
        return chosen

    def record(self, kind: str, row: dict[str, str], notes: list[str]) -> dict[str, Any]:
        """The entry's fields for a row, reference values matched; RowRefused when a value
        matches nothing and the mapping refuses unmatched values."""
        category, fields = get_category(kind), self.mapping["fields"]
        record: dict[str, Any] = {}
        for name, spec in fields.items():
            if name not in category.fields or name.startswith("date_"):
                continue
            if name == "district":
                continue
            if name in REFERENCE_FIELDS:
                record[name] = self._matched(name, spec, row, notes)
            else:
                record[name] = raw_text(spec, row)
        if "district" in fields and "district" in category.fields:
            record["district"] = self._matched(
                "district", fields["district"], row, notes, record.get("province", "")
            )
        precision = self._matched("date_precision", fields.get("date_precision"), row, notes)
        start, end = (plain_value(fields.get(n), row) for n in ("date_start", "date_end"))
        record["date_precision"], record["date_start"], record["date_end"] = dated(
            precision, start, end
        )
        return record

    def _matched(
        self, name: str, spec: Any, row: dict[str, str], notes: list[str], province: str = ""
    ) -> str:
        if spec is None:
            return ""
        value, unmatched = self._match(name, spec, row, province)
        if not unmatched:
            return value
        self.summary.unmatched[name][unmatched] += 1
        columns = sorted(field_columns(spec))
        if isinstance(spec, dict) and spec.get("unmatched") == "blank":
            known = Message(REFERENCE_FIELDS[name])
            left = Message("%(field)s left empty: %(value)r is not %(known)s", field=name,
                           value=unmatched, known=known)  # fmt: skip
            notes.append(left)
            return ""
        raise RowRefused(
            columns,
            Message(
                "%(value)r is not %(known)s: map it to one in the mapping's values, or add it "
                "to the reference data.",
                value=unmatched,
                known=Message(REFERENCE_FIELDS[name]),
            ),
        )

    def _match(self, name: str, spec: Any, row: dict[str, str], province: str) -> tuple[str, str]:
        """`matched_value`, remembered for the cells the spec reads (the only ones it looks
        at; the run's reference data does not change)."""
        columns = self.spec_columns.get(name)
        if columns is None:
            columns = self.spec_columns[name] = read_columns(spec)
        key = (name, province, *(row.get(column) for column in columns))
        found = self.matches.get(key)
        if found is None:
            found = self.matches[key] = matched_value(self.lookups, name, spec, row, province)
        return found

    def figures(self, row: dict[str, str]) -> list[dict[str, Any]]:
        """The row's figures as reported (blank counts and repeats of another column left out)."""
        figures = []
        for figure in self.mapping.get("figures", []):
            count = plain_value(figure["count"], row)
            same = figure.get("unless_equal")
            if not count or (same and row.get(same, "").strip() == count):
                continue
            figures.append(
                {"kind": figure["kind"], "count": count, "qualifier": figure["qualifier"],
                 "given_by": figure["given_by"]}
            )  # fmt: skip
        return figures

    def citations(self, number: int, row: dict[str, str], notes: list[str]) -> list[dict]:
        """The row's citations, their sources found or added; RowRefused when it has none."""
        cited: list[dict] = []
        for spec in self.mapping["citations"]:
            if "file" in spec:
                cited.append(self._file_citation(spec, number, row))
            else:
                cited += self._column_citations(spec, row, notes)
        if not cited:
            columns = [c for s in self.mapping["citations"] for c in _citation_columns(s)]
            raise RowRefused(
                columns,
                N_(
                    "No citation: the source's title and the passage are empty. No row enters "
                    "the archive without a source it rests on."
                ),
            )
        return cited

    def _column_citations(self, spec: dict, row: dict[str, str], notes: list[str]) -> list[dict]:
        parts = _split_row(spec, row)
        cited = []
        for part in parts:
            source = {name: plain_value(value, part) for name, value in spec["source"].items()}
            passage = raw_text(spec.get("passage"), part)
            if not source.get("title") or not passage:
                continue
            source["published"] = self._day_or_blank(source.get("published", ""), notes)
            if spec.get("shorten"):
                _shorten(source, notes)
            source_id = self._source(source, spec)
            attributed = plain_value(spec.get("attributed_to"), part)
            cited.append({"source_id": source_id, "passage": passage, "attributed_to": attributed})
        return cited

    def _day_or_blank(self, text: str, notes: list[str]) -> str:
        day = day_or_text(text)
        if day not in self.days:
            try:
                clean_source(self.db, {"title": "t", "published": day})
                self.days[day] = True
            except InvalidRecord:
                self.days[day] = False
        if not self.days[day]:
            notes.append(Message("the source's date %(text)r is not a day: left empty", text=text))
            return ""
        return day

    def _source(self, source: dict[str, str], spec: dict) -> int:
        key = tuple(sorted(source.items()))
        if key in self.sources:
            return self.sources[key]
        found = self._existing_source(source)
        if found is None:
            try:
                found = add_source(self.db, source, self.actor)
                self.row_sources.append((self.sources, key))
                if not source.get("url"):
                    self._remember_addressless(found)
            except DuplicateSource as duplicate:
                found = duplicate.source_id
            except InvalidRecord as error:
                named = [spec["source"].get(name) for name in error.errors]
                columns = [c for item in named for c in field_columns(item)]
                raise RowRefused(columns, _messages(error)) from None
        self.sources[key] = found
        return found

    def _existing_source(self, source: dict[str, str]) -> int | None:
        if source.get("url"):
            # add_source looks for the address (and the same page) itself, saying DuplicateSource
            return None
        return self._addressless().get(_addressless_key(source))

    def _remember_addressless(self, source_id: int) -> None:
        stored = self.db.execute(
            "SELECT title, outlet, published FROM sources WHERE source_id = ?", [source_id]
        ).fetchone()
        if tuple(stored) not in self._addressless():
            self._addressless()[tuple(stored)] = source_id
            self.row_sources.append((self._addressless(), tuple(stored)))

    def check_addressless(self) -> None:
        """Forget the sources without a web address when another connection has written since
        they were read (call inside the batch's write lock): read again at the first use."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if version != self.addressless_version:
            self.addressless = None
        self.addressless_version = version

    def _addressless(self) -> dict[tuple, int]:
        if self.addressless is None:
            rows = self.db.execute(
                "SELECT title, outlet, published, source_id FROM sources WHERE url IS NULL"
                " AND merged_into IS NULL AND retracted_at IS NULL ORDER BY source_id DESC"
            )
            # Newest first, so the oldest of several alike is the one kept.
            self.addressless = {(title, outlet, published): source_id
                                for title, outlet, published, source_id in rows}  # fmt: skip
        return self.addressless

    def _file_citation(self, spec: dict, number: int, row: dict[str, str]) -> dict:
        """The imported file as a source (with its SHA-256), the row as the passage."""
        key = ("file", self.table.path.name)
        if key not in self.sources:
            content = self.table.path.read_bytes()
            file = SourceFile(self.table.path.name, MEDIA_TYPES[self.table.kind], content)
            duplicate = find_duplicate(self.db, None, file.sha256)
            about = spec["file"] if isinstance(spec["file"], dict) else {}
            record = {"title": about.get("title") or self.table.path.name,
                      "outlet": about.get("outlet", ""), "url": about.get("url") or None,
                      "source_type": about.get("source_type", "other"),
                      "published": about.get("published")}  # fmt: skip
            try:
                self.sources[key] = (
                    duplicate[0] if duplicate else add_source(self.db, record, self.actor, file)
                )
            except DuplicateSource as same:
                self.sources[key] = same.source_id
        return {"source_id": self.sources[key], "passage": row_passage(number, row),
                "attributed_to": ""}  # fmt: skip

    # -- a row written ----------------------------------------------------------------------

    def write_row(self, number: int, row: dict[str, str]) -> Outcome:
        """Create, update or refuse one row (inside its own savepoint: a refused row leaves
        nothing behind, not even a source)."""
        external = None
        try:
            external = self._external_id(row)
            kind = self.kind_of(row)
            if kind == "skip":
                return Outcome(number, "skipped", external_id=external,
                               message=N_("The mapping leaves rows like this out."))  # fmt: skip
            if self.dry_run and external is not None:
                self._replay(external)
                self.this_batch.setdefault(external, []).append((number, row))
            self.row_sources = []
            with undone_on_error(self.db), one_savepoint(self.db):
                return self._write(number, row, kind, external)
        except RowRefused as refused:
            for cache, key in self.row_sources:
                cache.pop(key, None)
            return Outcome(number, "refused", external_id=external, columns=refused.columns,
                           message=str(refused), parts=refused.parts)  # fmt: skip

    def _replay(self, external: str) -> None:
        """Write again, quietly, a dry run's earlier rows with this id (rolled back since)."""
        rows = self.earlier.pop(external, [])
        counted = self.summary.unmatched
        self.summary.unmatched = defaultdict(Counter)
        try:
            for number, row in rows:
                with (
                    contextlib.suppress(RowRefused),
                    undone_on_error(self.db),
                    one_savepoint(self.db),
                ):
                    kind = self.kind_of(row)
                    if kind != "skip":
                        self._write(number, row, kind, external)
        finally:
            self.summary.unmatched = counted
        self.this_batch.setdefault(external, []).extend(rows)

    def _external_id(self, row: dict[str, str]) -> str | None:
        column = self.mapping.get("external_id")
        if not column:
            return None
        value = row.get(column, "").strip()
        if not value:
            raise RowRefused([column], N_("The row has no id, and this mapping names rows by it."))
        return value

    def _write(self, number: int, row: dict[str, str], kind: str, external: str | None):
        notes: list[str] = []
        record = self.record(kind, row, notes)
        figures = self.figures(row)
        cited = self.citations(number, row, notes)
        linked = self._linked(external)
        try:
            if linked is None:
                outcome = self._create(number, kind, record, cited, figures, external, notes)
            else:
                outcome = self._update(number, kind, linked, record, cited, figures, notes)
        except InvalidRecord as error:
            raise RowRefused(self._columns_of(error), _messages(error)) from None
        outcome.external_id = external
        outcome.parts = [part for part in [outcome.message, *notes] if part]
        outcome.message = "; ".join(outcome.parts)
        return outcome

    def _linked(self, external: str | None) -> tuple[str, int] | None:
        if external is None:
            return None
        row = self.db.execute(
            "SELECT kind, entry_id FROM import_links WHERE mapping = ? AND external_id = ?",
            [self.mapping["name"], external],
        ).fetchone()
        return tuple(row) if row else None

    def _create(self, number, kind, record, cited, figures, external, notes) -> Outcome:
        # Its first revision says where it came from, as an update's does.
        note = f"import {self.mapping['name']}: row {number}"[:REASON_LIMIT]
        entry_id = add_entry(self.db, kind, record, cited, self.actor, figures=figures, note=note)
        if external is not None:
            insert_row(self.db, "import_links",
                       {"mapping": self.mapping["name"], "external_id": external, "kind": kind,
                        "entry_id": entry_id})  # fmt: skip
        if self.dry_run:
            notes += self._duplicates_of(kind, entry_id)
            self.batch_rows[(kind, entry_id)] = number
        return Outcome(number, "created", kind, None if self.dry_run else entry_id)

    def _duplicates_of(self, kind: str, entry_id: int) -> list[str]:
        """A dry run's word on likely duplicates: in the archive, or an earlier row of the file."""
        category = get_category(kind)
        stored = self.db.execute(
            f"SELECT * FROM {category.table} WHERE {category.pk} = ?", [entry_id]
        )
        names = [d[0] for d in stored.description]
        record = dict(zip(names, stored.fetchone(), strict=True))
        found = likely_duplicates(self.db, kind, record, exclude_id=entry_id, limit=1)
        notes = []
        for match in found:
            other = match.entry["entry_id"]
            row = self.batch_rows.get((kind, other))
            reasons = match.reasons_message
            if row:
                notes.append(
                    Message(
                        "probably the same incident as row %(row)d of this file (%(reasons)s)",
                        row=row,
                        reasons=reasons,
                    )
                )
            elif kind == "abuse":
                notes.append(
                    Message(
                        "probably the same incident as abuse report #%(number)d (%(reasons)s)",
                        number=other,
                        reasons=reasons,
                    )
                )
            else:
                notes.append(Message("probably the same incident as attack claim #%(number)d "
                                     "(%(reasons)s)", number=other, reasons=reasons))  # fmt: skip
        return notes

    def _update(self, number, kind, linked, record, cited, figures, notes) -> Outcome:
        old_kind, entry_id = linked
        if old_kind != kind:
            refusal = {
                "abuse": N_("This id was imported as attack claim #%(number)d; the row now makes "
                            "it an abuse report. Change the entry by hand, or the mapping."),
                "claim": N_("This id was imported as abuse report #%(number)d; the row now makes "
                            "it an attack claim. Change the entry by hand, or the mapping."),
            }  # fmt: skip
            raise RowRefused(
                [self.mapping.get("external_id", "")], Message(refusal[kind], number=entry_id)
            )
        reason = f"import {self.mapping['name']}: row {number} changed"
        changed = update_entry(self.db, kind, entry_id, record, self.actor, reason,
                               figures=figures)  # fmt: skip
        have = {(c["source_id"], c["passage"]) for c in citations_of(self.db, get_category(kind),
                                                                     entry_id)}  # fmt: skip
        for citation in cited:
            if (citation["source_id"], citation["passage"]) not in have:
                add_citation(self.db, kind, entry_id, citation, self.actor, reason)
                changed["citations"] = True
        action = "updated" if changed else "unchanged"
        message = (
            Message("changed: %(fields)s", fields=", ".join(sorted(changed))) if changed else ""
        )
        return Outcome(number, action, kind, entry_id, message=message)

    def _columns_of(self, error: InvalidRecord) -> list[str]:
        fields = self.mapping["fields"]
        columns = []
        for name in error.errors:
            if name == "figures":
                columns += [c for f in self.mapping.get("figures", []) for c in
                            field_columns(f["count"])]  # fmt: skip
            elif name == "citations" or name in CITATION_LIMITS:
                columns += [c for s in self.mapping["citations"] for c in _citation_columns(s)]
            elif name.startswith("date_"):
                for date_field in ("date_start", "date_end", "date_precision"):
                    columns += field_columns(fields.get(date_field))
            else:
                columns += field_columns(fields.get(name))
        return columns


def _addressless_key(source: dict[str, str]) -> tuple:
    return (source["title"], source.get("outlet", ""), source.get("published") or None)


def row_passage(number: int, row: dict[str, str]) -> str:
    """A row as a citation's passage: "Row 7: id: 59553; year: 1990; ..." within the limit."""
    text = f"Row {number}: " + "; ".join(f"{k}: {v}" for k, v in row.items() if v)
    limit = CITATION_LIMITS["passage"]
    return text if len(text) <= limit else text[: limit - 2] + " …"


def _shorten(source: dict[str, str], notes: list[str]) -> None:
    """Cut a source's title and outlet to what the store holds, saying so (a mapping asks for
    this where a file lists many headlines in one cell)."""
    for name in ("title", "outlet"):
        limit = SOURCE_LIMITS[name]
        if len(source.get(name) or "") > limit:
            source[name] = source[name][: limit - 2] + " …"
            cut = {
                "title": N_("the source's title was cut to %(limit)d characters"),
                "outlet": N_("the source's outlet was cut to %(limit)d characters"),
            }
            notes.append(Message(cut[name], limit=limit))


def _split_row(spec: dict, row: dict[str, str]) -> list[dict[str, str]]:
    """A row whose citation cells list several sources ("Reuters;AFP") as one row per source,
    when every cell lists as many; else the row itself."""
    separator = spec.get("split")
    if not separator:
        return [row]
    columns = _citation_columns(spec)
    lists = {c: row.get(c, "").split(separator) for c in columns if row.get(c, "")}
    # A cell naming one value holds for every source; those naming several must agree.
    counts = {len(values) for values in lists.values() if len(values) > 1}
    if len(counts) != 1:
        return [row]
    count = counts.pop()
    return [
        {**row, **{c: values[i].strip() for c, values in lists.items() if len(values) > 1}}
        for i in range(count)
    ]


def _citation_columns(spec: dict) -> list[str]:
    if "file" in spec:
        return []
    specs = [*spec.get("source", {}).values(), spec.get("passage"), spec.get("attributed_to")]
    return sorted({c for item in specs for c in field_columns(item)})


def _messages(error: InvalidRecord) -> list[str]:
    """The store's messages, each ending in a full stop (a Message keeps its own)."""
    return [message if message.endswith(".") or isinstance(message, Message) else message + "."
            for message in error.errors.values()]  # fmt: skip


def said(parts: list) -> list:
    """A message's parts as plain data (JSON) that can be said again in the reader's language:
    a Message as its template and values (lists and Messages inside them too), text as is."""
    return [_said(part) for part in parts]


def _said(part: Any) -> Any:
    if isinstance(part, Message):
        return {"template": part.template,
                "values": {name: _said(value) for name, value in part.values.items()}}  # fmt: skip
    if isinstance(part, list):
        return [_said(item) for item in part]
    return part


def run_import(
    db: Database,
    table: Table,
    mapping: dict[str, Any],
    actor: str,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    batch_rows: int = BATCH_ROWS,
    written: Callable[[list[Outcome]], None] | None = None,
) -> Summary:
    """Import (or, with `dry_run`, try and roll back) every row; returns what happened to each.

    A real run resumes an unfinished run of the same mapping over the same file. `written` is
    told each batch's outcomes once the batch is committed (an index may read its entries)."""
    importer = Importer(db, table, mapping, actor, dry_run)
    run = None if dry_run else _start_or_resume(db, table, mapping, actor)
    importer.summary.run_id = run and run["run_id"]
    after = run["last_row"] if run else 0
    if run and after:
        importer.summary.outcomes += _recorded(db, run["run_id"])
        importer.summary.counts.update(o.action for o in importer.summary.outcomes)
        if progress:
            progress(run["rows_done"])
    try:
        for batch in _batches(table.rows(), after, batch_rows):
            outcomes = _run_batch(importer, run, batch)
            if written and run:
                written(outcomes)
            if progress:
                progress(len(batch))
    except BaseException as error:
        if run:
            _mark(db, run["run_id"], "failed", f"{type(error).__name__}: {error}")
        raise
    if run:
        _mark(db, run["run_id"], "indexing")
    return importer.summary


def _batches(rows: Iterator, after: int, size: int) -> Iterator[list[tuple[int, dict]]]:
    batch: list[tuple[int, dict]] = []
    for number, row in rows:
        if number <= after:
            continue
        batch.append((number, row))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _run_batch(
    importer: Importer, run: dict | None, batch: list[tuple[int, dict]]
) -> list[Outcome]:
    db, sources = importer.db, dict(importer.sources)
    importer.batch_rows, importer.this_batch = {}, {}
    outcomes = []
    try:
        # Indexed in bulk at the end of the run (index.index_run), not one by one; revisions
        # written together at the batch's end.
        with write_transaction(db), reading_once(db), indexed_in_bulk(db):
            importer.check_addressless()
            with revisions_in_batch(db):
                outcomes = [importer.write_row(number, row) for number, row in batch]
            if run is None:
                raise _DryRun
            _record(db, run["run_id"], outcomes, batch[-1][0])
    except _DryRun:
        # The sources it added were rolled back too.
        importer.sources, importer.addressless = sources, None
        for external, rows in importer.this_batch.items():
            importer.earlier.setdefault(external, []).extend(rows)
    except BaseException:
        importer.sources, importer.addressless = sources, None
        raise
    for outcome in outcomes:
        importer.summary.add(outcome)
    return outcomes


def _start_or_resume(db: Database, table: Table, mapping: dict, actor: str) -> dict:
    sha256 = table.sha256()
    with write_transaction(db):
        row = db.execute(
            "SELECT run_id FROM import_runs WHERE mapping = ? AND file_sha256 = ?"
            " AND status IN ('running', 'failed', 'indexing') ORDER BY run_id DESC LIMIT 1",
            [mapping["name"], sha256],
        ).fetchone()
        if row:
            db["import_runs"].update(row[0], {"status": "running", "message": ""})
            return db["import_runs"].get(row[0])
        run_id = db["import_runs"].insert(
            {"mapping": mapping["name"], "file_name": table.path.name, "file_sha256": sha256,
             "actor": actor, "status": "running", "rows_total": table.rows_total,
             "started_at": utc_now()}
        ).last_pk  # fmt: skip
    return db["import_runs"].get(run_id)


def _record(db: Database, run_id: int, outcomes: list[Outcome], last_row: int) -> None:
    db["import_rows"].insert_all(
        {"run_id": run_id, "row_number": o.row, "action": o.action, "kind": o.kind,
         "entry_id": o.entry_id, "external_id": o.external_id, "columns": o.columns,
         "message": o.message}
        for o in outcomes
    )  # fmt: skip
    db.execute(
        "UPDATE import_runs SET rows_done = rows_done + ?, last_row = ? WHERE run_id = ?",
        [len(outcomes), last_row, run_id],
    )


def _recorded(db: Database, run_id: int) -> list[Outcome]:
    rows = db.query("SELECT * FROM import_rows WHERE run_id = ? ORDER BY row_number", [run_id])
    return [
        Outcome(r["row_number"], r["action"], r["kind"], r["entry_id"], r["external_id"],
                r["columns"], r["message"])
        for r in rows
    ]  # fmt: skip


def _mark(db: Database, run_id: int, status: str, message: str = "") -> None:
    with write_transaction(db):
        finished = utc_now() if status in ("done", "failed") else None
        db["import_runs"].update(
            run_id, {"status": status, "message": message[:1000], "finished_at": finished}
        )


def run_entries(db: Database, run_id: int) -> list[tuple[str, int]]:
    """(kind, id) of every entry a run created or updated, for indexing them in bulk."""
    rows = db.execute(
        "SELECT DISTINCT kind, entry_id FROM import_rows WHERE run_id = ?"
        " AND action IN ('created', 'updated') ORDER BY kind, entry_id",
        [run_id],
    )
    return [(kind, entry_id) for kind, entry_id in rows]


def run_sources(db: Database, run_id: int) -> list[int]:
    """The sources the entries of a run cite (those it added among them), for the index."""
    parts = [
        f"""SELECT c.source_id FROM import_rows r JOIN citations c
            ON c.{category.pk} = r.entry_id WHERE r.run_id = ? AND r.kind = ?"""
        for category in CATEGORIES.values()
    ]
    params = [value for kind in CATEGORIES for value in (run_id, kind)]
    rows = db.execute(" UNION ".join(parts) + " ORDER BY 1", params)
    return [source_id for (source_id,) in rows]


def entries_sources(db: Database, keys: list[tuple[str, int]]) -> list[int]:
    """The sources the entries `keys` names ((kind, id) pairs) cite, for the index."""
    found: set[int] = set()
    for kind, category in CATEGORIES.items():
        ids = [entry_id for key_kind, entry_id in keys if key_kind == kind]
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            rows = db.execute(
                f"SELECT DISTINCT source_id FROM citations WHERE {category.pk}"
                f" IN ({', '.join('?' * len(part))})",
                part,
            )
            found.update(source_id for (source_id,) in rows)
    return sorted(found)


def finish_run(db: Database, run_id: int) -> None:
    """Mark a run done once its entries are indexed."""
    _mark(db, run_id, "done")


def get_run(db: Database, run_id: int) -> dict[str, Any]:
    """A run's record: mapping, file, status, rows done of rows in all."""
    return db["import_runs"].get(run_id)


def importing(db: Database) -> bool:
    """Whether an import is storing or indexing its rows (or stopped doing so): its indexer may
    hold the index's lock until it ends."""
    return (
        db.execute(
            "SELECT 1 FROM import_runs WHERE status IN ('running', 'indexing') LIMIT 1"
        ).fetchone()
        is not None
    )


def unfinished_runs(db: Database) -> list[dict[str, Any]]:
    """Runs whose rows are all written but whose entries still wait for the index."""
    return list(db["import_runs"].rows_where("status = 'indexing'", order_by="run_id"))


def report_csv(outcomes: Iterable[Outcome]) -> str:
    """The row-by-row report as CSV text (what a dry run would do, or what a run did)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REPORT_COLUMNS)
    for o in outcomes:
        writer.writerow([o.row, o.action, o.kind or "", o.entry_id or "", o.external_id or "",
                         o.columns, _safe_cell(o.message)])  # fmt: skip
    return out.getvalue()


def _safe_cell(text: str) -> str:
    # A spreadsheet would run a cell starting with = + - @ as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def unmatched_json(summary: Summary) -> str:
    """The values that matched no reference data, by field, most frequent first (JSON)."""
    return json.dumps(
        {name: dict(counter.most_common()) for name, counter in summary.unmatched.items()},
        ensure_ascii=False,
    )


__all__ = ["ACTIONS", "CATEGORIES", "Importer", "Outcome", "Summary", "run_import"]
