"""Spreadsheet imports in the store: rows become cited entries through the same checks as the
forms, bad files and bad rows are refused by row and column, re-imports update, crashes resume."""

from __future__ import annotations

import csv
import json
import re
import zipfile

import pytest

import archive
import index as search_index
from archive import import_files, imports, mappings
from archive.import_files import UnreadableFile

HEADER = ["ref", "title", "type", "when", "district", "outlet", "headline", "link", "quote"]
ROWS = [
    ["A1", "Man taken in Turbat", "enforced_disappearance", "2024-03-05", "Turbat", "Dawn",
     "Man picked up", "https://example.org/a1", "He was taken from his home."],
    ["A2", "Student missing", "Enforced disappearance", "2024-02", "Kej", "Dawn",
     "Student missing", "https://example.org/a2", "The student has not been seen."],
    ["A3", "Second report on the student", "enforced_disappearance", "2024-02", "Kech", "Dawn",
     "Man picked up", "https://example.org/a1", "A second man was taken too."],
]  # fmt: skip
MAPPING = {
    "name": "test-map",
    "external_id": "ref",
    "category": {"value": "abuse"},
    "fields": {"title": "title", "abuse_type": "type", "date_start": "when",
               "district": "district"},
    "citations": [{"source": {"title": "headline", "outlet": "outlet", "url": "link"},
                   "passage": "quote"}],
}  # fmt: skip

FIGURE = {"count": "n", "kind": "killed", "qualifier": "exact", "given_by": "media"}


def write_csv(path, rows, header=HEADER, delimiter=",", encoding="utf-8"):
    """A CSV file of `rows` under `header`."""
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(db, path, mapping=MAPPING, dry_run=False, finish=True, **options):
    """Import `path` with `mapping`; the summary. The run is marked done (as indexing it does,
    tested apart) unless `finish` is False."""
    table = import_files.open_table(path)
    summary = imports.run_import(db, table, mapping, "tester", dry_run, **options)
    if finish and summary.run_id:
        imports.finish_run(db, summary.run_id)
    return summary


def entries(db):
    """Every abuse report's title, in id order."""
    return [row["title"] for row in db.query("SELECT title FROM abuse_reports ORDER BY 1")]


def actions(summary):
    """Row number -> what was done with it."""
    return {outcome.row: outcome.action for outcome in summary.outcomes}


def test_rows_become_entries_each_citing_its_source(db, tmp_path):
    summary = run(db, write_csv(tmp_path / "a.csv", ROWS))
    assert actions(summary) == {2: "created", 3: "created", 4: "created"}
    report = archive.get_entry(db, "abuse", summary.outcomes[0].entry_id)
    assert report["district"] == "Kech"  # Turbat, through the gazetteer
    assert report["citations"][0]["passage"] == "He was taken from his home."
    assert report["citations"][0]["source_url"] == "https://example.org/a1"
    # Two rows citing one web address cite one source.
    assert db["sources"].count == 2


def test_a_semicolon_separated_file_is_read(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", ROWS, delimiter=";")
    assert import_files.open_table(path).delimiter == ";"
    assert run(db, path).counts["created"] == 3


def test_a_file_in_another_encoding_is_refused_naming_the_row(db, tmp_path):
    rows = [[*ROWS[0][:1], "Arrêté à Turbat", *ROWS[0][2:]]]
    path = write_csv(tmp_path / "a.csv", rows, encoding="latin-1")
    with pytest.raises(UnreadableFile, match=r"not UTF-8 text: byte 0xEA near row 2"):
        import_files.open_table(path)
    assert entries(db) == []
    table = import_files.open_table(path, encoding="latin-1")
    imports.run_import(db, table, MAPPING, "tester")
    assert entries(db) == ["Arrêté à Turbat"]


def test_a_row_without_any_citation_is_refused_and_leaves_nothing(db, tmp_path):
    rows = [[*ROWS[0][:5], "", "", "", ""]]
    summary = run(db, write_csv(tmp_path / "a.csv", rows))
    (outcome,) = summary.outcomes
    assert outcome.action == "refused"
    assert outcome.columns == "headline, link, outlet, quote"
    assert "No citation" in outcome.message
    assert entries(db) == [] and db["sources"].count == 0


def test_impossible_dates_are_refused_by_row_and_column(db, tmp_path):
    rows = [ROWS[0], [*ROWS[1][:3], "2024-02-30", *ROWS[1][4:]]]
    summary = run(db, write_csv(tmp_path / "a.csv", rows))
    refused = summary.outcomes[1]
    assert (refused.row, refused.action, refused.columns) == (3, "refused", "when")
    assert "'2024-02-30' is not a date" in refused.message
    assert entries(db) == ["Man taken in Turbat"]
    # The refused row's new source went with it.
    assert db["sources"].count == 1


def test_a_mapping_naming_a_missing_column_is_refused_before_anything_is_written(db, tmp_path):
    mapping = {**MAPPING, "fields": {**MAPPING["fields"], "place": "village"}}
    with pytest.raises(imports.MappingDoesNotFit, match="reads column 'village'"):
        run(db, write_csv(tmp_path / "a.csv", ROWS), mapping)
    assert entries(db) == [] and db["import_runs"].count == 0


def test_unknown_values_are_matched_through_the_mapping_or_reported(db, tmp_path):
    rows = [[*ROWS[0][:4], "Turbat district", *ROWS[0][5:]],
            [*ROWS[1][:4], "Atlantis", *ROWS[1][5:]]]  # fmt: skip
    district = {"column": "district", "strip_suffixes": [" district"]}
    mapping = {**MAPPING, "fields": {**MAPPING["fields"], "district": district}}
    summary = run(db, write_csv(tmp_path / "a.csv", rows), mapping, dry_run=True)
    assert actions(summary) == {2: "created", 3: "refused"}
    assert "'Atlantis' is not a known district" in summary.outcomes[1].message
    assert dict(summary.unmatched["district"]) == {"Atlantis": 1}
    district["values"] = {"Atlantis": "Gwadar"}
    assert run(db, tmp_path / "a.csv", mapping).counts["created"] == 2
    assert {row["district"] for row in db.query("SELECT district FROM abuse_reports")} == {
        "Kech", "Gwadar"}  # fmt: skip


def test_a_spec_naming_no_column_is_matched_row_by_row_not_once(db, tmp_path):
    # A spec without "column" reads the cell called "" (a row given to the store as a dict
    # may hold one): each row's value is matched, not the first row's for all of them.
    district = {"unmatched": "blank", "values": {"Atlantis": "Gwadar"}}
    mapping = {**MAPPING, "fields": {**MAPPING["fields"], "district": district}}
    table = import_files.open_table(write_csv(tmp_path / "a.csv", ROWS))
    importer = imports.Importer(db, table, mapping, "tester")
    found = [importer.record("abuse", {**dict(zip(HEADER, ROWS[0], strict=True)), "": cell}, [])
             ["district"] for cell in ("Turbat", "Atlantis", "")]  # fmt: skip
    assert found == ["Kech", "Gwadar", ""]


def test_an_unmatched_value_can_be_left_blank_and_said(db, tmp_path):
    rows = [[*ROWS[0][:4], "Atlantis", *ROWS[0][5:]]]
    district = {"column": "district", "unmatched": "blank"}
    mapping = {**MAPPING, "fields": {**MAPPING["fields"], "district": district}}
    (outcome,) = run(db, write_csv(tmp_path / "a.csv", rows), mapping).outcomes
    assert outcome.action == "created"
    assert "district left empty: 'Atlantis'" in outcome.message


def test_importing_again_updates_with_a_revision_and_never_duplicates(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", ROWS)
    run(db, path)
    assert actions(run(db, path)) == {2: "unchanged", 3: "unchanged", 4: "unchanged"}
    write_csv(path, [[*ROWS[0][:1], "Man taken from his home in Turbat", *ROWS[0][2:]], *ROWS[1:]])
    summary = run(db, path)
    assert actions(summary) == {2: "updated", 3: "unchanged", 4: "unchanged"}
    assert db["abuse_reports"].count == 3
    entry_id = summary.outcomes[0].entry_id
    latest = archive.history(db, "abuse_report", entry_id)[-1]
    assert latest["reason"] == "import test-map: row 2 changed"
    title = ["Man taken in Turbat", "Man taken from his home in Turbat"]
    assert latest["changes"]["title"] == title


def test_a_dry_run_reports_what_the_run_then_does_and_changes_nothing(db, tmp_path):
    rows = [*ROWS, [*ROWS[0][:3], "2024-13-01", *ROWS[0][4:]], ROWS[0],
            [ROWS[0][0], "Man taken from his home", *ROWS[0][2:]]]  # fmt: skip
    path = write_csv(tmp_path / "a.csv", rows)
    dry = run(db, path, dry_run=True, batch_rows=2)
    assert entries(db) == [] and db["sources"].count == 0 and db["revisions"].count == 0
    real = run(db, path, batch_rows=2)
    assert actions(dry) == actions(real) == {
        2: "created", 3: "created", 4: "created", 5: "refused", 6: "unchanged", 7: "updated"
    }  # fmt: skip
    assert [o.message for o in dry.outcomes if o.action == "refused"] == [
        o.message for o in real.outcomes if o.action == "refused"]  # fmt: skip
    csv_text = imports.report_csv(dry.outcomes)
    assert csv_text.splitlines()[0] == "row,action,kind,entry_id,external_id,columns,message"
    assert "5,refused,,,A1,when," in csv_text


def test_a_dry_run_names_likely_duplicates(db, tmp_path):
    rows = [ROWS[0], ["A9", "Man taken in Turbat", *ROWS[0][2:]]]
    summary = run(db, write_csv(tmp_path / "a.csv", rows), dry_run=True)
    assert "probably the same incident as row 2 of this file" in summary.outcomes[1].message


def test_a_run_stopped_mid_batch_resumes_with_nothing_lost_or_doubled(db, tmp_path, monkeypatch):
    rows = [[f"R{n}", f"Report {n}", *ROWS[0][2:7], f"https://example.org/{n}", "Quote."]
            for n in range(10)]  # fmt: skip
    path = write_csv(tmp_path / "a.csv", rows)
    write_row = imports.Importer.write_row

    def crash_at_row_8(self, number, row):
        if number == 8:
            raise RuntimeError("the power went")
        return write_row(self, number, row)

    monkeypatch.setattr(imports.Importer, "write_row", crash_at_row_8)
    with pytest.raises(RuntimeError):
        run(db, path, batch_rows=3, finish=False)
    # Rows 2-4 and 5-7 were committed; the batch holding row 8 was rolled back.
    assert len(entries(db)) == 6 and db["sources"].count == 6
    (stopped,) = db["import_runs"].rows
    assert (stopped["status"], stopped["rows_done"], stopped["last_row"]) == ("failed", 6, 7)
    monkeypatch.setattr(imports.Importer, "write_row", write_row)
    summary = run(db, path, batch_rows=3)
    assert summary.run_id == stopped["run_id"]
    assert sorted(entries(db)) == sorted(f"Report {n}" for n in range(10))
    assert db["sources"].count == 10 and db["import_links"].count == 10
    assert len(summary.outcomes) == 10


def queued_entries(db) -> int:
    return db.execute(
        "SELECT count(*) FROM index_queue WHERE doc_kind IN ('abuse', 'claim')"
    ).fetchone()[0]


def test_imported_entries_are_indexed_once_in_bulk_not_through_the_queue(db, tmp_path):
    summary = run(db, write_csv(tmp_path / "a.csv", ROWS), finish=False)
    assert archive.queue.pending_count(db) == 0  # neither entries nor the sources it added
    assert db["import_runs"].get(summary.run_id)["status"] == "indexing"
    ix = search_index.open_index(tmp_path / "ix")
    sources_ix = search_index.open_source_index(tmp_path / "ix")
    assert search_index.index_run(ix, db, summary.run_id, sources_ix=sources_ix) == 3
    assert search_index.check_sources(sources_ix, db) == ([], [], [])  # the two it added
    assert db["import_runs"].get(summary.run_id)["status"] == "done"
    report = search_index.check(ix, db)
    assert report.ok and report.indexed == 3 and queued_entries(db) == 0
    params = search_index.SearchParams(q="student")
    found = search_index.search(ix, params, search_index.load_reference(db))
    assert found.counts["abuse"] == 2


def test_indexing_a_run_again_replaces_its_documents_never_doubles_them(db, tmp_path):
    # A crash after the index was written but before the run was marked done indexes it
    # again at the next start; an update run replaces what the first run indexed.
    ix = search_index.open_index(tmp_path / "ix")
    sources_ix = search_index.open_source_index(tmp_path / "ix")
    first = run(db, write_csv(tmp_path / "a.csv", ROWS), finish=False)
    for _ in range(2):
        search_index.index_run(ix, db, first.run_id, sources_ix=sources_ix, bulk={"procs": 2})
    report = search_index.check(ix, db)
    assert report.ok and report.indexed == 3
    changed = [[*row[:2], row[2], *row[3:-1], "A teacher was taken."] for row in ROWS]
    changed = [[row[0], f"Teacher {n}", *row[2:]] for n, row in enumerate(changed)]
    second = run(db, write_csv(tmp_path / "b.csv", changed), finish=False)
    assert search_index.index_run(ix, db, second.run_id, sources_ix=sources_ix) == 3
    report = search_index.check(ix, db)
    assert report.ok and report.indexed == 3
    ref = search_index.load_reference(db)
    found = search_index.search(ix, search_index.SearchParams(q="teacher"), ref)
    assert found.counts["abuse"] == 3
    found = search_index.search(ix, search_index.SearchParams(q='"second report"'), ref)
    assert found.counts["abuse"] == 0  # the title the first run indexed is gone


def test_json_lines_are_imported(db, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        "\n".join(json.dumps(dict(zip(HEADER, row, strict=True))) for row in ROWS) + "\n"
    )
    assert run(db, path).counts["created"] == 3


def xlsx(path, rows, merge=None):
    """An Excel workbook of HEADER and `rows`, with cells merged when asked."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


def test_xlsx_rows_are_imported(db, tmp_path):
    assert run(db, xlsx(tmp_path / "a.xlsx", ROWS)).counts["created"] == 3


def test_xlsx_with_merged_cells_is_refused_naming_them(db, tmp_path):
    path = xlsx(tmp_path / "a.xlsx", [ROWS[0], [*ROWS[1][:5], None, *ROWS[1][6:]]], "F2:F3")
    with pytest.raises(UnreadableFile, match=r"merged cells \(F2:F3\)"):
        import_files.open_table(path)


def test_xlsx_formulas_are_read_as_their_saved_values_or_refused(db, tmp_path):
    path = xlsx(tmp_path / "a.xlsx", [[*ROWS[0][:1], "=B1", *ROWS[0][2:]]])
    # Written by a program that does not calculate: the formula has no saved value.
    with pytest.raises(UnreadableFile, match=r"row 2, column B: a formula \(=B1\) saved without"):
        import_files.open_table(path)
    _save_value(path, "B2", "Man taken in Turbat")
    run(db, path)
    assert entries(db) == ["Man taken in Turbat"]


def _save_value(path, cell, value):
    """Give a formula cell its saved value, as a spreadsheet program does on saving."""
    with zipfile.ZipFile(path) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(
        rf'<c r="{cell}"([^>]*)><f>([^<]*)</f><v\s*/?>(</v>)?</c>',
        rf'<c r="{cell}" t="str"><f>\2</f><v>{value}</v></c>',
        sheet,
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as rewritten:
        for name, content in parts.items():
            rewritten.writestr(name, content)


def test_a_50_mb_file_is_streamed_and_its_rows_refused_by_column(db, tmp_path):
    narrative = "word " * 12_000  # 60,000 characters: more than a narrative holds
    rows = [[f"R{n}", f"Report {n}", *ROWS[0][2:], narrative] for n in range(850)]
    path = write_csv(tmp_path / "big.csv", rows, header=[*HEADER, "story"])
    assert path.stat().st_size > 50_000_000
    mapping = {**MAPPING, "fields": {**MAPPING["fields"], "narrative": "story"}}
    summary = run(db, path, mapping)
    assert summary.counts == {"refused": 850}
    assert summary.outcomes[0].columns == "story"
    assert "at most 50,000" in summary.outcomes[0].message
    assert entries(db) == [] and db["sources"].count == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"citations": []}, "No row enters without one"),
        ({"category": {"value": "rumour"}}, "Choose 'abuse' or 'claim'"),
        ({"fields": {"title": "title", "colour": "c"}}, "Not fields of entries: colour"),
        ({"figures": [{**FIGURE, "qualifier": "roughly"}]}, "qualifier is one of"),
    ],
)
def test_a_wrong_mapping_is_refused_saying_what_is_wrong(db, change, message):
    with pytest.raises(archive.InvalidRecord, match=message):
        mappings.save_mapping(db, {**MAPPING, **change}, "tester")


def test_the_shipped_mapping_is_installed_at_first_run(db):
    assert mappings.get_mapping(db, "ucdp-ged")["external_id"] == "id"
    assert [m["name"] for m in mappings.list_mappings(db) if m["shipped"]] == ["ucdp-ged"]
