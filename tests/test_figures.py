"""Figures as reported: qualified counts, who gives them, claims' channels and official
responses, carried over from an old archive and kept through forms, pages, search and exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

import archive
from app import create_app
from archive import chain, snapshots
from archive.migrations import migrations

from .conftest import signed_in_client
from .test_documenting import abuse_form, claim_form, source_id  # noqa: F401 (fixture)
from .test_verify import flask_verify

NOW = "2025-09-08T10:00:00+00:00"
STAMPS = {"created_at": NOW, "created_by": "old", "updated_at": NOW, "updated_by": "old"}
COUNTS = {"claimed_killed": 2, "claimed_injured": None, "official_killed": 1,
          "official_injured": 0}  # fmt: skip


def figure_rows(*figures: tuple[str, str, str, str]) -> dict[str, str]:
    """Form fields for figure rows: (kind, qualifier, number, given by) each."""
    data = {}
    for number, (kind, qualifier, count, given_by) in enumerate(figures):
        values = {"kind": kind, "qualifier": qualifier, "count": count, "given_by": given_by}
        data |= {f"figures-{number}-{name}": value for name, value in values.items()}
    return data


def _old_revision(db, entity: str, table: str, pk: str, entry_id: int) -> None:
    # A create revision with the snapshot the archive took before figures existed.
    row = next(db.query(f"SELECT * FROM {table} WHERE {pk} = ?", [entry_id]))
    cited = db.query(f"SELECT * FROM citations WHERE {pk} = ?", [entry_id])
    shot = {"row": snapshots._kept(row),
            "citations": {str(c["citation_id"]): snapshots._kept(c) for c in cited}}  # fmt: skip
    if table == "abuse_reports":
        shot["victims"] = {}
    chain.append(db, "revisions", {"entity": entity, "entity_id": entry_id, "action": "create",
                 "actor": "old", "at": NOW, "reason": "", "changes": "{}",
                 "snapshot": snapshots.dumps(shot)})  # fmt: skip


def old_archive(path) -> None:
    """An archive file at the migration before figures: a claim with its four counts, a
    report with a number of victims and one without, each cited and recorded."""
    db = archive.open_db(path)
    migrations.apply(db, stop_before="0017_figures_as_reported")
    db["claim_types"].insert({"code": "clash", "label": "Clash", "position": 0})
    db["abuse_types"].insert({"code": "killing", "label": "Killing", "position": 0})
    db["source_types"].insert({"code": "news_report", "label": "News", "position": 0})
    db["actors"].insert({"code": "BLF", "name": "Balochistan Liberation Front", "aliases": "[]"})
    db["sources"].insert({"source_id": 1, "title": "Report", "source_type": "news_report"} | STAMPS)
    claim = {"claim_id": 1, "title": "BLF claims a clash", "group_code": "BLF",
             "claim_medium": "video", "claim_type": "clash", "official_response": "denied",
             "official_statement": "ISPR denies it", "status": "claimed", **COUNTS}  # fmt: skip
    reports = [{"report_id": 7, "title": "Three killed", "abuse_type": "killing",
                "victim_count": 3, "status": "alleged"},
               {"report_id": 8, "title": "Not counted", "abuse_type": "killing",
                "status": "alleged"}]  # fmt: skip
    cited = {"source_id": 1, "passage": "It happened.", "created_at": NOW, "created_by": "old"}
    for table, pk, row in [("attack_claims", "claim_id", claim)] + [
        ("abuse_reports", "report_id", report) for report in reports
    ]:
        db[table].insert(row | {"date_precision": "unknown"} | STAMPS)
        db["citations"].insert(cited | {pk: row[pk]})
        entity = "attack_claim" if table == "attack_claims" else "abuse_report"
        _old_revision(db, entity, table, pk, row[pk])
    db.close()


@pytest.fixture
def upgraded(tmp_path):
    """The old archive after the app started on it (which migrates it), and its connection."""
    old_archive(tmp_path / "gawahi.db")
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "test",
                      "DEMO_CONTENT": False, "WTF_CSRF_ENABLED": False})  # fmt: skip
    db = archive.open_db(tmp_path / "gawahi.db")
    yield app, db
    db.close()


def texts(entry: dict) -> list[str]:
    return [figure["text"] for figure in entry["figures"]]


def test_migration_turns_every_old_count_into_a_figure(upgraded):
    _, db = upgraded
    claim = archive.get_entry(db, "claim", 1)
    assert texts(claim) == ["2 killed (claimed by the group)", "1 killed (official)",
                            "0 injured (official)"]  # fmt: skip
    assert (claim["claim_medium"], claim["official_response"]) == ("video", "denied")
    assert claim["official_statement"] == "ISPR denies it"
    assert texts(archive.get_entry(db, "abuse", 7)) == ["3 victims (source not said)"]
    assert archive.get_entry(db, "abuse", 8)["figures"] == []
    assert archive.get_entry(db, "abuse", 7)["official_response"] == "none"
    assert [c["passage"] for c in archive.get_entry(db, "abuse", 7)["citations"]] == [
        "It happened."
    ]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrated_archive_verifies_and_its_history_says_where_counts_went(upgraded):
    app, db = upgraded
    code, output = flask_verify(app)
    assert code == 0, output
    last = archive.history(db, "abuse_report", 7)[-1]
    assert (last["actor"], last["action"]) == ("system", "migrate")
    assert last["changes"]["victim_count"] == [3, None]
    assert [figure["count"] for figure in last["changes"]["figures"][1]] == [3]
    page = signed_in_client(app, "reader").get("/abuses/7/history").get_data(as_text=True)
    assert "Number of victims" in page and "3 victims (source not said)" in page


def test_migrated_archive_still_refuses_deletes(upgraded):
    _, db = upgraded
    for statement in ("DELETE FROM abuse_reports WHERE report_id = 7",
                      "DELETE FROM attack_claims", "DELETE FROM figures",
                      "UPDATE figures SET count = 99"):  # fmt: skip
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(statement)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE attack_claims SET group_code = 'NOPE' WHERE claim_id = 1")


def test_migrating_again_changes_nothing(upgraded):
    _, db = upgraded
    revisions, figures = db["revisions"].count, db["figures"].count
    archive.migrate(db)
    assert (db["revisions"].count, db["figures"].count) == (revisions, figures)


def test_form_saves_qualified_figures_and_the_page_shows_them(app, client, source_id):  # noqa: F811
    rows = figure_rows(("hostages", "at_least", "20", "media"),
                       ("killed", "approximately", "13", "official"))  # fmt: skip
    saved = client.post("/abuses/new", data=abuse_form(source_id, **rows))
    assert saved.status_code == 302
    page = client.get(saved.location).get_data(as_text=True)
    assert "at least 20 hostages (media)" in page
    assert "approximately 13 killed (official)" in page
    assert flask_verify(app)[0] == 0


def test_claim_keeps_claimed_official_and_media_figures_apart(client, app_db, source_id):  # noqa: F811
    rows = figure_rows(("killed", "approximately", "15", "media"),
                       ("killed", "exact", "40", "group"),
                       ("killed", "at_least", "13", "official"))  # fmt: skip
    saved = client.post("/claims/new", data=claim_form(source_id, **rows))
    page = client.get(saved.location).get_data(as_text=True)
    order = ["As claimed by the group", "40 killed (claimed by the group)",
             "Official figures", "at least 13 killed (official)",
             "Reported by the media", "approximately 15 killed (media)"]  # fmt: skip
    places = [page.index(words) for words in order]
    assert places == sorted(places)
    claim_id = int(saved.location.rsplit("/", 1)[1])
    givers = [f["given_by"] for f in archive.get_entry(app_db, "claim", claim_id)["figures"]]
    assert givers == ["group", "official", "media"]


@pytest.mark.parametrize(
    "row, message",
    [
        (("killed", "", "13", "official"), "Say how exact the number is."),
        (("killed", "unknown", "13", "official"), "Leave it empty when the number is not given."),
        (("killed", "at_least", "", "official"), "Give the number, or choose"),
        (("", "exact", "13", "official"), "Say what is counted."),
        (("killed", "exact", "13", ""), "Say who gives this figure."),
        (("killed", "exact", "lots", "official"), "Give a whole number, zero or more."),
    ],
)
def test_incomplete_figure_is_explained_and_nothing_saved(client, app_db, source_id, row, message):  # noqa: F811
    before = app_db["abuse_reports"].count
    response = client.post("/abuses/new", data=abuse_form(source_id, **figure_rows(row)))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert app_db["abuse_reports"].count == before


def test_a_number_not_given_is_said_in_words(client, source_id):  # noqa: F811
    rows = figure_rows(("missing", "unknown", "", "family"))
    saved = client.post("/abuses/new", data=abuse_form(source_id, **rows))
    page = client.get(saved.location).get_data(as_text=True)
    assert "an unknown number missing or abducted (family or witnesses)" in page


def test_add_another_figure_gives_a_row_without_saving(client, app_db, source_id):  # noqa: F811
    before = app_db["abuse_reports"].count
    response = client.post("/abuses/new", data=abuse_form(source_id, add_figure="1"))
    page = response.get_data(as_text=True)
    assert "Figure 3" in page and 'name="figures-2-kind"' in page
    assert app_db["abuse_reports"].count == before


def test_correcting_figures_retracts_the_old_ones_and_keeps_them(app, client, app_db):
    claim_id = next(app_db.query("SELECT claim_id FROM figures WHERE claim_id IS NOT NULL"))[
        "claim_id"
    ]
    old = archive.get_entry(app_db, "claim", claim_id)["figures"]
    archive.update_entry(app_db, "claim", claim_id, {}, "bilal", "TBP corrected the figure",
                         figures=[{"kind": "killed", "count": 3, "qualifier": "at_least",
                                   "given_by": "group"}])  # fmt: skip
    assert texts(archive.get_entry(app_db, "claim", claim_id)) == [
        "at least 3 killed (claimed by the group)"
    ]
    kept = next(app_db.query("SELECT * FROM figures WHERE figure_id = ?", [old[0]["figure_id"]]))
    assert (kept["retracted_by"], kept["retraction_reason"]) == (
        "bilal",
        "TBP corrected the figure",
    )
    history = client.get(f"/claims/{claim_id}/history").get_data(as_text=True)
    assert old[0]["text"] in history and "at least 3 killed (claimed by the group)" in history
    assert flask_verify(app)[0] == 0


def test_edit_form_keeps_the_figures_it_shows(client, app_db):
    claim_id = next(app_db.query("SELECT claim_id FROM figures WHERE claim_id IS NOT NULL"))[
        "claim_id"
    ]
    page = client.get(f"/claims/{claim_id}/edit").get_data(as_text=True)
    assert '<option selected value="killed">' in page and 'value="2"' in page


def test_new_channels_and_responses_are_accepted(client, app_db, source_id):  # noqa: F811
    data = claim_form(source_id, claim_medium="email", official_response="disputed",
                      official_statement="Officials say no post was attacked.")  # fmt: skip
    saved = client.post("/claims/new", data=data)
    assert saved.status_code == 302
    page = client.get(saved.location).get_data(as_text=True)
    assert "E-mail" in page and "Disputed: officials give another account" in page


def test_a_claim_does_not_pretend_to_know_its_channel(client, app_db, source_id):  # noqa: F811
    form = client.get("/claims/new", follow_redirects=True).get_data(as_text=True)
    assert '<option selected value="unknown">Not known</option>' in form
    data = claim_form(source_id)
    del data["claim_medium"]
    saved = client.post("/claims/new", data=data)
    claim_id = int(saved.location.rsplit("/", 1)[1])
    assert archive.get_entry(app_db, "claim", claim_id)["claim_medium"] == "unknown"
    page = client.get(saved.location).get_data(as_text=True)
    assert "How the claim was made is not known" in page
    assert "Statement to media" not in page


def test_abuse_report_official_response_is_saved_and_shown(client, app_db, source_id):  # noqa: F811
    statement = "The CTD says the men were killed in an encounter; a judicial inquiry is announced."
    data = abuse_form(source_id, official_response="disputed", official_statement=statement)
    saved = client.post("/abuses/new", data=data)
    page = client.get(saved.location).get_data(as_text=True)
    assert "Disputed: officials give another account" in page and statement in page
    report_id = int(saved.location.rsplit("/", 1)[1])
    assert archive.get_entry(app_db, "abuse", report_id)["official_response"] == "disputed"


def test_exports_and_search_results_include_figures(client):
    text = client.get("/export/claims.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert "2 killed (claimed by the group)" in [row["figures"] for row in rows]
    entries = client.get("/export/abuses.json").json["entries"]
    figures = [figure for entry in entries for figure in entry["figures"]]
    assert {"kind": "victims", "count": 2000, "qualifier": "at_least", "given_by": "media",
            "citation_id": None, "text": "at least 2,000 victims (media)"} in figures  # fmt: skip
    found = client.get("/search?q=motorcycle&format=json").json
    claim = found["results"]["claim"][0]
    assert claim["figures"][0]["text"] == "2 killed (claimed by the group)"
    assert json.dumps(found)  # plain JSON all through


def test_the_store_refuses_a_figure_without_its_qualifier(db):
    record = {"title": "Clash", "group_code": "BLF", "claim_type": "clash",
              "date_precision": "unknown"}  # fmt: skip
    cited = archive.add_source(db, {"title": "Report", "body": "Text."}, "tester")
    citation = [{"source_id": cited, "passage": "It happened."}]
    with pytest.raises(archive.InvalidRecord) as error:
        figures = [{"kind": "killed", "count": 4, "given_by": "group"}]
        archive.add_entry(db, "claim", record, citation, "tester", figures=figures)
    assert error.value.errors["figures"].startswith("Figure 1: say how exact")
    assert db["attack_claims"].count == 0 and db["figures"].count == 0


def test_a_figure_changed_behind_the_archive_is_named(app, app_db):
    figure = next(app_db.query("SELECT figure_id, claim_id FROM figures WHERE claim_id > 0"))
    behind = sqlite3.connect(app.config["DATABASE"], isolation_level=None)
    behind.execute("DROP TRIGGER figures_no_rewrite")
    behind.execute("UPDATE figures SET count = 20 WHERE figure_id = ?", [figure["figure_id"]])
    behind.close()
    code, output = flask_verify(app)
    assert code != 0
    assert f"figure {figure['figure_id']} of attack claim {figure['claim_id']} differs" in output
    assert "trigger figures_no_rewrite is missing" in output


@pytest.mark.parametrize("citation_id", ["424242", "9" * 18])
def test_a_figure_citing_no_citation_of_its_entry(client, app_db, source_id, citation_id):  # noqa: F811
    """A figure's hidden citation number (kept when an entry is edited) that names no citation
    of this entry gets a message, not a server error, and nothing is saved."""
    before = app_db["abuse_reports"].count
    rows = figure_rows(("killed", "exact", "3", "official"))
    rows["figures-0-citation_id"] = citation_id
    response = client.post("/abuses/new", data=abuse_form(source_id, **rows))
    assert response.status_code == 422
    assert "the citation it rests on is not one of this entry" in response.get_data(as_text=True)
    assert app_db["abuse_reports"].count == before
