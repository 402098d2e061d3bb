"""Actors: who acts in what the archive documents, in one table of three kinds.

Armed groups (the claimants of attack claims), state forces and agencies (FC, CTD, police...)
and organisations that speak in reports (VBMP, HRCP...). Each has a code that never changes, a
name, aliases and transliterations (Urdu among them): search treats them all as one name.
Attack claims name their group by code (`group_code`); abuse reports may name their alleged
perpetrator by code (`perpetrator_code`) beside the report's own words (`perpetrator`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlite_utils import Database

from . import reference_edits
from .db import write_transaction
from .errors import InvalidRecord, NotFound
from .messages import N_, Message
from .read_once import once

KINDS = {
    "armed_group": N_("Armed group"),
    "state": N_("State force or agency"),
    "organisation": N_("Organisation"),
}
# (code, name, aliases, transliterations). A code is searched as a name too, so it is the
# abbreviation, or the name itself when there is none (never a common word such as "army").
ARMED_GROUPS = [
    ("BLA", "Baloch Liberation Army", ["Balochistan Liberation Army"], ["بلوچ لبریشن آرمی"]),
    ("BLF", "Balochistan Liberation Front", ["Baloch Liberation Front"],
     ["بلوچستان لبریشن فرنٹ"]),
    ("BRA", "Baloch Republican Army", [], []),
    ("BRG", "Baloch Republican Guards", [], []),
    ("LeB", "Lashkar-e-Balochistan", ["Lashkar-i-Balochistan"], []),
    ("BRAS", "Baloch Raaji Aajoi Sangar", ["Baloch Raji Ajoi Sangar"], []),
    ("TTP", "Tehrik-i-Taliban Pakistan", ["Tehreek-e-Taliban Pakistan", "Pakistani Taliban"],
     ["تحریک طالبان پاکستان"]),
]  # fmt: skip
STATE_FORCES = [
    ("FC", "Frontier Corps", ["Frontier Corps Balochistan", "FC Balochistan"],
     ["ایف سی", "فرنٹیئر کور"]),
    ("CTD", "Counter Terrorism Department", ["Counter-Terrorism Department"],
     ["سی ٹی ڈی", "محکمہ انسداد دہشت گردی"]),
    ("Police", "Police", [], ["پولیس"]),
    ("Levies", "Levies", ["Balochistan Levies"], ["لیویز"]),
    ("ISI", "Inter-Services Intelligence", [], ["آئی ایس آئی"]),
    ("MI", "Military Intelligence", [], []),
    ("Intelligence-agencies", "Intelligence agencies", ["intelligence agency"],
     ["خفیہ ادارے"]),
    ("Pakistan-Army", "Pakistan Army", ["Pakistani Army", "Pak Army"], ["پاک فوج"]),
    ("Security-forces", "Security forces", ["Pakistani security forces"],
     ["سیکیورٹی فورسز"]),
]  # fmt: skip
ORGANISATIONS = [
    ("VBMP", "Voice for Baloch Missing Persons", ["Voice of Baloch Missing Persons"],
     ["وائس فار بلوچ مسنگ پرسنز"]),
    ("BYC", "Baloch Yakjehti Committee", ["Baloch Yakjahti Committee"], ["بلوچ یکجہتی کمیٹی"]),
    ("HRCP", "Human Rights Commission of Pakistan", [], []),
    ("COIED", "Commission of Inquiry on Enforced Disappearances", ["COIOED"], []),
    ("BSO-Azad", "Baloch Students Organization-Azad", ["Baloch Students Organisation-Azad"], []),
    ("HRW", "Human Rights Watch", [], []),
    ("Amnesty", "Amnesty International", [], []),
]  # fmt: skip
SEEDS = {"armed_group": ARMED_GROUPS, "state": STATE_FORCES, "organisation": ORGANISATIONS}
# Codes end up in URLs and in comma-separated index fields: letters, digits, - _ . only.
CODE_PATTERN = re.compile(r"[^\W_][\w.-]{0,39}")
MAX_NAMES = 50
MAX_NAME_LENGTH = 200


def seed_actors(db: Database) -> None:
    """Add the seed actors of each kind that has none yet (an archive from before actors
    gains state forces and organisations; an edited kind is left alone)."""
    for kind, seeds in SEEDS.items():
        if db["actors"].count_where("kind = ?", [kind]):
            continue
        db["actors"].insert_all(
            (
                {"code": code, "kind": kind, "name": name, "aliases": json.dumps(aliases),
                 "transliterations": json.dumps(others, ensure_ascii=False)}
                for code, name, aliases, others in seeds
            ),
            ignore=True,
        )  # fmt: skip


def list_actors(db: Database, kind: str | None = None) -> list[dict[str, Any]]:
    """Every actor (or those of one kind), kind by kind in KINDS' order, then by code."""
    where, params = ("kind = ?", [kind]) if kind else (None, [])
    rows = [_decoded(row) for row in db["actors"].rows_where(where, params)]
    order = list(KINDS)
    return sorted(rows, key=lambda row: (order.index(row["kind"]), row["code"].casefold()))


def get_actor(db: Database, code: str) -> dict[str, Any]:
    """One actor by its code, or NotFound."""
    row = next(iter(db["actors"].rows_where("code = ?", [code])), None)
    if row is None:
        raise NotFound(Message("There is no actor with the code %(code)r.", code=code))
    return _decoded(row)


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "aliases": json.loads(row["aliases"]),
        "transliterations": json.loads(row["transliterations"]),
    }


def names_of(actor: dict[str, Any]) -> list[str]:
    """Every name an actor goes by: code, name, aliases, transliterations."""
    return [actor["code"], actor["name"], *actor["aliases"], *actor["transliterations"]]


def resolve_actor(db: Database, text: str, kind: str | None = None) -> str | None:
    """The code of the actor `text` names by any of its names (any case), or None."""
    wanted = text.strip().casefold()
    for actor in once(db, ("actors", kind), lambda: list_actors(db, kind)):
        if wanted in (name.casefold() for name in names_of(actor)):
            return actor["code"]
    return None


def save_actor(db: Database, record: dict[str, Any], by: str, new: bool | None = None) -> str:
    """Add an actor (new=True), change one (new=False) or either (None); audited, and the
    entries naming it are queued for the index. Returns its code. The code never changes."""
    code = str(record.get("code") or "").strip()
    with write_transaction(db):
        before = _existing(db, code, new)
        row = _clean(db, record, code, before)
        db["actors"].upsert(_stored(row), pk="code")
        reference_edits.record_edit(
            db, by, "actors", code, before and _shown(before), _shown(row),
            _requeue(db, before, row),
        )  # fmt: skip
    return code


def _existing(db: Database, code: str, new: bool | None) -> dict[str, Any] | None:
    try:
        before = get_actor(db, code)
    except NotFound:
        if new is False:
            raise
        return None
    if new:
        raise InvalidRecord({"code": Message("%(code)s is already the code of %(name)s.",
                                             code=code, name=before["name"])})  # fmt: skip
    return before


def _clean(db: Database, record: dict, code: str, before: dict | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not CODE_PATTERN.fullmatch(code):
        errors["code"] = N_(
            "Give a short code of letters and digits (- _ . allowed, no spaces), "
            "such as CTD or BSO-Azad."
        )
    row = {
        "code": code,
        "kind": str(record.get("kind") or (before or {}).get("kind") or ""),
        "name": " ".join(str(record.get("name") or "").split()),
        "aliases": clean_names(record.get("aliases"), "aliases", errors),
        "transliterations": clean_names(record.get("transliterations"), "transliterations", errors),
    }
    if row["kind"] not in KINDS:
        errors["kind"] = N_("Choose what kind of actor this is.")
    if not row["name"] or len(row["name"]) > MAX_NAME_LENGTH:
        errors["name"] = N_("Give the actor's name (at most 200 characters).")
    _check_kind_change(db, before, row, errors)
    if not errors:
        _check_names_free(db, row, errors)
    if errors:
        raise InvalidRecord(errors)
    return row


def clean_names(value: Any, field: str, errors: dict[str, str]) -> list[str]:
    """Names from a list or from text with one per line: trimmed, each once (any case)."""
    if isinstance(value, str):
        value = value.splitlines()
    names: dict[str, str] = {}
    for name in value or []:
        name = " ".join(str(name).split())
        if name:
            names.setdefault(name.casefold(), name)
    if len(names) > MAX_NAMES or any(len(name) > MAX_NAME_LENGTH for name in names):
        errors[field] = Message("At most %(count)d names, each at most %(limit)d characters.",
                                count=MAX_NAMES, limit=MAX_NAME_LENGTH)  # fmt: skip
    return list(names.values())


def _check_kind_change(db: Database, before: dict | None, row: dict, errors: dict) -> None:
    if not before or before["kind"] != "armed_group" or row["kind"] == "armed_group":
        return
    claims = db["attack_claims"].count_where("group_code = ?", [row["code"]])
    if claims:
        errors["kind"] = Message("%(code)s made %(count)d attack claims: it stays an armed group.",
                                 code=row["code"], count=claims)  # fmt: skip


def _check_names_free(db: Database, row: dict[str, Any], errors: dict[str, str]) -> None:
    """A name may stand for one actor only, or search and forms could not tell them apart."""
    taken = {
        name.casefold(): other
        for other in list_actors(db)
        if other["code"] != row["code"]
        for name in names_of(other)
    }
    fields = {"code": [row["code"]], "name": [row["name"]]}
    fields |= {"aliases": row["aliases"], "transliterations": row["transliterations"]}
    for field, names in fields.items():
        clash = next((name for name in names if name.casefold() in taken), None)
        if clash:
            other = taken[clash.casefold()]
            errors[field] = Message("%(name)r already names %(other)s (%(code)s).", name=clash,
                                    other=other["name"], code=other["code"])  # fmt: skip


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "aliases": json.dumps(row["aliases"], ensure_ascii=False),
        "transliterations": json.dumps(row["transliterations"], ensure_ascii=False),
    }


def _shown(actor: dict[str, Any]) -> dict[str, Any]:
    """What an audit row says of an actor."""
    keys = ("kind", "name", "aliases", "transliterations")
    return {key: actor[key] for key in keys}


def _requeue(db: Database, before: dict | None, after: dict) -> int:
    """Queue the entries whose index documents name the actor, when its names changed."""
    if before and names_of(before) == names_of(after):
        return 0
    names = names_of(after) + (names_of(before) if before else [])
    return reference_edits.requeue(db, names, {"group_code": after["code"],
                                               "perpetrator_code": after["code"]})  # fmt: skip
