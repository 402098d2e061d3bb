"""Exports: one category per file, filtered like the lists, confidential names left out."""

from __future__ import annotations

import csv
import io

import archive


def test_csv_export_holds_only_its_category(client):
    response = client.get("/export/claims.csv")
    assert response.headers["Content-Disposition"] == "attachment; filename=gawahi-claims.csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 6
    assert {row["group_code"] for row in rows} == {"BLA", "BLF"}
    assert all("abuse_type" not in row for row in rows)
    khadkucha = next(row for row in rows if "Khadkucha" in row["title"])
    assert khadkucha["attributed_to"] == "BLF, via The Balochistan Post"
    assert khadkucha["date_text"] == "3 September 2025"


def test_json_export_follows_the_list_filters(client):
    data = client.get("/export/claims.json?district=Kalat").json
    assert data["category"] == "claim"
    assert [entry["place"] for entry in data["entries"]] == ["Manguchar"]


def test_export_leaves_out_confidential_victim_names(client_as, app_db):
    source_id = next(app_db["sources"].rows)["source_id"]
    archive.add_entry(
        app_db, "abuse", {"title": "Detention in Turbat", "abuse_type": "arbitrary_detention"},
        [{"source_id": source_id, "passage": "p"}], "tester", [{"name": "Secret Person"}],
    )  # fmt: skip
    for url in ("/export/abuses.csv", "/export/abuses.json"):
        reader = client_as("reader").get(url).get_data(as_text=True)
        assert "Detention in Turbat" in reader
        assert "Secret Person" not in reader
        reviewer = client_as("reviewer").get(url).get_data(as_text=True)
        assert "Secret Person" in reviewer


def test_every_export_is_audited(client, app_db):
    client.get("/export/claims.json?district=Kalat")
    row = next(app_db["audit_log"].rows_where("action = 'export'"))
    assert row["actor"] == "test-admin"
    assert row["subject"] == "claims"
    assert '"district": "Kalat"' in row["detail"]


def test_unknown_export_is_a_404_with_a_reason(client):
    response = client.get("/export/rumours.csv")
    assert response.status_code == 404
    assert "Exports are" in response.get_data(as_text=True)


def test_list_page_links_to_its_exports_with_its_filters(client):
    page = client.get("/abuses/?district=Mastung").get_data(as_text=True)
    assert "/export/abuses.csv?district=Mastung" in page
