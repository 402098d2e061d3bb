"""The gazetteer: places (towns, villages, neighbourhoods) with the district each lies in, and,
where known, its latitude and longitude. Seeded at first run, extended by administrators.

Intake reads it to place an event named only by its town ("in Mand": Kech); charts and the map
read the coordinates. Place spellings (archive/reference.py) stay a separate list: they say how
one name is written, this says where a place is.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

# (place, district), from the districts' own towns and places named in reports. Places that
# share a name across districts (Dasht is in Kech and in Mastung) are left out: a wrong
# district is worse than none.
SEED_PLACES = [
    ("Turbat", "Kech"), ("Mand", "Kech"), ("Tump", "Kech"), ("Buleda", "Kech"),
    ("Hoshab", "Kech"), ("Zamuran", "Kech"), ("Balnigor", "Kech"),
    ("Pasni", "Gwadar"), ("Ormara", "Gwadar"), ("Jiwani", "Gwadar"),
    ("Parom", "Panjgur"), ("Gichk", "Panjgur"), ("Gwargo", "Panjgur"),
    ("Jhao", "Awaran"), ("Mashkay", "Awaran"), ("Gishkaur", "Awaran"),
    ("Wadh", "Khuzdar"), ("Zehri", "Khuzdar"), ("Nal", "Khuzdar"), ("Karakh", "Khuzdar"),
    ("Ornach", "Khuzdar"),
    ("Manguchar", "Kalat"), ("Johan", "Kalat"),
    ("Mach", "Kachhi"), ("Dhadar", "Kachhi"), ("Bhag", "Kachhi"), ("Sanni", "Kachhi"),
    ("New Sariab", "Quetta"), ("Sariab Road", "Quetta"), ("Hazara Town", "Quetta"),
    ("Kuchlak", "Quetta"), ("Satellite Town", "Quetta"), ("Brewery Road", "Quetta"),
    ("Dalbandin", "Chagai"), ("Nokkundi", "Chagai"), ("Taftan", "Chagai"),
    ("Sui", "Dera Bugti"), ("Pir Koh", "Dera Bugti"),
    ("Kahan", "Kohlu"),
    ("Dera Murad Jamali", "Nasirabad"),
    ("Bela", "Lasbela"), ("Uthal", "Lasbela"), ("Winder", "Lasbela"),
    ("Gadani", "Hub"),
    ("Besima", "Washuk"), ("Mashkhel", "Washuk"),
    ("Shahrig", "Harnai"),
    ("Khanozai", "Pishin"),
    ("Dera Allah Yar", "Jaffarabad"),
    ("Gandawa", "Jhal Magsi"),
]  # fmt: skip


def seed_places(db: Database) -> None:
    """Fill an empty gazetteer with the places above whose district the archive lists (an
    administrator may have renamed or not yet added one)."""
    if db["places"].count:
        return
    listed = {row["name"] for row in db.query("SELECT name FROM districts")}
    db["places"].insert_all(
        {"name": name, "district": district, "aliases": "[]"}
        for name, district in SEED_PLACES
        if district in listed
    )


def places(db: Database) -> list[dict[str, Any]]:
    """Every place in the gazetteer: name, district, other spellings, latitude and longitude."""
    rows = db.query("SELECT name, district, aliases, latitude, longitude FROM places ORDER BY name")
    return [{**row, "aliases": json.loads(row["aliases"])} for row in rows]
