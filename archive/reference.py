"""Reference data: types, districts, armed groups and place spellings.

Seeded at first run, extended by administrators; never hard-coded in templates.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from .db import write_transaction
from .errors import InvalidRecord, NotFound

ABUSE_TYPES = [
    ("enforced_disappearance", "Enforced disappearance"),
    ("arbitrary_detention", "Arbitrary arrest or detention"),
    ("extrajudicial_killing", "Extrajudicial killing"),
    ("torture", "Torture or ill-treatment"),
    ("mass_grave", "Mass grave"),
    ("indiscriminate_attack", "Indiscriminate attack on civilians"),
    ("forced_displacement", "Forced displacement"),
    ("harassment", "Harassment of journalists or activists"),
    ("other", "Other"),
]
CLAIM_TYPES = [
    ("armed_attack", "Ambush or armed attack"),
    ("bombing", "Bombing or IED"),
    ("grenade_attack", "Grenade attack"),
    ("targeted_killing", "Targeted killing"),
    ("arson_sabotage", "Arson or sabotage"),
    ("road_blockade", "Road blockade"),
    ("clash", "Clash with security forces"),
    ("post_capture", "Capture of a post"),
    ("other", "Other"),
]
SOURCE_TYPES = [
    ("news_report", "News report"),
    ("ngo_report", "NGO report"),
    ("party_statement", "Press release or statement by a party"),
    ("official_statement", "Official statement"),
    ("testimony", "Testimony"),
    ("other", "Other"),
]
BALOCHISTAN_DISTRICTS = [
    "Quetta", "Pishin", "Killa Abdullah", "Chaman", "Zhob", "Sherani", "Killa Saifullah",
    "Loralai", "Duki", "Musakhel", "Barkhan", "Kohlu", "Dera Bugti", "Sibi", "Harnai", "Ziarat",
    "Kachhi", "Jhal Magsi", "Nasirabad", "Jaffarabad", "Sohbatpur", "Usta Muhammad", "Kalat",
    "Surab", "Mastung", "Khuzdar", "Awaran", "Lasbela", "Hub", "Kharan", "Washuk", "Panjgur",
    "Kech", "Gwadar", "Chagai", "Nushki",
]  # fmt: skip
DISTRICT_ALIASES = {"Kachhi": ["Bolan"], "Kech": ["Turbat"], "Khuzdar": ["Khuzdaar"]}
PROVINCES = [
    "Balochistan", "Khyber Pakhtunkhwa", "Punjab", "Sindh", "Islamabad Capital Territory",
    "Gilgit-Baltistan", "Azad Jammu and Kashmir",
]  # fmt: skip
ARMED_GROUPS = [
    ("BLA", "Baloch Liberation Army", ["Balochistan Liberation Army"]),
    ("BLF", "Balochistan Liberation Front", ["Baloch Liberation Front"]),
    ("BRA", "Baloch Republican Army", []),
    ("BRG", "Baloch Republican Guards", []),
    ("LeB", "Lashkar-e-Balochistan", ["Lashkar-i-Balochistan"]),
    ("BRAS", "Baloch Raaji Aajoi Sangar", ["Baloch Raji Ajoi Sangar"]),
    ("TTP", "Tehrik-i-Taliban Pakistan", ["Tehreek-e-Taliban Pakistan", "Pakistani Taliban"]),
]
PLACE_SPELLINGS = {
    "Kech": ["Turbat", "Kej"],
    "Khuzdar": ["Khuzdaar"],
    "Kachhi": ["Bolan", "Kachi"],
    "Quetta": ["Kwatah"],
    "Gwadar": ["Gawadar"],
    "Dera Bugti": ["Dera Bughti"],
}


def seed_reference_data(db: Database) -> None:
    """Fill empty reference tables with the lists DOMAIN.md gives; leaves edited lists alone."""
    with write_transaction(db):
        _seed_codes(db, "abuse_types", ABUSE_TYPES)
        _seed_codes(db, "claim_types", CLAIM_TYPES)
        _seed_codes(db, "source_types", SOURCE_TYPES)
        if not db["districts"].count:
            db["districts"].insert_all(
                {"name": name, "province": "Balochistan",
                 "aliases": json.dumps(DISTRICT_ALIASES.get(name, []))}
                for name in BALOCHISTAN_DISTRICTS
            )  # fmt: skip
        if not db["armed_groups"].count:
            db["armed_groups"].insert_all(
                {"code": code, "name": name, "aliases": json.dumps(aliases)}
                for code, name, aliases in ARMED_GROUPS
            )
        if not db["place_spellings"].count:
            db["place_spellings"].insert_all(
                {"name": name, "variants": json.dumps(variants)}
                for name, variants in PLACE_SPELLINGS.items()
            )


def _seed_codes(db: Database, table: str, items: list[tuple[str, str]]) -> None:
    if not db[table].count:
        db[table].insert_all(
            {"code": code, "label": label, "position": position}
            for position, (code, label) in enumerate(items)
        )


def type_labels(db: Database, table: str) -> dict[str, str]:
    """Code -> label for one of the type tables, in their display order."""
    rows = db.query(f"SELECT code, label FROM [{table}] ORDER BY position, label")
    return {row["code"]: row["label"] for row in rows}


def add_type(db: Database, table: str, code: str, label: str) -> None:
    """Add a type to an editable list (abuse_types, claim_types or source_types)."""
    if table not in ("abuse_types", "claim_types", "source_types"):
        raise NotFound(f"No list called {table!r}.")
    code, label = code.strip(), label.strip()
    if not code or not label:
        raise InvalidRecord({"code": "A type needs a code and a label."})
    with write_transaction(db):
        position = db.execute(f"SELECT coalesce(max(position), 0) + 1 FROM [{table}]").fetchone()[0]
        db[table].upsert({"code": code, "label": label, "position": position}, pk="code")


def districts(db: Database) -> list[dict]:
    """Every district with its province and aliases, by province then name."""
    rows = db.query("SELECT * FROM districts ORDER BY province, name")
    return [{**row, "aliases": json.loads(row["aliases"])} for row in rows]


def add_district(db: Database, name: str, province: str, aliases: list[str] = ()) -> None:
    """Add a district (or replace its province and aliases)."""
    name, province = name.strip(), province.strip()
    if not name or not province:
        raise InvalidRecord({"name": "A district needs a name and a province."})
    with write_transaction(db):
        db["districts"].upsert(
            {"name": name, "province": province, "aliases": json.dumps(list(aliases))}, pk="name"
        )


def district_province(db: Database, name: str) -> str | None:
    """The province of a known district, or None when the district is unknown."""
    row = db.execute("SELECT province FROM districts WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def armed_groups(db: Database) -> list[dict]:
    """Every armed group with its aliases, by code."""
    rows = db.query("SELECT * FROM armed_groups ORDER BY code")
    return [{**row, "aliases": json.loads(row["aliases"])} for row in rows]


def add_armed_group(db: Database, code: str, name: str, aliases: list[str] = ()) -> None:
    """Add an armed group (or replace its name and aliases)."""
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise InvalidRecord({"code": "A group needs an abbreviation and a name."})
    with write_transaction(db):
        db["armed_groups"].upsert(
            {"code": code, "name": name, "aliases": json.dumps(list(aliases))}, pk="code"
        )


def resolve_group(db: Database, text: str) -> str | None:
    """The code of the group that `text` names by code, name or alias (any case), or None."""
    wanted = text.strip().casefold()
    for group in armed_groups(db):
        names = [group["code"], group["name"], *group["aliases"]]
        if wanted in (name.casefold() for name in names):
            return group["code"]
    return None


def place_spellings(db: Database) -> dict[str, list[str]]:
    """Place name -> its other transliterations, for search to treat as one."""
    rows = db.query("SELECT name, variants FROM place_spellings ORDER BY name")
    return {row["name"]: json.loads(row["variants"]) for row in rows}


def add_place_spelling(db: Database, name: str, variants: list[str]) -> None:
    """Record that `variants` are other spellings of the place `name`."""
    if not name.strip() or not variants:
        raise InvalidRecord({"name": "Give a place name and at least one other spelling."})
    with write_transaction(db):
        db["place_spellings"].upsert(
            {"name": name.strip(), "variants": json.dumps([v.strip() for v in variants])},
            pk="name",
        )
