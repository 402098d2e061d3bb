"""Actors and reference data through the real app: search by any of an actor's names, facets
kept apart, and administrators' edits on the admin pages, audited and indexed by themselves."""

from __future__ import annotations

import json

import pytest

import archive

from .indexing import add_abuse


@pytest.fixture
def source_id(app_db) -> int:
    return archive.list_sources(app_db)[0][0]["source_id"]


def titles(client, query: str, **params) -> list[str]:
    """The titles the search page's JSON twin lists for `query`, both categories."""
    data = client.get("/search", query_string={"q": query, "format": "json", **params}).json
    return [row["title"] for rows in data["results"].values() for row in rows]


def test_ctd_and_counter_terrorism_department_find_each_other(client, app_db, source_id):
    add_abuse(app_db, source_id, "Student taken in Turbat", "Counter Terrorism Department men "
              "took him from his hostel.")  # fmt: skip
    add_abuse(app_db, source_id, "Shopkeeper detained", "The CTD says he is held for questioning.")
    client.get("/")  # a request using the store drains the queue into the real index
    assert "Student taken in Turbat" in titles(client, "CTD")
    assert "Shopkeeper detained" in titles(client, "Counter Terrorism Department")
    assert "Shopkeeper detained" in titles(client, "سی ٹی ڈی")  # its Urdu transliteration
    page = client.get("/search?q=CTD").get_data(as_text=True)
    assert "Student taken in Turbat" in page and "Shopkeeper detained" in page


def test_vbmp_finds_voice_for_baloch_missing_persons(client, app_db, source_id):
    add_abuse(app_db, source_id, "Protest camp records a case", "Voice for Baloch Missing "
              "Persons registered the disappearance at its camp in Quetta.")  # fmt: skip
    client.get("/")
    assert titles(client, "VBMP") == ["Protest camp records a case"]
    assert "Protest camp records a case" in client.get("/search?q=VBMP").get_data(as_text=True)


def test_claimed_by_and_alleged_perpetrator_are_two_facets(client, app_db, source_id):
    add_abuse(app_db, source_id, "Raid in Dasht", "A raid in Dasht.", perpetrator="FC personnel",
              perpetrator_code="FC")  # fmt: skip
    add_abuse(app_db, source_id, "Killing in Dasht", "Killed in Dasht; the BLA is accused.",
              perpetrator="BLA", district="Kech")  # fmt: skip
    client.get("/")
    facets = client.get("/search?q=Dasht&format=json").json["facets"]
    assert facets["group"] == []  # no claim: nothing is "claimed by" anyone
    assert {f["value"]: f["count"] for f in facets["perpetrator"]} == {"FC": 1, "BLA": 1}
    everything = client.get("/search?format=json").json["facets"]
    claims = {f["value"]: f["count"] for f in everything["group"]}
    assert claims == {"BLA": 5, "BLF": 1}  # the demo's claims, and only them
    assert client.get("/search?q=Dasht&perpetrator=Frontier+Corps&format=json").json[
        "counts"] == {"abuse": 1, "claim": 0}  # fmt: skip
    page = client.get("/search?q=Dasht").get_data(as_text=True)
    assert "Claimed by" not in page  # an empty facet is not shown
    perpetrators = page.split('data-testid="facet-perpetrator"')[1].split("</ul>")[0]
    assert "Frontier Corps (FC)" in perpetrators and "Baloch Liberation Army (BLA)" in perpetrators
    assert "<h3>Claimed by</h3>" in client.get("/search").get_data(as_text=True)


def test_admin_adds_a_type_that_documenters_then_pick(client, client_as, app_db, source_id):
    added = client.post("/admin/reference/claim-types", data={"code": "hijacking",
                                                             "label": "Hijacking"})  # fmt: skip
    assert added.status_code == 303
    assert "Hijacking" in client.get(added.location).get_data(as_text=True)
    documenter = client_as("documenter")
    form = documenter.get("/claims/new", follow_redirects=True).get_data(as_text=True)
    assert '<option value="hijacking">Hijacking</option>' in form
    saved = documenter.post("/claims/new", data={
        "title": "BLA claims the hijacking of a train", "group_code": "BLA",
        "claim_type": "hijacking", "claim_medium": "media_statement", "official_response": "none",
        "date_precision": "unknown", "status": "claimed",
        "citations-0-source_id": str(source_id), "citations-0-passage": "It says so.",
    })  # fmt: skip
    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert titles(documenter, "hijacking") == ["BLA claims the hijacking of a train"]


def test_a_new_alias_makes_an_existing_entry_findable_without_a_rebuild(client, app_db, source_id):
    add_abuse(app_db, source_id, "Activist detained", "بی وائی سی کے کارکن کو حراست میں لیا گیا")
    client.get("/")
    assert titles(client, "BYC") == []
    edit = client.get("/admin/reference/actors/BYC").get_data(as_text=True)
    assert "بلوچ یکجہتی کمیٹی" in edit  # the form shows the current transliterations
    saved = client.post("/admin/reference/actors/BYC", data={
        "kind": "organisation", "name": "Baloch Yakjehti Committee",
        "aliases": "Baloch Yakjahti Committee", "transliterations": "بلوچ یکجہتی کمیٹی\nبی وائی سی",
    })  # fmt: skip
    assert saved.status_code == 303
    assert titles(client, "BYC") == ["Activist detained"]
    assert titles(client, '"Baloch Yakjehti Committee"') == ["Activist detained"]


def test_every_change_is_in_the_audit_log_with_who_and_what(client, app_db):
    client.post("/admin/reference/places", data={"name": "Hoshab", "variants": "Hoshaab"})
    client.post("/admin/reference/districts/Kech", data={"province": "Balochistan",
                                                        "aliases": "Turbat\nKej"})  # fmt: skip
    rows = app_db.execute(
        "SELECT actor, action, subject, detail, address FROM audit_log"
        " WHERE action LIKE 'reference%' ORDER BY audit_id"
    ).fetchall()
    assert [row[:3] for row in rows] == [
        ("test-admin", "reference_add", "Place spellings: Hoshab"),
        ("test-admin", "reference_change", "Districts: Kech"),
    ]
    assert json.loads(rows[1][3])["aliases"] == "Turbat → Turbat, Kej"
    assert rows[0][4] == "127.0.0.1"
    page = client.get("/admin/audit?action=reference_change").get_data(as_text=True)
    assert "Districts: Kech" in page and "Turbat → Turbat, Kej" in page


def test_bad_input_is_explained_next_to_the_field_and_changes_nothing(client, app_db):
    before = app_db["actors"].count
    response = client.post("/admin/reference/actors", data={
        "code": "FCB", "kind": "state", "name": "Frontier Corps Balochistan"})  # fmt: skip
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "already names Frontier Corps (FC)" in page and 'aria-invalid="true"' in page
    assert app_db["actors"].count == before
    response = client.post("/admin/reference/abuse-types", data={"code": "Bad Code", "label": "X"})
    assert response.status_code == 422 and "lower-case letters" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["reader", "documenter", "reviewer"])
def test_only_administrators_change_reference_data(client_as, app_db, role):
    someone = client_as(role)
    assert someone.get("/admin/reference/actors").status_code == 403
    refused = someone.post("/admin/reference/actors/CTD", data={
        "kind": "state", "name": "Renamed", "aliases": "", "transliterations": ""})  # fmt: skip
    assert refused.status_code == 403
    assert archive.actors.get_actor(app_db, "CTD")["name"] == "Counter Terrorism Department"
    assert someone.post("/admin/reference/claim-types", data={"code": "x", "label": "X"}
                        ).status_code == 403  # fmt: skip
    assert "x" not in archive.reference.type_labels(app_db, "claim_types")


def test_console_changes_are_audited_and_searchable_at_once(app, client, app_db, source_id):
    add_abuse(app_db, source_id, "Taken by the Balochistan Constabulary", "")
    client.get("/")
    runner = app.test_cli_runner()
    command = ["reference", "add-actor", "BC", "Balochistan Constabulary", "--kind", "state"]
    result = runner.invoke(args=[*command, "--alias", "Constabulary Balochistan"])
    assert result.exit_code == 0, result.output
    assert "BC\tstate\tBalochistan Constabulary" in runner.invoke(
        args=["reference", "list", "actors"]).output  # fmt: skip
    row = app_db.execute("SELECT actor, subject, address FROM audit_log ORDER BY audit_id DESC"
                         ).fetchone()  # fmt: skip
    assert row[0].startswith("console") and row[1:] == ("Actors: BC", "console")
    assert titles(client, "BC") == ["Taken by the Balochistan Constabulary"]


def test_a_new_archive_knows_where_its_seeded_places_lie(tmp_path):
    """The gazetteer names, for a town reports mention, the district it is in; every district
    it names is one the archive lists."""
    from archive import prepare
    from archive.db import open_db
    from archive.places import places

    db = open_db(tmp_path / "gawahi.db")
    prepare(db)
    known = {row["name"]: row["district"] for row in places(db)}
    districts = {row["name"] for row in db.query("SELECT name FROM districts")}
    assert known["Mand"] == "Kech" and known["New Sariab"] == "Quetta"
    assert set(known.values()) <= districts


def test_search_pages_follow_reference_edits_made_after_they_were_first_shown(
    client, app_db, source_id
):
    """Labels and names are kept between requests: an edit through the store (any process:
    here another connection) shows on the very next search."""
    add_abuse(app_db, source_id, "Raid in Dasht", "A raid in Dasht.", perpetrator="FC personnel",
              perpetrator_code="FC")  # fmt: skip
    client.get("/")
    page = client.get("/search?q=Dasht").get_data(as_text=True)
    assert "Frontier Corps (FC)" in page and "Enforced disappearance" in page
    fc = archive.actors.get_actor(app_db, "FC")
    archive.actors.save_actor(app_db, fc | {"name": "Frontier Corps Balochistan"}, "tester")
    archive.reference.save_type(app_db, "abuse_types", "enforced_disappearance",
                                "Enforced or involuntary disappearance", "tester")  # fmt: skip
    client.get("/")
    page = client.get("/search?q=Dasht").get_data(as_text=True)
    assert "Frontier Corps Balochistan (FC)" in page
    assert "Enforced or involuntary disappearance" in page
    assert titles(client, "Frontier Corps Balochistan") == ["Raid in Dasht"]


def test_a_district_alias_added_after_a_search_widens_the_next_one(client, app_db, source_id):
    add_abuse(app_db, source_id, "Taken in Panjgur", "Taken at night.", district="Panjgur")
    client.get("/")
    assert titles(client, "district:Paanjgur") == []
    district = archive.reference.get_district(app_db, "Panjgur")
    aliases = [*district["aliases"], "Paanjgur"]
    archive.reference.save_district(app_db, "Panjgur", district["province"], aliases, "tester")
    client.get("/")
    assert titles(client, "district:Paanjgur") == ["Taken in Panjgur"]


def test_a_restore_or_bundle_import_renews_the_reference_lists_kept_by_every_process(app_db):
    # A restore or a bundle import brings another archive's lists without a reference edit of
    # its own: the pages' kept labels and names must be built again all the same.
    from archive import audit, reference_edits

    before = reference_edits.reference_generation(app_db)
    audit.record(app_db, "restore", "admin", "/backups/nightly", {})
    after_restore = reference_edits.reference_generation(app_db)
    audit.record(app_db, "bundle_import", "admin", "bundle.zip", {})
    after_bundle = reference_edits.reference_generation(app_db)
    assert before != after_restore != after_bundle
    audit.record(app_db, "sign_in", "admin", "admin", {})  # not a change of the lists
    assert reference_edits.reference_generation(app_db) == after_bundle
