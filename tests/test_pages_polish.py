"""Small things a careful reader notices: codes in words, plain error pages, only usable links."""

from __future__ import annotations

import archive


def first_id(app_db, table: str, key: str, title_start: str) -> int:
    """The id of the demo entry whose title starts with `title_start`."""
    return next(app_db[table].rows_where("title LIKE ?", [title_start + "%"]))[key]


def test_history_shows_types_and_precision_in_words(client, app_db):
    claim_id = first_id(app_db, "attack_claims", "claim_id", "BLF claims clash")
    archive.update_entry(
        app_db, "claim", claim_id, {"claim_type": "armed_attack"}, "staff", "Recheck"
    )
    page = client.get(f"/claims/{claim_id}/history").get_data(as_text=True)
    assert "Clash with security forces" in page and "Ambush or armed attack" in page
    assert "Exact day" in page and "Statement to media" in page
    assert "Balochistan Liberation Front (BLF)" in page
    assert ">armed_attack<" not in page and ">media_statement<" not in page


def test_reader_is_not_offered_corrections_they_cannot_make(client_as, app_db):
    report_id = first_id(app_db, "abuse_reports", "report_id", "Shelling of civilian areas")
    reader = client_as("reader").get(f"/abuses/{report_id}").get_data(as_text=True)
    assert "History of changes" in reader
    assert "Correct this entry" not in reader and f"/abuses/{report_id}/retract" not in reader
    documenter = client_as("documenter").get(f"/abuses/{report_id}").get_data(as_text=True)
    assert "Correct this entry" in documenter and f"/abuses/{report_id}/retract" in documenter


def test_source_page_names_the_language_and_offers_documenting_only_to_documenters(
    client_as, app_db
):
    source_id = next(app_db["sources"].rows)["source_id"]
    reader = client_as("reader").get(f"/sources/{source_id}").get_data(as_text=True)
    assert '<dd dir="auto">English</dd>' in reader
    assert "Add an abuse report from this source" not in reader
    documenter = client_as("documenter").get(f"/sources/{source_id}").get_data(as_text=True)
    assert "Add an abuse report from this source" in documenter


def test_error_pages_speak_plainly(client_as):
    missing = client_as("reader").get("/abuses/99999")
    assert missing.status_code == 404
    assert "<h1>Not found</h1>" in missing.get_data(as_text=True)
    refused = client_as("reader").get("/abuses/new")
    assert refused.status_code == 403
    page = refused.get_data(as_text=True)
    assert "<h1>Your account cannot open this page</h1>" in page and "it needs documenter" in page
