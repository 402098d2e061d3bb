"""Actors in the store: armed groups carried over from before, who may claim, who is alleged,
and what an edit of their names leaves behind (an audit row, entries queued for the index)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlite_utils import Database

import archive
from archive import actors, queue, reference
from archive.migrations import migrations

NOW = "2025-09-08T10:00:00+00:00"
STAMPS = {"created_at": NOW, "created_by": "old", "updated_at": NOW, "updated_by": "old"}


def old_archive() -> Database:
    """An archive at the migration before actors, holding what such an archive held: seeded
    groups, a group an administrator added, a claim by it and an abuse report."""
    db = archive.open_db(None)
    migrations.apply(db, stop_before="0016_actors")
    db["claim_types"].insert({"code": "clash", "label": "Clash", "position": 0})
    db["abuse_types"].insert({"code": "torture", "label": "Torture", "position": 0})
    db["source_types"].insert({"code": "news_report", "label": "News", "position": 0})
    db["districts"].insert({"name": "Mastung", "province": "Balochistan", "aliases": "[]"})
    blf = {"code": "BLF", "name": "Balochistan Liberation Front", "aliases": "[]"}
    bna = {"code": "BNA", "name": "Baloch Nationalist Army", "aliases": '["B.N.A."]'}
    db["armed_groups"].insert_all([blf, bna])
    db["sources"].insert({"source_id": 1, "title": "Report", "source_type": "news_report"} | STAMPS)
    claim = {
        "claim_id": 1,
        "title": "BNA claims a clash",
        "group_code": "BNA",
        "claim_medium": "media_statement",
        "claim_type": "clash",
        "status": "claimed",
    }
    report = {
        "report_id": 1,
        "title": "Taken at night",
        "abuse_type": "torture",
        "perpetrator": "men in plain clothes",
        "status": "alleged",
    }
    cited = {"source_id": 1, "passage": "It happened.", "created_at": NOW, "created_by": "old"}
    for table, row, pk in (
        ("attack_claims", claim, "claim_id"),
        ("abuse_reports", report, "report_id"),
    ):
        db[table].insert(row | {"date_precision": "unknown"} | STAMPS)
        db["citations"].insert(cited | {pk: 1})
    return db


def test_migration_carries_armed_groups_and_their_claims_over():
    db = old_archive()
    archive.prepare(db)
    bna = actors.get_actor(db, "BNA")
    assert (bna["kind"], bna["name"], bna["aliases"]) == (
        "armed_group", "Baloch Nationalist Army", ["B.N.A."])  # fmt: skip
    assert {row["code"] for row in db.query("SELECT code FROM armed_groups")} == {"BLF", "BNA"}
    claim = archive.get_entry(db, "claim", 1)
    assert claim["group_code"] == "BNA"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # The claim still refers to its group: an unknown group is refused, an edit goes through.
    archive.update_entry(db, "claim", 1, {"group_code": "B.N.A."}, "tester", "alias typed")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE attack_claims SET group_code = 'NOPE' WHERE claim_id = 1")


def test_migration_keeps_the_reports_words_and_adds_state_forces_and_organisations():
    db = old_archive()
    archive.prepare(db)
    report = archive.get_entry(db, "abuse", 1)
    assert (report["perpetrator"], report["perpetrator_code"]) == ("men in plain clothes", None)
    kinds = {actor["code"]: actor["kind"] for actor in actors.list_actors(db)}
    assert kinds["CTD"] == kinds["FC"] == "state" and kinds["VBMP"] == "organisation"
    # The groups' kind had an administrator's own list: the seed groups are not forced in.
    assert "BLA" not in kinds


def test_only_an_armed_group_makes_a_claim(db, source_id):
    record = {"title": "FC says it cleared a post", "group_code": "FC", "claim_type": "clash",
              "date_precision": "unknown"}  # fmt: skip
    citation = [{"source_id": source_id, "passage": "p"}]
    with pytest.raises(archive.InvalidRecord) as error:
        archive.add_entry(db, "claim", record, citation, "tester")
    assert "not a known armed group" in error.value.errors["group_code"]
    claim_id = archive.add_entry(db, "claim", record | {"group_code": "BLA"}, citation, "tester")
    with pytest.raises(sqlite3.IntegrityError, match="armed group"):
        db.execute("UPDATE attack_claims SET group_code = 'FC' WHERE claim_id = ?", [claim_id])
    with pytest.raises(archive.InvalidRecord, match="stays an armed group"):
        actors.save_actor(db, {**actors.get_actor(db, "BLA"), "kind": "state"}, "admin")


def test_an_abuse_report_names_an_actor_beside_its_own_words(db, source_id):
    record = {"title": "Student taken", "abuse_type": "enforced_disappearance",
              "date_precision": "unknown", "perpetrator": "CTD officials in plain clothes",
              "perpetrator_code": "Counter Terrorism Department"}  # fmt: skip
    citation = [{"source_id": source_id, "passage": "p"}]
    report_id = archive.add_entry(db, "abuse", record, citation, "tester")
    report = archive.get_entry(db, "abuse", report_id)
    assert (report["perpetrator"], report["perpetrator_code"]) == (
        "CTD officials in plain clothes", "CTD")  # fmt: skip
    with pytest.raises(archive.InvalidRecord) as error:
        archive.add_entry(db, "abuse", record | {"perpetrator_code": "XYZ"}, citation, "tester")
    assert "not in the list of actors" in error.value.errors["perpetrator_code"]


def test_a_name_stands_for_one_actor_only(db):
    with pytest.raises(archive.InvalidRecord) as error:
        actors.save_actor(db, {"code": "FCB", "kind": "state", "name": "FC Balochistan"}, "a")
    assert "already names Frontier Corps (FC)" in error.value.errors["name"]
    with pytest.raises(archive.InvalidRecord, match="already the code"):
        actors.save_actor(db, {"code": "CTD", "kind": "state", "name": "X"}, "a", new=True)
    assert db["audit_log"].count == 0


def test_changing_an_actors_names_is_audited_and_queues_the_entries_naming_it(db, source_id):
    citation = [{"source_id": source_id, "passage": "p"}]
    named = archive.add_entry(db, "abuse", {"title": "Held by the Counter-Terrorism Department",
        "abuse_type": "torture", "date_precision": "unknown"}, citation, "tester")  # fmt: skip
    archive.add_entry(db, "abuse", {"title": "Shelling in Umar Dor", "abuse_type": "torture",
        "date_precision": "unknown"}, citation, "tester")  # fmt: skip
    db.execute("DELETE FROM index_queue")
    ctd = actors.get_actor(db, "CTD")
    actors.save_actor(db, {**ctd, "aliases": [*ctd["aliases"], "Anti-Terrorism Wing"]}, "amina")
    assert [(item["doc_kind"], item["doc_id"]) for item in queue.pending(db)] == [("abuse", named)]
    event = db.execute("SELECT actor, action, subject, detail FROM audit_log").fetchall()[-1]
    assert event[:3] == ("amina", "reference_change", "Actors: CTD")
    added = "Counter-Terrorism Department → Counter-Terrorism Department, Anti-Terrorism Wing"
    assert json.loads(event[3])["aliases"] == added
    # Saving the same again changes nothing and leaves no row.
    audited = db["audit_log"].count
    actors.save_actor(db, actors.get_actor(db, "CTD"), "amina")
    assert db["audit_log"].count == audited


def test_relabelling_a_type_queues_its_entries_and_keeps_its_code(db, source_id):
    citation = [{"source_id": source_id, "passage": "p"}]
    report_id = archive.add_entry(db, "abuse", {"title": "A grave", "abuse_type": "mass_grave",
        "date_precision": "unknown"}, citation, "tester")  # fmt: skip
    db.execute("DELETE FROM index_queue")
    reference.save_type(db, "abuse_types", "mass_grave", "Mass grave or burial site", "amina")
    assert reference.type_labels(db, "abuse_types")["mass_grave"] == "Mass grave or burial site"
    assert [item["doc_id"] for item in queue.pending(db)] == [report_id]
    with pytest.raises(archive.NotFound):
        reference.save_type(db, "abuse_types", "no_such_type", "Label", "amina", new=False)
