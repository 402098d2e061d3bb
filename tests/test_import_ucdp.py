"""The real UCDP GED file for Pakistan imports on a fresh archive with the shipped mapping."""

from __future__ import annotations

import os

import pytest

import archive

from .conftest import SHARED, signed_in_client

UCDP = SHARED / "corpus" / "ucdp_ged_pakistan.csv"


@pytest.fixture
def ucdp():
    """The UCDP file; skipped outside CI where ../shared is absent, a failure in CI."""
    if not UCDP.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must provide {UCDP}")
        pytest.skip(f"{UCDP} is absent (the shared corpus is not checked out beside the repo)")
    return UCDP


def test_the_ucdp_file_imports_searchable_and_importing_again_changes_nothing(
    empty_app, ucdp, tmp_path
):
    runner = empty_app.test_cli_runner()
    result = runner.invoke(args=["import", str(ucdp), "--mapping", "ucdp-ged"])
    assert result.exit_code == 0, result.output
    assert "Rows: 6,412 created, 4 refused." not in result.output  # the long titles are cut
    assert "Rows: 6,416 created." in result.output
    db = archive.open_db(empty_app.config["DATABASE"])
    assert db["abuse_reports"].count == 6416 and db["attack_claims"].count == 0
    check_jaffarabad_event(db)
    check_a_month_and_a_range(db)
    client = signed_in_client(empty_app, "reader")
    page = client.get("/search?q=Dera+Bugti+BRA").get_data(as_text=True)
    assert "Government of Pakistan - BRA" in page
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    revisions = db["revisions"].count
    again = runner.invoke(args=["import", str(ucdp), "--mapping", "ucdp-ged"])
    assert "Rows: 6,416 unchanged." in again.output, again.output
    assert db["revisions"].count == revisions and db["abuse_reports"].count == 6416


def entry_of(db, ucdp_id: str) -> dict:
    """The entry the UCDP event `ucdp_id` became."""
    (entry_id,) = db.execute(
        "SELECT entry_id FROM import_links WHERE mapping = 'ucdp-ged' AND external_id = ?",
        [ucdp_id],
    ).fetchone()
    return archive.get_entry(db, "abuse", entry_id, include_confidential=True)


def check_jaffarabad_event(db) -> None:
    """A spelling UCDP uses ("Jafarabad Distrcit") reaches the district through the mapping."""
    row = db.execute(
        "SELECT external_id FROM import_links l JOIN abuse_reports a ON a.report_id = l.entry_id"
        " WHERE a.district = 'Jaffarabad' LIMIT 1"
    ).fetchone()
    assert row is not None
    entry = entry_of(db, row[0])
    assert entry["province"] == "Balochistan"
    assert "ucdp" in entry["tags"]
    titles = [c["source_title"] for c in entry["citations"]]
    assert titles[-1] == "UCDP Georeferenced Event Dataset (GED), Pakistan, 1989-2021"
    assert entry["citations"][-1]["passage"].startswith("Row ")


def check_a_month_and_a_range(db) -> None:
    """Dates keep UCDP's precision; deaths their best estimate and, below it, the low one."""
    # 1994-07-01 to 1994-07-31, date_prec 4: a month.
    month = db.execute(
        "SELECT report_id FROM abuse_reports WHERE date_precision = 'month' LIMIT 1"
    ).fetchone()
    assert month is not None
    ranged = db.execute(
        "SELECT count(*) FROM abuse_reports WHERE date_precision = 'range'"
    ).fetchone()[0]
    assert ranged > 200
    first = entry_of(db, "372969")  # Reuters, 1990-12-29: one bus passenger killed
    assert (first["date_precision"], first["date_start"]) == ("day", "1990-12-26")
    assert [f["text"] for f in first["figures"]] == ["approximately 1 killed (media)"]
    assert first["citations"][0]["source_outlet"] == "Reuters News"
    assert first["citations"][0]["source_published"] == "1990-12-29"
    assert (
        first["citations"][0]["passage"]
        == "PAKISTANI SPOKESMAN SAYS INDIAN FORCES KILLED BUS PASSENGER."
    )
    assert first["citations"][0]["attributed_to"] == "Pakistani military spokesman"
    spread = db.execute(
        "SELECT count(*) FROM figures WHERE qualifier = 'at_least' AND report_id IS NOT NULL"
    ).fetchone()[0]
    assert spread > 0
