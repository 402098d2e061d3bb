"""Evidence is never deleted: removed citations are retracted, replaced victims superseded, and
the database itself refuses to delete citations, victims and stored files."""

from __future__ import annotations

import sqlite3

import pytest

import archive
from archive.entries import victims_by_report

TABLES = ("citations", "victims", "source_files")
PASSAGE = "Fighters zeroqvist the checkpoint at dawn, the statement said."


def claim_with_two_citations(db) -> tuple[int, int]:
    """(claim id, id of a second citation, quoting PASSAGE) on a demo claim."""
    claim_id = db.execute("SELECT min(claim_id) FROM attack_claims").fetchone()[0]
    source_id = db.execute("SELECT min(source_id) FROM sources").fetchone()[0]
    citation = {"source_id": source_id, "passage": PASSAGE, "attributed_to": "BLA"}
    return claim_id, archive.add_citation(db, "claim", claim_id, citation, "tester")


def test_removed_citation_is_kept_retracted_and_no_longer_shown(client, app_db):
    claim_id, citation_id = claim_with_two_citations(app_db)
    assert PASSAGE in client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert client.get("/search?q=zeroqvist&format=json").get_json()["counts"]["claim"] == 1

    archive.remove_citation(app_db, "claim", claim_id, citation_id, "ayesha", "Wrong source")

    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert PASSAGE not in page
    history = client.get(f"/claims/{claim_id}/history").get_data(as_text=True)
    assert "Citation removed" in history and PASSAGE in history and "Wrong source" in history
    assert client.get("/search?q=zeroqvist&format=json").get_json()["counts"]["claim"] == 0
    assert PASSAGE not in client.get("/export/claims.csv").get_data(as_text=True)
    stored = app_db["citations"].get(citation_id)
    assert stored["passage"] == PASSAGE
    assert (stored["retracted_by"], stored["retraction_reason"]) == ("ayesha", "Wrong source")
    assert stored["retracted_at"]


def test_retracted_citations_do_not_count_towards_the_one_an_entry_needs(db, source_id):
    other = archive.add_source(db, {"title": "Second report", "body": "More."}, "tester")
    citations = [
        {"source_id": s, "passage": p} for s, p in ((source_id, "first"), (other, "second"))
    ]
    claim_id = archive.add_entry(db, "claim", CLAIM, citations, "tester")
    cited = archive.get_entry(db, "claim", claim_id)["citations"]
    first, second = (citation["citation_id"] for citation in cited)
    archive.remove_citation(db, "claim", claim_id, first, "tester", "duplicate")
    with pytest.raises(archive.MissingCitation):
        archive.remove_citation(db, "claim", claim_id, second, "tester", "wrong")
    with pytest.raises(archive.NotFound):
        archive.remove_citation(db, "claim", claim_id, first, "tester", "again")
    assert [c["passage"] for c in archive.get_entry(db, "claim", claim_id)["citations"]] == [
        "second"
    ]
    # The source whose only citation was retracted is back in the backlog: cited by no entry.
    cited_by = {row["source_id"]: row["cited_by"] for row in archive.list_sources(db)[0]}
    assert cited_by == {source_id: 0, other: 1}


CLAIM = {"title": "BLF claims clash", "group_code": "BLF", "claim_type": "clash",
         "date_precision": "day", "date_start": "2025-09-03", "district": "Mastung"}  # fmt: skip
ABUSE = {"title": "Two men taken in Turbat", "abuse_type": "enforced_disappearance",
         "date_precision": "day", "date_start": "2025-09-03", "district": "Kech"}  # fmt: skip


def test_changed_victims_are_kept_superseded(db, source_id):
    cited = [{"source_id": source_id, "passage": "two men were taken"}]
    victims = [{"name": "Karim Baloch", "confidential": False}]
    report_id = archive.add_entry(db, "abuse", ABUSE, cited, "tester", victims=victims)
    archive.update_entry(db, "abuse", report_id, {}, "ayesha", "Name corrected",
                         victims=[{"name": "Karim Bakhsh", "confidential": False}])  # fmt: skip

    shown = archive.get_entry(db, "abuse", report_id, include_confidential=True)["victims"]
    assert [victim["name"] for victim in shown] == ["Karim Bakhsh"]
    rows = list(db["victims"].rows_where("report_id = ?", [report_id], order_by="victim_id"))
    assert [(row["name"], row["superseded_by"]) for row in rows] == [
        ("Karim Baloch", "ayesha"),
        ("Karim Bakhsh", None),
    ]
    exported = victims_by_report(db, [report_id])[report_id]
    assert [victim["name"] for victim in exported] == ["Karim Bakhsh"]


@pytest.fixture
def stored(app, app_db):
    """A connection behind the app's back to its SQLite file, and a report with a victim and a
    source with a stored file."""
    source_id = archive.add_source(
        app_db, {"title": "Leaflet", "source_type": "other"}, "tester",
        archive.SourceFile("leaflet.txt", "text/plain", b"Leaflet text."),
    )  # fmt: skip
    cited = [{"source_id": source_id, "passage": "two men were taken"}]
    archive.add_entry(app_db, "abuse", ABUSE, cited, "tester", victims=[{"name": "Karim"}])
    conn = sqlite3.connect(app.config["DATABASE"])
    yield conn
    conn.close()


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM citations",
        "DELETE FROM victims",
        "DELETE FROM source_files",
        "UPDATE citations SET passage = 'something else'",
        "UPDATE victims SET name = 'someone else'",
        "UPDATE source_files SET content = x'00'",
    ],
)
def test_database_refuses_to_delete_or_rewrite_evidence(stored, sql):
    counts = [stored.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES]
    with pytest.raises(sqlite3.IntegrityError, match=r"never deleted|kept as they were"):
        stored.execute(sql)
    assert [stored.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES] == counts


def test_a_retracted_citation_stays_retracted(app_db, stored):
    claim_id, citation_id = claim_with_two_citations(app_db)
    archive.remove_citation(app_db, "claim", claim_id, citation_id, "ayesha", "Wrong source")
    with pytest.raises(sqlite3.IntegrityError):
        stored.execute("UPDATE citations SET retracted_at = NULL WHERE citation_id = ?",
                       [citation_id])  # fmt: skip
