"""Turning a spreadsheet row's cells into an entry's values, as an import mapping says.

Plain values come from a column, a fixed value, a template or the first of several that gives
one. Values the archive keeps in reference data (districts, actors, types, provinces) are
matched by name, alias, code or label, through the mapping's own value map and the gazetteer,
instead of refused: what still matches nothing is reported for the user to map.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from . import actors, reference
from .categories import CLAIM_MEDIUMS, OFFICIAL_RESPONSES
from .dates import PRECISIONS
from .messages import N_

TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")
DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T][\d:.]*)?")
MONTH = re.compile(r"\d{4}-\d{1,2}")
YEAR = re.compile(r"\d{4}")
# Fields whose values must be found in reference data, with what they are called in messages.
REFERENCE_FIELDS = {
    "district": N_("a known district"),
    "province": N_("a known province"),
    "group_code": N_("a known armed group"),
    "perpetrator_code": N_("a known actor"),
    "abuse_type": N_("an abuse type"),
    "claim_type": N_("a claim type"),
    "claim_medium": N_("a way claims are made"),
    "official_response": N_("an official response"),
    "date_precision": N_("a date precision (day, range, month, year, unknown)"),
}


@dataclass
class Lookups:
    """The archive's reference data, folded for matching: one read per import run."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    provinces: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, db: Database) -> Lookups:
        """Every name, alias, code and label of the reference data, case-folded."""
        names: dict[str, dict[str, str]] = {}
        districts = reference.districts(db)
        names["district"] = _folded((d["name"], [d["name"], *d["aliases"]]) for d in districts)
        # A town of the gazetteer names its district ("Turbat" is in Kech), never over a
        # district's own name.
        for row in db.query("SELECT name, district, aliases FROM places"):
            for name in [row["name"], *json.loads(row["aliases"])]:
                names["district"].setdefault(name.casefold(), row["district"])
        for name, variants in reference.place_spellings(db).items():
            district = names["district"].get(name.casefold())
            for variant in variants if district else []:
                names["district"].setdefault(variant.casefold(), district)
        names["province"] = _folded((p, [p]) for p in reference.PROVINCES)
        names["group_code"] = _actor_names(db, "armed_group")
        names["perpetrator_code"] = _actor_names(db, None)
        for column, table in (("abuse_type", "abuse_types"), ("claim_type", "claim_types")):
            labels = reference.type_labels(db, table)
            names[column] = _folded((code, [code, label]) for code, label in labels.items())
        names["claim_medium"] = _folded((k, [k, v]) for k, v in CLAIM_MEDIUMS.items())
        names["official_response"] = _folded((k, [k, v]) for k, v in OFFICIAL_RESPONSES.items())
        names["date_precision"] = _folded((k, [k, v]) for k, v in PRECISIONS.items())
        return cls(names, {d["name"]: d["province"] for d in districts})

    def match(self, field_name: str, text: str) -> str | None:
        """The reference value `text` names for `field_name`, or None."""
        return self.names[field_name].get(" ".join(text.split()).casefold())


def _folded(items) -> dict[str, str]:
    folded: dict[str, str] = {}
    for value, names in items:
        for name in names:
            folded.setdefault(" ".join(str(name).split()).casefold(), value)
    return folded


def _actor_names(db: Database, kind: str | None) -> dict[str, str]:
    return _folded((a["code"], actors.names_of(a)) for a in actors.list_actors(db, kind))


def candidates(spec: Any, row: dict[str, str]) -> list[str]:
    """The values a field spec offers for a row, in order (several for `first_of`), each with
    the spec's own suffixes stripped and value map applied."""
    if spec is None:
        return []
    if isinstance(spec, str):
        found = [row.get(spec, "")]
    elif "first_of" in spec:
        found = [value for item in spec["first_of"] for value in candidates(item, row)]
    elif "template" in spec:
        found = [TEMPLATE_FIELD.sub(lambda m: row.get(m.group(1), ""), spec["template"])]
    elif "value" in spec:
        found = ["" if spec["value"] is None else str(spec["value"])]
    else:
        found = [row.get(spec.get("column", ""), "")]
    return [_transformed(spec, " ".join(value.split())) for value in found]


def read_columns(spec: Any) -> tuple[str, ...]:
    """The cells `candidates` reads for a spec, in the same order of choice: a spec naming no
    column reads the cell called "" (as a value remembered for those cells must know)."""
    if spec is None:
        return ()
    if isinstance(spec, str):
        return (spec,)
    if "first_of" in spec:
        return tuple(column for item in spec["first_of"] for column in read_columns(item))
    if "template" in spec:
        return tuple(TEMPLATE_FIELD.findall(spec["template"]))
    if "value" in spec:
        return ()
    return (spec.get("column", ""),)


def _transformed(spec: Any, value: str) -> str:
    if not isinstance(spec, dict):
        return value
    for suffix in spec.get("strip_suffixes", []):
        if value.casefold().endswith(suffix.casefold()):
            value = value[: -len(suffix)].strip()
    values = spec.get("values")
    if not values:
        return value
    try:
        mapped = _folded_values(tuple(values.items()))
    except TypeError:  # a value that is a list or a map: folded for this call only
        mapped = _folded_values.__wrapped__(tuple(values.items()))
    if value.casefold() in mapped:
        value = "" if mapped[value.casefold()] is None else str(mapped[value.casefold()])
    return value


@functools.lru_cache(maxsize=64)
def _folded_values(items: tuple[tuple[Any, Any], ...]) -> dict[str, Any]:
    # Keyed by the value map's items, not its identity: a map changed in place is folded anew.
    # Callers only read the dict they get.
    return {str(k).casefold(): v for k, v in items}


def plain_value(spec: Any, row: dict[str, str]) -> str:
    """The first value a field spec gives for a row that is not empty, else ''."""
    return next((value for value in candidates(spec, row) if value), "")


def raw_text(spec: Any, row: dict[str, str]) -> str:
    """What a plain-text field holds, keeping line breaks (a narrative's paragraphs)."""
    if isinstance(spec, dict) and "template" in spec:
        return TEMPLATE_FIELD.sub(lambda m: row.get(m.group(1), ""), spec["template"]).strip()
    if isinstance(spec, dict) and ("first_of" in spec or "value" in spec or "values" in spec):
        return plain_value(spec, row)
    column = spec if isinstance(spec, str) else (spec or {}).get("column", "")
    return row.get(column, "").strip()


def matched_value(
    lookups: Lookups, name: str, spec: Any, row: dict[str, str], province: str = ""
) -> tuple[str, str]:
    """(reference value, '') when a candidate matches, else ('', the first value offered).

    A district must lie in the row's `province` when one is given: a town of Balochistan's
    gazetteer does not place an event that the file puts in another province."""
    offered = [value for value in candidates(spec, row) if value]
    for value in offered:
        found = lookups.match(name, value)
        if found is not None and name == "district" and province:
            found = found if lookups.provinces.get(found) == province else None
        if found is not None:
            return found, ""
    return "", offered[0] if offered else ""


def day_or_text(text: str) -> str:
    """'2021-03-04 00:00:00.000' -> '2021-03-04'; anything else as it is."""
    found = DAY.fullmatch(text.strip())
    return found.group(1) if found else text.strip()


def dated(precision: str, start: str, end: str) -> tuple[str, str, str]:
    """(precision, start, end) as the store takes them, keeping what the file says: a month
    or a year whose days fall in one month or year stays one, a span across two becomes a
    range of its days, and a day that is not one day becomes a range."""
    start, end = day_or_text(start), day_or_text(end)
    if not start:
        return ("unknown" if not precision or precision == "unknown" else precision), "", ""
    if not precision:
        precision = _guess_precision(start, end)
    both = DAY.fullmatch(start) and DAY.fullmatch(end or start)
    end = end or start
    if precision in ("month", "year") and both:
        width = 7 if precision == "month" else 4
        if start[:width] == end[:width]:
            return precision, start[:width], ""
        return "range", start, end
    if precision in ("day", "range") and both:
        return ("day", start, "") if start == end else ("range", start, end)
    return precision, start, "" if precision != "range" else end


def _guess_precision(start: str, end: str) -> str:
    if DAY.fullmatch(start):
        return "range" if end and day_or_text(end) != day_or_text(start) else "day"
    if MONTH.fullmatch(start):
        return "month"
    if YEAR.fullmatch(start):
        return "year"
    return "day"  # let the store say what is wrong with it
