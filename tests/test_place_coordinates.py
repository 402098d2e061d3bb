"""Coordinates for the map: districts' headquarters and the gazetteer's places, filled from
GeoNames by migration 0027 and at first run, edited by administrators, audited."""

from __future__ import annotations

import json

import pytest

import archive
from archive import migrations, places, reference


def _audit(db, subject: str) -> list[dict]:
    rows = db.query(
        "SELECT action, actor, detail FROM audit_log WHERE subject = ? ORDER BY rowid", [subject]
    )
    return [{**row, "detail": json.loads(row["detail"])} for row in rows]


def test_a_new_archive_has_district_headquarters_and_place_coordinates(db):
    kech = reference.get_district(db, "Kech")
    assert (kech["seat"], kech["latitude"], kech["longitude"]) == ("Turbat", 26.00122, 63.04849)
    assert reference.get_district(db, "Sherani")["latitude"] is None  # no source: none guessed
    assert places.get_place(db, "Pasni")["latitude"] == 25.26302
    assert places.get_place(db, "Mand")["latitude"] is None


def test_the_migration_fills_an_archive_made_before_it_and_keeps_edited_values():
    db = archive.open_db(None)
    migrations.chain.register(db)
    migrations.migrations.apply(db, stop_before="0027_place_coordinates")  # an older archive
    db["districts"].insert({"name": "Kech", "province": "Balochistan", "aliases": "[]"})
    db["districts"].insert({"name": "Gwadar", "province": "Balochistan", "aliases": "[]"})
    db["places"].insert({"name": "Pasni", "district": "Gwadar", "aliases": "[]"})
    db["places"].insert({"name": "Turbat", "district": "Kech", "aliases": "[]",
                         "latitude": 26.0, "longitude": 63.0})  # fmt: skip
    archive.prepare(db)
    assert db["districts"].get("Kech")["latitude"] == 26.00122
    assert db["districts"].get("Gwadar")["seat"] == "Gwadar"
    assert db["places"].get("Pasni")["longitude"] == 63.46921
    assert db["places"].get("Turbat")["latitude"] == 26.0  # a value already given stays
    db.close()


def test_an_administrator_gives_a_place_coordinates_and_it_is_audited(client, app_db):
    answer = client.post(
        "/admin/reference/gazetteer/Mand",
        data={"district": "Kech", "aliases": "Mund", "latitude": "26.25", "longitude": "62.83"},
    )
    assert answer.status_code == 303
    mand = places.get_place(app_db, "Mand")
    assert (mand["latitude"], mand["longitude"], mand["aliases"]) == (26.25, 62.83, ["Mund"])
    event = _audit(app_db, "Gazetteer: Mand")[-1]
    assert event["action"] == "reference_change" and event["actor"] == "test-admin"
    assert event["detail"]["latitude"] == "(none) → 26.25"
    page = client.get("/admin/reference/gazetteer").get_data(as_text=True)
    assert "26.25, 62.83" in page


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("95", "62", "latitude in decimal degrees"),
        ("north", "62", "latitude in decimal degrees"),
        ("26.2", "", "both the latitude and the longitude"),
    ],
)
def test_bad_coordinates_are_refused_and_change_nothing(client, app_db, latitude, longitude,
                                                        message):  # fmt: skip
    answer = client.post(
        "/admin/reference/gazetteer/Mand",
        data={"district": "Kech", "aliases": "", "latitude": latitude, "longitude": longitude},
    )
    assert answer.status_code == 422 and message in answer.get_data(as_text=True)
    assert places.get_place(app_db, "Mand")["latitude"] is None
    assert _audit(app_db, "Gazetteer: Mand") == []


def test_an_administrator_adds_a_place_with_coordinates(client, app_db):
    answer = client.post(
        "/admin/reference/gazetteer",
        data={"name": "Nasirabad town", "district": "Kech", "aliases": "",
              "latitude": "26.1", "longitude": "63.1"},
    )  # fmt: skip
    assert answer.status_code == 303
    assert places.get_place(app_db, "Nasirabad town")["district"] == "Kech"
    assert _audit(app_db, "Gazetteer: Nasirabad town")[0]["action"] == "reference_add"


def test_an_administrator_moves_a_district_headquarters_and_the_map_follows(client, app_db):
    answer = client.post(
        "/admin/reference/districts/Sherani",
        data={"province": "Balochistan", "aliases": "", "seat": "Mani Khwah",
              "latitude": "31.53", "longitude": "70.03"},
    )  # fmt: skip
    assert answer.status_code == 303
    sherani = reference.get_district(app_db, "Sherani")
    assert (sherani["seat"], sherani["latitude"]) == ("Mani Khwah", 31.53)
    assert "Mani Khwah" in json.dumps(_audit(app_db, "Districts: Sherani")[-1]["detail"])


def test_a_reader_cannot_edit_coordinates(client_as):
    reader = client_as("reader")
    answer = reader.post("/admin/reference/gazetteer/Mand", data={"latitude": "1"})
    assert answer.status_code == 403
