"""Sources: recorded once, fingerprinted, never duplicated."""

from __future__ import annotations

import hashlib

import pytest

import archive


def test_source_text_is_fingerprinted(db):
    source_id = archive.add_source(db, {"title": "T", "body": "The text."}, "tester")
    expected = hashlib.sha256(b"The text.").hexdigest()
    assert archive.get_source(db, source_id)["sha256"] == expected


def test_uploaded_file_is_kept_with_its_sha256(db):
    file = archive.SourceFile("report.pdf", "application/pdf", b"%PDF-1.4 content")
    source_id = archive.add_source(db, {"title": "HRCP report"}, "tester", file)
    source = archive.get_source(db, source_id)
    assert source["sha256"] == hashlib.sha256(b"%PDF-1.4 content").hexdigest()
    assert source["file"]["filename"] == "report.pdf"
    assert archive.get_source_file(db, source_id).content == b"%PDF-1.4 content"


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ({"url": "https://example.org/a"}, {"url": "https://example.org/a"}, "web address"),
        ({"body": "Same words."}, {"body": "Same words."}, "SHA-256"),
    ],
)
def test_same_url_or_text_points_to_the_existing_source(db, first, second, reason):
    existing = archive.add_source(db, {"title": "First"} | first, "tester")
    with pytest.raises(archive.DuplicateSource) as error:
        archive.add_source(db, {"title": "Second"} | second, "tester")
    assert error.value.source_id == existing
    assert error.value.reason == reason
    assert db["sources"].count == 1


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "T", "url": "not a url"}, "url"),
        ({"title": "T", "url": "javascript:alert(1)"}, "url"),
        ({"title": "T", "published": "yesterday"}, "published"),
        ({"title": "T", "source_type": "rumour"}, "source_type"),
        ({"title": "T", "language": "klingon"}, "language"),
    ],
)
def test_bad_source_is_refused(db, record, field):
    with pytest.raises(archive.InvalidRecord) as error:
        archive.add_source(db, record, "tester")
    assert field in error.value.errors
    assert db["sources"].count == 0


def test_source_change_writes_a_revision(db):
    source_id = archive.add_source(db, {"title": "Old title"}, "ayesha")
    archive.update_source(db, source_id, {"title": "New title"}, "bilal", "Typo")
    history = archive.history(db, "source", source_id)
    assert history[-1]["changes"] == {"title": ["Old title", "New title"]}
    assert history[-1]["actor"] == "bilal"


def test_entries_citing_a_source_are_grouped_by_category(db):
    source_id = archive.add_source(db, {"title": "Wire report", "body": "x"}, "t")
    citation = [{"source_id": source_id, "passage": "p"}]
    archive.add_entry(db, "claim", {"title": "C", "group_code": "BLA", "claim_type": "clash"},
                      citation, "t")  # fmt: skip
    archive.add_entry(db, "abuse", {"title": "A", "abuse_type": "mass_grave"}, citation, "t")
    cited = archive.entries_citing(db, source_id)
    assert [e["title"] for e in cited["claim"]] == ["C"]
    assert [e["title"] for e in cited["abuse"]] == ["A"]
