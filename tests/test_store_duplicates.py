"""Duplicates in the store: likely duplicate entries, near-duplicate sources, merges and
retractions of sources."""

from __future__ import annotations

import pytest

import archive
from archive import duplicates
from archive.verify import verify


def disappearance(source_id: int, **changes) -> dict:
    return {
        "abuse_type": "enforced_disappearance",
        "title": "Student picked up from Turbat market",
        "narrative": "Family says men in plain clothes took him away in a white car.",
        "date_precision": "day",
        "date_start": "2025-03-10",
        "district": "Kech",
        "status": "alleged",
        **changes,
    }


def cite(source_id: int, passage: str = "He was taken away.") -> list[dict]:
    return [{"source_id": source_id, "passage": passage}]


@pytest.fixture
def report_id(db, source_id) -> int:
    return archive.add_entry(db, "abuse", disappearance(source_id), cite(source_id), "tester")


def test_same_incident_two_days_later_is_a_likely_duplicate(db, source_id, report_id):
    candidate = disappearance(
        source_id,
        title="Turbat market: student picked up by men in plain clothes",
        narrative="",
        date_start="2025-03-12",
    )
    found = archive.likely_duplicates(db, "abuse", candidate)
    assert [match.entry["entry_id"] for match in found] == [report_id]
    assert found[0].reasons.startswith("same type and district, 2 days apart, titles ")


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Shopkeeper shot dead in Gwadar port", "narrative": "Gunmen fired on a shop."},
        {"district": "Gwadar"},
        {"abuse_type": "extrajudicial_killing"},
        {"date_start": "2025-03-20"},
    ],
)
def test_a_different_incident_is_not_a_duplicate(db, source_id, report_id, changes):
    candidate = disappearance(source_id, **changes)
    assert archive.likely_duplicates(db, "abuse", candidate) == []


def test_a_month_date_is_compared_with_the_whole_month(db, source_id, report_id):
    candidate = disappearance(source_id, date_precision="month", date_start="2025-03")
    [match] = archive.likely_duplicates(db, "abuse", candidate)
    assert match.days_apart == 0 and "same dates" in match.reasons


def test_retracted_entries_are_not_offered(db, source_id, report_id):
    archive.retract_entry(db, "abuse", report_id, "Mistaken", "tester")
    assert archive.likely_duplicates(db, "abuse", disappearance(source_id)) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The BLF claimed the attack.", "The BLF  claimed the attack."),
        ("The BLF claimed the attack.", "the BLF claimed, the attack!\n"),
    ],
)
def test_the_same_text_once_tidied_is_detected(db, first, second):
    existing = archive.add_source(db, {"title": "First", "body": first}, "tester")
    with pytest.raises(archive.DuplicateSource) as error:
        archive.add_source(db, {"title": "Second", "body": second}, "tester")
    assert error.value.source_id == existing
    assert error.value.reason.startswith("text, apart from spacing")
    assert db["sources"].count == 1


@pytest.mark.parametrize(
    "second",
    [
        "https://example.org/news/1?utm_source=x&utm_medium=social",
        "HTTPS://Example.ORG/news/1/",
        "https://example.org/news/1#comments",
    ],
)
def test_the_same_address_once_tidied_is_detected(db, second):
    existing = archive.add_source(
        db, {"title": "First", "url": "https://example.org/news/1"}, "tester"
    )
    with pytest.raises(archive.DuplicateSource) as error:
        archive.add_source(db, {"title": "Second", "url": second}, "tester")
    assert error.value.source_id == existing
    assert error.value.reason.startswith("web address, apart from")


def test_a_different_page_is_not_a_duplicate(db):
    archive.add_source(db, {"title": "First", "url": "https://example.org/news/1"}, "tester")
    archive.add_source(db, {"title": "Second", "url": "https://example.org/news/1?id=2"}, "tester")
    assert duplicates.url_key("https://example.org/a?b=1&utm_x=2") == "https://example.org/a?b=1"


@pytest.fixture
def twins(db, monkeypatch):
    """Two sources holding the same text, saved before near-duplicates were detected."""
    first = archive.add_source(db, {"title": "Statement", "body": "Words."}, "tester")
    with monkeypatch.context() as patch:
        patch.setattr(duplicates, "near_duplicate_source", lambda *args, **kwargs: None)
        second = archive.add_source(db, {"title": "Statement", "body": "Words. "}, "tester")
    return first, second


def revisions_of(db, entity: str, entity_id: int) -> list[dict]:
    return archive.history(db, entity, entity_id, include_confidential=True)


def test_merge_moves_citations_with_revisions(db, twins):
    kept, merged = twins
    report_id = archive.add_entry(db, "abuse", disappearance(merged), cite(merged), "tester")
    assert [s["source_id"] for s in archive.similar_sources(db, archive.get_source(db, kept))] == [
        merged
    ]
    assert archive.merge_sources(db, merged, kept, "reviewer", "Same statement") == 1
    entry = archive.get_entry(db, "abuse", report_id)
    assert [c["source_id"] for c in entry["citations"]] == [kept]
    assert entry["citations"][0]["passage"] == "He was taken away."
    last = revisions_of(db, "abuse_report", report_id)[-1]
    assert last["action"] == "merge_source" and last["reason"] == "Same statement"
    assert last["changes"]["citations"][0]["source_id"] == merged
    assert revisions_of(db, "source", merged)[-1]["changes"] == {"merged_into": [None, kept]}
    assert revisions_of(db, "source", kept)[-1]["changes"] == {"merged_from": [None, merged]}
    assert archive.get_source(db, merged)["merged_into"] == kept
    assert [s["source_id"] for s in archive.list_sources(db)[0]] == [kept]
    queued = {(row["doc_kind"], row["doc_id"]) for row in db["index_queue"].rows}
    assert {("abuse", report_id), ("source", merged), ("source", kept)} <= queued
    assert db["citations"].count == 2  # the old citation is kept, retracted
    assert verify(db).ok


def test_a_merged_source_cannot_be_cited_and_offers_the_kept_one(db, twins):
    kept, merged = twins
    archive.merge_sources(db, merged, kept, "reviewer", "Same statement")
    with pytest.raises(archive.InvalidRecord) as error:
        archive.add_entry(db, "abuse", disappearance(merged), cite(merged), "tester")
    assert f"merged into source #{kept}" in error.value.errors["source_id"]


def test_a_confidential_source_is_not_merged_into_a_public_one(db, twins):
    kept, merged = twins
    db.execute("UPDATE sources SET confidential = 1 WHERE source_id = ?", [merged])
    with pytest.raises(archive.InvalidRecord) as error:
        archive.merge_sources(db, merged, kept, "reviewer", "Same")
    assert "confidential" in error.value.errors["kept_id"]


def test_retracting_a_cited_source_is_refused(db, source_id, report_id):
    before = db["revisions"].count
    with pytest.raises(archive.InvalidRecord) as error:
        archive.retract_source(db, source_id, "Not reliable", "reviewer")
    assert "1 entry that is not retracted cites this source" in error.value.errors["source"]
    assert db["revisions"].count == before
    archive.retract_entry(db, "abuse", report_id, "Mistaken", "tester")
    archive.retract_source(db, source_id, "Not reliable", "reviewer")
    source = archive.get_source(db, source_id)
    assert source["retracted_at"] and source["retraction_reason"] == "Not reliable"
    assert archive.list_sources(db)[1] == 0
    assert verify(db).ok
