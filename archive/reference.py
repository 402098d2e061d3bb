"""Reference data: types, districts, place spellings, and the actors (archive/actors.py).

Seeded at first run, extended by administrators (on the admin pages or with `flask reference`);
never hard-coded in templates. Every edit is audited and queues the entries it affects for the
search index (archive/reference_edits.py). Codes and names that entries store never change.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlite_utils import Database

from . import actors, places, reference_edits
from .db import write_transaction
from .errors import InvalidRecord, NotFound
from .messages import N_, Message
from .read_once import once

ABUSE_TYPES = [
    ("enforced_disappearance", N_("Enforced disappearance")),
    ("arbitrary_detention", N_("Arbitrary arrest or detention")),
    ("extrajudicial_killing", N_("Extrajudicial killing")),
    ("torture", N_("Torture or ill-treatment")),
    ("mass_grave", N_("Mass grave")),
    ("indiscriminate_attack", N_("Indiscriminate attack on civilians")),
    ("forced_displacement", N_("Forced displacement")),
    ("harassment", N_("Harassment of journalists or activists")),
    ("other", N_("Other")),
]
CLAIM_TYPES = [
    ("armed_attack", N_("Ambush or armed attack")),
    ("bombing", N_("Bombing or IED")),
    ("grenade_attack", N_("Grenade attack")),
    ("targeted_killing", N_("Targeted killing")),
    ("arson_sabotage", N_("Arson or sabotage")),
    ("road_blockade", N_("Road blockade")),
    ("clash", N_("Clash with security forces")),
    ("post_capture", N_("Capture of a post")),
    ("other", N_("Other")),
]
SOURCE_TYPES = [
    ("news_report", N_("News report")),
    ("ngo_report", N_("NGO report")),
    ("party_statement", N_("Press release or statement by a party")),
    ("official_statement", N_("Official statement")),
    ("testimony", N_("Testimony")),
    ("other", N_("Other")),
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
PLACE_SPELLINGS = {
    "Kech": ["Turbat", "Kej", "کیچ", "تربت"],
    "Khuzdar": ["Khuzdaar", "خضدار"],
    "Kachhi": ["Bolan", "Kachi", "کچھی", "بولان"],
    "Quetta": ["Kwatah", "کوئٹہ"],
    "Gwadar": ["Gawadar", "گوادر"],
    "Dera Bugti": ["Dera Bughti", "ڈیرہ بگٹی"],
    # Other English spellings regional papers use.
    "Nushki": ["Noshki"],
    "Kalat": ["Qalat", "Khelat"],
    "Musakhel": ["Musakhail", "Musa Khel"],
    "Killa Abdullah": ["Qila Abdullah", "Qilla Abdullah"],
    "Killa Saifullah": ["Qila Saifullah", "Qilla Saifullah"],
    "Jaffarabad": ["Jafarabad"],
    "Lasbela": ["Las Bela"],
    "Chagai": ["Chaghi"],
    "Sherani": ["Shirani"],
    "Panjgur": ["Panjgoor"],
    "Nasirabad": ["Naseerabad"],
    "Usta Muhammad": ["Usta Mohammad"],
}
# How Urdu news writes the districts' names (intake places an Urdu report by them; search
# finds one spelling by the other). Names that are also common words (Hub, Chaman, Ziarat)
# are left out: a wrong district is worse than none.
URDU_DISTRICTS = {
    "Pishin": "پشین", "Killa Abdullah": "قلعہ عبداللہ", "Zhob": "ژوب", "Sherani": "شیرانی",
    "Killa Saifullah": "قلعہ سیف اللہ", "Loralai": "لورالائی", "Duki": "دکی",
    "Musakhel": "موسیٰ خیل", "Barkhan": "بارکھان", "Kohlu": "کوہلو", "Sibi": "سبی",
    "Harnai": "ہرنائی", "Jhal Magsi": "جھل مگسی", "Nasirabad": "نصیرآباد",
    "Jaffarabad": "جعفرآباد", "Sohbatpur": "صحبت پور", "Usta Muhammad": "اوستہ محمد",
    "Kalat": "قلات", "Surab": "سوراب", "Mastung": "مستونگ", "Awaran": "آواران",
    "Lasbela": "لسبیلہ", "Kharan": "خاران", "Washuk": "واشک", "Panjgur": "پنجگور",
    "Chagai": "چاغی", "Nushki": "نوشکی",
}  # fmt: skip
for name, urdu in URDU_DISTRICTS.items():
    PLACE_SPELLINGS[name] = [*PLACE_SPELLINGS.get(name, []), urdu]
# Each type list, and the entry column that holds its codes.
TYPE_TABLES = {
    "abuse_types": "abuse_type",
    "claim_types": "claim_type",
    "source_types": "source_type",
}
TYPE_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
# Who reference data is edited by when nobody says (seeding, importers).
SYSTEM = "system"


def seed_reference_data(db: Database) -> None:
    """Fill empty reference lists with the ones DOMAIN.md gives; leaves edited lists alone."""
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
            places.fill_coordinates(db)
        actors.seed_actors(db)
        places.seed_places(db)
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

    def load() -> dict[str, str]:
        rows = db.query(f"SELECT code, label FROM [{table}] ORDER BY position, label")
        return {row["code"]: row["label"] for row in rows}

    return dict(once(db, ("type_labels", table), load))


def save_type(
    db: Database, table: str, code: str, label: str, by: str = SYSTEM, new: bool | None = None
) -> None:
    """Add a type (new=True), change its label (new=False) or either (None), audited; the
    entries of a relabelled type are queued for the index. A code never changes."""
    if table not in TYPE_TABLES:
        raise NotFound(f"No list called {table!r}.")
    code, label = code.strip(), " ".join(label.split())
    with write_transaction(db):
        labels = type_labels(db, table)
        _check_type(labels, code, label, new)
        if code in labels:
            db[table].update(code, {"label": label})
        else:
            position = db.execute(f"SELECT coalesce(max(position), 0) + 1 FROM [{table}]")
            db[table].insert({"code": code, "label": label, "position": position.fetchone()[0]})
        relabelled = code in labels and labels[code] != label
        requeued = reference_edits.requeue(db, [], {TYPE_TABLES[table]: code}) if relabelled else 0
        before = {"label": labels[code]} if code in labels else None
        reference_edits.record_edit(db, by, table, code, before, {"label": label}, requeued)


def _check_type(labels: dict[str, str], code: str, label: str, new: bool | None) -> None:
    if new is False and code not in labels:
        raise NotFound(Message("There is no type %(code)r in this list.", code=code))
    errors = {}
    if new and code in labels:
        errors["code"] = Message("%(code)s is already in the list, as %(label)r.", code=code,
                                 label=labels[code])  # fmt: skip
    elif code not in labels and not TYPE_CODE.fullmatch(code):
        errors["code"] = N_(
            "Give a code of lower-case letters, digits and underscores, such as hijacking."
        )
    same = [other for other, shown in labels.items() if other != code and shown == label]
    if not label or len(label) > 200:
        errors["label"] = N_(
            "Give the label people read, such as Hijacking (at most 200 characters)."
        )
    elif same:
        errors["label"] = Message("%(code)s already has this label.", code=same[0])
    if errors:
        raise InvalidRecord(errors)


def add_type(db: Database, table: str, code: str, label: str, by: str = SYSTEM) -> None:
    """Add a type to an editable list (abuse_types, claim_types or source_types), or change the
    label of one already there."""
    save_type(db, table, code, label, by)


def districts(db: Database) -> list[dict]:
    """Every district with its province and aliases, by province then name."""
    rows = db.query("SELECT * FROM districts ORDER BY province, name")
    return [{**row, "aliases": json.loads(row["aliases"])} for row in rows]


def get_district(db: Database, name: str) -> dict[str, Any]:
    """One district with its province and aliases, or NotFound."""
    row = next(iter(db["districts"].rows_where("name = ?", [name])), None)
    if row is None:
        raise NotFound(Message("There is no district called %(name)r.", name=name))
    return {**row, "aliases": json.loads(row["aliases"])}


def save_district(
    db: Database,
    name: str,
    province: str,
    aliases: list[str] | str = (),
    by: str = SYSTEM,
    new: bool | None = None,
    seat: dict[str, Any] | None = None,
) -> None:
    """Add a district (new=True), change its province and aliases (new=False) or either
    (None); audited, and the entries naming it are queued for the index. `seat` (its
    headquarters: seat, latitude, longitude) is changed only when given."""
    errors: dict[str, str] = {}
    name, province = " ".join(name.split()), province.strip()
    row = {"province": province, "aliases": actors.clean_names(aliases, "aliases", errors)}
    if seat is not None:
        row["seat"] = " ".join(str(seat.get("seat") or "").split())
        row |= places.clean_coordinates(seat.get("latitude"), seat.get("longitude"), errors)
    if not name:
        errors["name"] = N_("Give the district's name.")
    if province not in PROVINCES:
        errors["province"] = Message("Choose one of: %(names)s.", names=", ".join(PROVINCES))
    if errors:
        raise InvalidRecord(errors)
    with write_transaction(db):
        before = _existing(lambda: get_district(db, name), name, ALREADY_DISTRICT, new)
        names_before = place_names(db, name)
        db["districts"].upsert({"name": name, **row, "aliases": json.dumps(row["aliases"])},
                               pk="name")  # fmt: skip
        requeued = _requeue_place(db, name, names_before)
        shown = {key: before.get(key) for key in row} if before else None
        reference_edits.record_edit(db, by, "districts", name, shown, row, requeued)


def add_district(
    db: Database, name: str, province: str, aliases: list[str] = (), by: str = SYSTEM
) -> None:
    """Add a district (or replace its province and aliases)."""
    save_district(db, name, province, list(aliases), by)


ALREADY_DISTRICT = N_("There is already a district called %(key)s.")
ALREADY_PLACE = N_("There is already a place called %(key)s.")


def _existing(read, key: str, what: str, new: bool | None) -> dict | None:
    try:
        before = read()
    except NotFound:
        if new is False:
            raise
        return None
    if new:
        raise InvalidRecord({"name": Message(what, key=key)})
    return before


def district_province(db: Database, name: str) -> str | None:
    """The province of a known district, or None when the district is unknown."""
    provinces = once(db, "district_provinces", lambda: dict(
        db.execute("SELECT name, province FROM districts").fetchall()
    ))  # fmt: skip
    return provinces.get(name)


def armed_groups(db: Database) -> list[dict]:
    """Every armed group with its aliases and transliterations, by code."""
    return actors.list_actors(db, "armed_group")


def add_armed_group(
    db: Database, code: str, name: str, aliases: list[str] = (), by: str = SYSTEM
) -> None:
    """Add an armed group (or replace its name and aliases; transliterations are kept)."""
    try:
        existing = actors.get_actor(db, code.strip())
    except NotFound:
        existing = {"kind": "armed_group", "transliterations": []}
    if existing["kind"] != "armed_group":
        raise InvalidRecord({"code": f"{code} is the code of {existing['name']}, not a group."})
    record = {"code": code, "kind": "armed_group", "name": name, "aliases": list(aliases),
              "transliterations": existing["transliterations"]}  # fmt: skip
    actors.save_actor(db, record, by)


def resolve_group(db: Database, text: str) -> str | None:
    """The code of the group that `text` names by code, name or alias (any case), or None."""
    return actors.resolve_actor(db, text, "armed_group")


def place_spellings(db: Database) -> dict[str, list[str]]:
    """Place name -> its other transliterations, for search to treat as one."""
    rows = db.query("SELECT name, variants FROM place_spellings ORDER BY name")
    return {row["name"]: json.loads(row["variants"]) for row in rows}


def save_place_spelling(
    db: Database, name: str, variants: list[str] | str, by: str = SYSTEM, new: bool | None = None
) -> None:
    """Record that `variants` are the other spellings of the place `name` (new=True: a place
    not listed yet; new=False: one listed); audited, and entries naming it are queued."""
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    others = [v for v in actors.clean_names(variants, "variants", errors) if v != name]
    if not name:
        errors["name"] = N_("Give the place's name as entries spell it most often.")
    if not others:
        errors["variants"] = N_("Give at least one other spelling.")
    if errors:
        raise InvalidRecord(errors)
    with write_transaction(db):
        known = place_spellings(db)
        before = _existing(lambda: {"variants": _listed(known, name)}, name, ALREADY_PLACE, new)
        names_before = place_names(db, name)
        db["place_spellings"].upsert({"name": name, "variants": json.dumps(others)}, pk="name")
        requeued = _requeue_place(db, name, names_before)
        after = {"variants": others}
        reference_edits.record_edit(db, by, "place_spellings", name, before, after, requeued)


def _listed(known: dict[str, list[str]], name: str) -> list[str]:
    if name not in known:
        raise NotFound(Message("No other spellings of %(name)r are listed.", name=name))
    return known[name]


def add_place_spelling(db: Database, name: str, variants: list[str], by: str = SYSTEM) -> None:
    """Record that `variants` are other spellings of the place `name`."""
    save_place_spelling(db, name, list(variants), by)


def place_names(db: Database, name: str) -> list[str]:
    """Every name of a place search treats as one: its spellings and its district's aliases."""
    names = [name, *place_spellings(db).get(name, [])]
    district = db.execute("SELECT aliases FROM districts WHERE name = ?", [name]).fetchone()
    return names + (json.loads(district[0]) if district else [])


def _requeue_place(db: Database, name: str, names_before: list[str]) -> int:
    names_after = place_names(db, name)
    if names_after == names_before:
        return 0
    return reference_edits.requeue(db, names_before + names_after, {"district": name})


def vocabulary(db: Database) -> dict[str, Any]:
    """Everything intake matches a text against, as plain data: actors with all their names,
    districts with provinces and aliases, gazetteer places, place spellings, and type codes."""
    return {
        "actors": actors.list_actors(db),
        "districts": districts(db),
        "places": places.places(db),
        "spellings": place_spellings(db),
        "abuse_types": type_labels(db, "abuse_types"),
        "claim_types": type_labels(db, "claim_types"),
    }
