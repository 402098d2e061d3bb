"""Import mappings: how the columns of a spreadsheet become entries, figures and citations.

A mapping is a JSON document, saved under a name in SQLite so the next import of the same kind
of file reuses it; those that ship with Gawahi (archive/mappings/*.json) are installed at first
run. Its parts (docs/importing.md explains each with examples):

- `fields`: entry field -> where its value comes from: a column (`"adm_2"` or
  `{"column": "adm_2"}`), a fixed `{"value": ...}`, a `{"template": "{side_a} in {place}"}` or
  the first that gives a value of several (`{"first_of": [...]}`); each may carry `values` (a
  map from the file's words to the archive's: "Jafarabad Distrcit" -> "Jaffarabad"),
  `strip_suffixes` (" district") and `unmatched` ("refuse" the row, the default, or leave the
  field "blank" when a value is not in the reference data).
- `category`: which rows become abuse reports and which attack claims: `{"value": "abuse"}`
  for all, or `{"column": ..., "values": {...}, "otherwise": "refuse" | "skip" | kind}`.
- `citations` (at least one): a source described by columns (`source`: title, outlet,
  published, url, source_type; `passage`; `attributed_to`; `split` for cells listing several
  sources), or `{"file": {...}}`: the imported file itself kept as a source with its SHA-256,
  the row as the passage. No row enters without a citation.
- `figures`: counts as reported, each with its kind, qualifier and who gives it.
- `external_id`: the column naming each row for good, so importing again updates.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .categories import CATEGORIES
from .db import utc_now, write_transaction
from .errors import InvalidRecord, NotFound
from .figures import FIGURE_KINDS, GIVERS, QUALIFIERS
from .messages import N_, Message

SHIPPED = Path(__file__).parent / "mappings"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,59}")
TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")
ENTRY_FIELDS = sorted({name for c in CATEGORIES.values() for name in c.fields} - {"status"})
SOURCE_FIELDS = ("title", "outlet", "published", "url", "source_type", "language")
ROW_OUTCOMES = ("refuse", "skip", *CATEGORIES)
SYSTEM = "system"


def field_columns(spec: Any) -> set[str]:
    """The columns one field spec reads: a column name, or those its column, template or
    first_of name."""
    if isinstance(spec, str):
        return {spec}
    if not isinstance(spec, dict):
        return set()
    found = {spec["column"]} if isinstance(spec.get("column"), str) else set()
    if isinstance(spec.get("template"), str):
        found.update(TEMPLATE_FIELD.findall(spec["template"]))
    for item in spec.get("first_of") or []:
        found |= field_columns(item)
    return found


def column_names(spec: dict[str, Any]) -> set[str]:
    """Every column a mapping reads."""
    found = {spec["external_id"]} if spec.get("external_id") else set()
    category = spec.get("category") or {}
    if category.get("column"):
        found.add(category["column"])
    specs = list((spec.get("fields") or {}).values())
    for citation in spec.get("citations") or []:
        specs += [value for key, value in (citation.get("source") or {}).items()]
        specs += [citation.get("passage"), citation.get("attributed_to")]
    for figure in spec.get("figures") or []:
        specs.append(figure.get("count"))
        if figure.get("unless_equal"):
            found.add(figure["unless_equal"])
    for item in specs:
        found |= field_columns(item)
    return found


def check_mapping(spec: Any) -> dict[str, Any]:
    """The mapping, checked; InvalidRecord naming each part that is wrong."""
    errors: dict[str, str] = {}
    if not isinstance(spec, dict):
        raise InvalidRecord({"mapping": "A mapping is a JSON object."})
    name = str(spec.get("name") or "").strip()
    if not NAME.fullmatch(name):
        errors["name"] = N_("Name the mapping: letters, digits, - _ . (such as ucdp-ged).")
    fields = spec.get("fields")
    if not isinstance(fields, dict) or not fields:
        errors["fields"] = N_("Say which column becomes which field (at least the title).")
    else:
        unknown = sorted(set(fields) - set(ENTRY_FIELDS))
        if unknown:
            errors["fields"] = Message(
                "Not fields of entries: %(names)s.", names=", ".join(unknown)
            )
        elif "title" not in fields:
            errors["fields"] = N_("Say which column (or template) gives each entry's title.")
    _check_category(spec.get("category"), errors)
    _check_citations(spec.get("citations"), errors)
    _check_figures(spec.get("figures", []), errors)
    if errors:
        raise InvalidRecord(errors)
    return {**spec, "name": name}


def _check_category(category: Any, errors: dict[str, str]) -> None:
    if not isinstance(category, dict):
        errors["category"] = "Say which rows become abuse reports and which attack claims."
        return
    if "value" in category:
        if category["value"] not in CATEGORIES:
            errors["category"] = "Choose 'abuse' or 'claim' for every row."
        return
    values = category.get("values")
    outcomes = [*(values or {}).values(), category.get("otherwise", "refuse")]
    if not category.get("column") or not isinstance(values, dict):
        errors["category"] = "Give the column and which of its values become which kind."
    elif any(outcome not in ROW_OUTCOMES for outcome in outcomes):
        errors["category"] = f"Each value becomes one of: {', '.join(ROW_OUTCOMES)}."


def _check_citations(citations: Any, errors: dict[str, str]) -> None:
    if not isinstance(citations, list) or not citations:
        errors["citations"] = N_(
            "Say how each row cites its source: columns for the source's title, outlet, "
            "date, web address and passage, or the imported file itself. No row enters "
            "without one."
        )
        return
    for number, citation in enumerate(citations, start=1):
        if not isinstance(citation, dict) or not ("file" in citation or "source" in citation):
            errors["citations"] = f"Citation {number}: give its 'source' columns or 'file'."
        elif "source" in citation and "title" not in citation["source"]:
            errors["citations"] = Message(
                "Citation %(number)d: say which column gives the source's title.", number=number
            )
        elif "source" in citation and set(citation["source"]) - set(SOURCE_FIELDS):
            extra = ", ".join(sorted(set(citation["source"]) - set(SOURCE_FIELDS)))
            errors["citations"] = f"Citation {number}: not fields of a source: {extra}."
        elif "source" in citation and "passage" not in citation:
            errors["citations"] = Message(
                "Citation %(number)d: say which column gives the passage quoted.", number=number
            )


def _check_figures(figures: Any, errors: dict[str, str]) -> None:
    if not isinstance(figures, list):
        errors["figures"] = "Figures are a list."
        return
    for number, figure in enumerate(figures, start=1):
        if not isinstance(figure, dict) or "count" not in figure:
            errors["figures"] = f"Figure {number}: say which column gives the number."
        elif figure.get("kind") not in FIGURE_KINDS:
            errors["figures"] = f"Figure {number}: kind is one of {', '.join(FIGURE_KINDS)}."
        elif figure.get("qualifier") not in QUALIFIERS:
            errors["figures"] = f"Figure {number}: qualifier is one of {', '.join(QUALIFIERS)}."
        elif figure.get("given_by") not in GIVERS:
            errors["figures"] = f"Figure {number}: given_by is one of {', '.join(GIVERS)}."


def missing_columns(spec: dict[str, Any], columns: list[str]) -> list[str]:
    """The columns a mapping reads that a file does not have."""
    return sorted(column_names(spec) - set(columns))


def save_mapping(db: Database, spec: dict[str, Any], actor: str, shipped: bool = False) -> str:
    """Save (or replace) a mapping under its name; returns the name."""
    spec = check_mapping(spec)
    now = utc_now()
    with write_transaction(db):
        existing = db.execute(
            "SELECT created_at, created_by FROM import_mappings WHERE name = ?", [spec["name"]]
        ).fetchone()
        created_at, created_by = existing or (now, actor)
        db["import_mappings"].upsert(
            {"name": spec["name"], "spec": json.dumps(spec, ensure_ascii=False, indent=1),
             "shipped": int(shipped), "created_at": created_at, "created_by": created_by,
             "updated_at": now, "updated_by": actor},
            pk="name",
        )  # fmt: skip
    return spec["name"]


def load_mapping_file(path: str | Path) -> dict[str, Any]:
    """A mapping read from a JSON file, checked; InvalidRecord if it is not one."""
    try:
        spec = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidRecord(
            {"mapping": f"{Path(path).name} is not a JSON mapping: {error}"}
        ) from None
    return check_mapping(spec)


def get_mapping(db: Database, name: str) -> dict[str, Any]:
    """The mapping saved as `name`, or NotFound listing those there are."""
    row = db.execute("SELECT spec FROM import_mappings WHERE name = ?", [name]).fetchone()
    if row is None:
        known = ", ".join(mapping["name"] for mapping in list_mappings(db)) or "none yet"
        raise NotFound(f"There is no import mapping called {name!r} (saved: {known}).")
    return json.loads(row[0])


def list_mappings(db: Database) -> list[dict[str, Any]]:
    """Every saved mapping: name, description, whether it ships with Gawahi, when changed."""
    rows = db.query("SELECT * FROM import_mappings ORDER BY name")
    return [
        {"name": row["name"], "description": json.loads(row["spec"]).get("description", ""),
         "shipped": bool(row["shipped"]), "updated_at": row["updated_at"],
         "updated_by": row["updated_by"]}
        for row in rows
    ]  # fmt: skip


def install_shipped(db: Database) -> None:
    """Save the mappings that ship with Gawahi that the archive does not hold yet."""
    for path in sorted(SHIPPED.glob("*.json")):
        spec = load_mapping_file(path)
        if not db["import_mappings"].count_where("name = ?", [spec["name"]]):
            save_mapping(db, spec, SYSTEM, shipped=True)
