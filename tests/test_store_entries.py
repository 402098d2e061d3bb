"""The store's rules for entries: categories apart, citations required, nothing lost."""

from __future__ import annotations

import sqlite3

import pytest

import archive


def claim(**fields):
    return {"title": "BLF claims clash near Khadkucha", "group_code": "BLF",
            "claim_type": "clash", "date_precision": "day", "date_start": "2025-09-03",
            "district": "Mastung"} | fields  # fmt: skip


def abuse(**fields):
    return {"title": "Shelling in Umar Dor", "abuse_type": "indiscriminate_attack",
            "date_precision": "range", "date_start": "2025-09-03", "date_end": "2025-09-04",
            "district": "Mastung"} | fields  # fmt: skip


def cite(source_id, passage="the supporting passage"):
    return [{"source_id": source_id, "passage": passage, "attributed_to": "BLF"}]


def test_entry_without_citation_is_refused(db):
    with pytest.raises(archive.MissingCitation):
        archive.add_entry(db, "abuse", abuse(), [], "tester")
    assert db["abuse_reports"].count == 0
    assert db["revisions"].count == 0


def test_citation_of_unknown_source_is_refused(db):
    with pytest.raises(archive.InvalidRecord) as error:
        archive.add_entry(db, "claim", claim(), cite(999), "tester")
    assert "source_id" in error.value.errors
    assert db["attack_claims"].count == 0


def test_citation_without_passage_is_refused(db, source_id):
    with pytest.raises(archive.InvalidRecord) as error:
        archive.add_entry(db, "claim", claim(), cite(source_id, passage="  "), "tester")
    assert "passage" in error.value.errors


def test_claim_and_abuse_report_are_stored_apart(db, source_id):
    claim_id = archive.add_entry(db, "claim", claim(), cite(source_id), "tester")
    report_id = archive.add_entry(db, "abuse", abuse(), cite(source_id), "tester")
    assert [e["title"] for e in archive.list_entries(db, "claim", archive.EntryFilters())[0]] == [
        "BLF claims clash near Khadkucha"
    ]
    assert [e["title"] for e in archive.list_entries(db, "abuse", archive.EntryFilters())[0]] == [
        "Shelling in Umar Dor"
    ]
    assert archive.get_entry(db, "claim", claim_id)["group_code"] == "BLF"
    assert archive.get_entry(db, "abuse", report_id)["abuse_type"] == "indiscriminate_attack"


def test_claim_cannot_be_saved_as_abuse_report(db, source_id):
    with pytest.raises(archive.InvalidRecord) as error:
        archive.add_entry(db, "abuse", claim(), cite(source_id), "tester")
    assert "fields" in error.value.errors
    assert db["abuse_reports"].count == 0


def test_unknown_category_is_refused(db, source_id):
    with pytest.raises(archive.UnknownCategory):
        archive.add_entry(db, "rumour", abuse(), cite(source_id), "tester")


@pytest.mark.parametrize(
    ("kind", "record", "field"),
    [
        ("claim", claim(group_code=""), "group_code"),
        ("claim", claim(group_code="Not A Group"), "group_code"),
        ("claim", claim(claim_type="picnic"), "claim_type"),
        ("claim", claim(official_response="ignored"), "official_response"),
        ("claim", claim(claim_medium="pigeon"), "claim_medium"),
        ("abuse", abuse(date_end="2025-09-01"), "date_start"),
        ("abuse", abuse(date_start="3 Sept"), "date_start"),
        ("abuse", abuse(district="Atlantis"), "district"),
        ("abuse", abuse(district="Quetta", province="Sindh"), "province"),
        ("abuse", abuse(title=" "), "title"),
        ("abuse", abuse(status="proven"), "status"),
        ("abuse", abuse(official_response="maybe"), "official_response"),
        ("claim", claim(date_start="2031-05-04"), "date_start"),
        ("claim", claim(date_precision="month", date_start="2025-09-03"), "date_start"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_writes_nothing(db, source_id, kind, record, field):
    table = archive.get_category(kind).table
    with pytest.raises(archive.InvalidRecord) as error:
        archive.add_entry(db, kind, record, cite(source_id), "tester")
    assert field in error.value.errors
    assert error.value.errors[field]
    assert db[table].count == 0
    assert db["citations"].count == 0


def test_group_is_found_by_alias_and_full_name(db, source_id):
    claim_id = archive.add_entry(
        db, "claim", claim(group_code="Baloch Liberation Army"), cite(source_id), "tester"
    )
    assert archive.get_entry(db, "claim", claim_id)["group_code"] == "BLA"


def test_district_sets_its_province(db, source_id):
    report_id = archive.add_entry(db, "abuse", abuse(), cite(source_id), "tester")
    assert archive.get_entry(db, "abuse", report_id)["province"] == "Balochistan"


def test_every_change_writes_a_revision(db, source_id):
    claim_id = archive.add_entry(db, "claim", claim(), cite(source_id), "ayesha")
    archive.update_entry(db, "claim", claim_id, {"spokesperson": "Jeeyand"}, "bilal",
                         "Figure in TBP")  # fmt: skip
    revisions = archive.history(db, "attack_claim", claim_id)
    assert [(r["action"], r["actor"]) for r in revisions] == [
        ("create", "ayesha"),
        ("update", "bilal"),
    ]
    assert revisions[1]["changes"] == {"spokesperson": ["", "Jeeyand"]}
    assert revisions[1]["reason"] == "Figure in TBP"


def test_a_month_stays_a_month_when_other_fields_change(db, source_id):
    claim_id = archive.add_entry(
        db, "claim", claim(date_precision="month", date_start="2025-05"), cite(source_id), "ayesha"
    )
    archive.update_entry(db, "claim", claim_id, {"spokesperson": "Jeeyand"}, "bilal", "In TBP")
    entry = archive.get_entry(db, "claim", claim_id)
    assert (entry["date_start"], entry["date_end"]) == ("2025-05-01", "2025-05-31")


def test_change_without_reason_is_refused(db, source_id):
    claim_id = archive.add_entry(db, "claim", claim(), cite(source_id), "ayesha")
    with pytest.raises(archive.InvalidRecord):
        archive.update_entry(db, "claim", claim_id, {"spokesperson": "Jeeyand"}, "bilal", "")
    assert archive.get_entry(db, "claim", claim_id)["spokesperson"] == ""


def test_retraction_keeps_the_record_and_its_history(db, source_id):
    report_id = archive.add_entry(db, "abuse", abuse(), cite(source_id), "ayesha")
    archive.retract_entry(db, "abuse", report_id, "Duplicate of another report", "bilal")
    entry = archive.get_entry(db, "abuse", report_id)
    assert entry["status"] == "retracted"
    assert entry["retraction_reason"] == "Duplicate of another report"
    assert entry["citations"]
    assert [r["action"] for r in archive.history(db, "abuse_report", report_id)] == [
        "create",
        "retract",
    ]
    assert archive.list_entries(db, "abuse", archive.EntryFilters())[1] == 0
    retracted = archive.EntryFilters(status="retracted")
    assert archive.list_entries(db, "abuse", retracted)[1] == 1


def test_entries_and_revisions_cannot_be_deleted(db, source_id):
    report_id = archive.add_entry(db, "abuse", abuse(), cite(source_id), "ayesha")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM abuse_reports WHERE report_id = ?", [report_id])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM revisions")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE revisions SET actor = 'someone else'")


def test_last_citation_cannot_be_removed(db, source_id):
    claim_id = archive.add_entry(db, "claim", claim(), cite(source_id), "tester")
    citation_id = archive.get_entry(db, "claim", claim_id)["citations"][0]["citation_id"]
    with pytest.raises(archive.MissingCitation):
        archive.remove_citation(db, "claim", claim_id, citation_id, "tester", "wrong source")
    assert len(archive.get_entry(db, "claim", claim_id)["citations"]) == 1


def test_entry_counts_distinct_sources(db, source_id):
    other = archive.add_source(db, {"title": "HRCP statement", "body": "Other."}, "tester")
    citations = cite(source_id) + cite(source_id, "second passage") + cite(other)
    report_id = archive.add_entry(db, "abuse", abuse(), citations, "tester")
    entry = archive.get_entry(db, "abuse", report_id)
    assert len(entry["citations"]) == 3
    assert entry["source_count"] == 2


def test_named_victims_are_confidential_by_default(db, source_id):
    victims = [{"name": "Victim One"}, {"name": "Public Name", "confidential": False}]
    report_id = archive.add_entry(db, "abuse", abuse(), cite(source_id), "tester", victims)
    public = archive.get_entry(db, "abuse", report_id)
    cleared = archive.get_entry(db, "abuse", report_id, include_confidential=True)
    assert [v["name"] for v in public["victims"]] == ["Public Name"]
    assert [v["name"] for v in cleared["victims"]] == ["Victim One", "Public Name"]
    history = archive.history(db, "abuse_report", report_id)
    assert "Victim One" not in str(history)


@pytest.mark.parametrize(
    "victim",
    [{"name": " ", "age": 30}, {"name": "", "occupation": "student"},
     {"name": "Shahzaib", "age": 2**70}],
)  # fmt: skip
def test_victim_without_a_name_or_with_an_impossible_age_is_refused(db, source_id, victim):
    with pytest.raises(archive.InvalidRecord) as error:
        archive.add_entry(db, "abuse", abuse(), cite(source_id), "tester", [victim])
    assert "victims" in error.value.errors
    assert db["abuse_reports"].count == 0


def test_every_write_queues_the_entry_for_the_index(db, source_id):
    claim_id = archive.add_entry(db, "claim", claim(), cite(source_id), "tester")
    archive.retract_entry(db, "claim", claim_id, "wrong", "tester")
    queued = [(row["doc_kind"], row["doc_id"]) for row in db["index_queue"].rows]
    assert queued.count(("claim", claim_id)) == 2


def test_list_is_filtered_and_sorted(db, source_id):
    archive.add_entry(
        db, "claim", claim(title="Old", date_start="2024-01-01"), cite(source_id), "t"
    )
    archive.add_entry(
        db, "claim", claim(title="New", date_start="2025-01-01"), cite(source_id), "t"
    )
    archive.add_entry(
        db, "claim", claim(title="Quetta", district="Quetta", claim_type="grenade_attack"),
        cite(source_id), "t",
    )  # fmt: skip
    newest = archive.list_entries(db, "claim", archive.EntryFilters(district="Mastung"))[0]
    assert [e["title"] for e in newest] == ["New", "Old"]
    oldest = archive.EntryFilters(district="Mastung", sort="oldest")
    assert [e["title"] for e in archive.list_entries(db, "claim", oldest)[0]] == ["Old", "New"]
    grenades = archive.EntryFilters(entry_type="grenade_attack")
    assert [e["title"] for e in archive.list_entries(db, "claim", grenades)[0]] == ["Quetta"]


def test_queue_ids_are_never_reused(db, source_id):
    archive.add_entry(db, "claim", claim(), cite(source_id), "tester")
    first = archive.queue.pending(db)
    archive.queue.mark_applied(db, [item["queue_id"] for item in first])
    archive.add_entry(db, "claim", claim(title="Another"), cite(source_id), "tester")
    later = archive.queue.pending(db)
    # a process that applied `first` and marks it again must not remove the newer change
    archive.queue.mark_applied(db, [item["queue_id"] for item in first])
    assert archive.queue.pending(db) == later
    assert {item["queue_id"] for item in later}.isdisjoint(item["queue_id"] for item in first)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize("kind", ["abuse", "claim"])
def test_lists_are_read_in_date_order_not_sorted_whole(db, kind, sort):
    """The home page's latest entries and each page of a list come straight from an index in
    that order: sorting the whole table made the home page slow in a large archive."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    archive.list_entries(db, kind, archive.EntryFilters(sort=sort, per_page=5))
    db.conn.set_trace_callback(None)
    listing = next(sql for sql in statements if "ORDER BY" in sql)
    plan = " ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + listing).fetchall())
    assert f"USING INDEX {archive.get_category(kind).table}_{sort}" in plan
    assert "TEMP B-TREE" not in plan
