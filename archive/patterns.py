"""Patterns over many entries: figures summed with their qualifiers honest, and the districts
and places a map marks.

Figures are summed per category, per kind (killed, injured...) and per who gives them: never a
claim's figures with an abuse report's, never the group's with the officials'. An entry with
several figures of one kind from one giver counts once, at its lowest number: two outlets
saying 10 and 12 killed make "at least 10", not 22. A total is exact only when every figure in
it is; one "at least" or a figure without a number makes it "at least"; one "approximately"
makes it approximate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from .categories import get_category
from .figure_sums import figure_sums
from .figures import FIGURE_KINDS, GIVER_WORDS, GIVERS, KIND_WORDS

# Words before a total, by (some lower bound, some approximate).
TOTAL_PREFIXES = {
    (False, False): "",
    (True, False): "at least ",
    (False, True): "approximately ",
    (True, True): "approximately, at least ",
}


def figure_totals(db: Database, kind: str, entry_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The live figures of these entries summed per figure kind and giver, in reading order:
    each total with its qualifier, how many entries gave a number, how many gave none."""
    if len(entry_ids) == 0:
        return []
    # Summed in memory: one SQL probe per entry took most of a chart's time at 100,000.
    rows = figure_sums(db, get_category(kind).pk == "claim_id", entry_ids)
    totals = [_total(kind, *row) for row in rows]
    givers, kinds = list(GIVERS), list(FIGURE_KINDS)
    return sorted(totals, key=lambda t: (kinds.index(t["kind"]), givers.index(t["given_by"])))


def _total(
    category: str, kind: str, giver: str, entries: int, numbered: int, total: int | None,
    lower_bounds: int, approximate: int,
) -> dict[str, Any]:  # fmt: skip
    unnumbered = entries - numbered
    at_least = bool(lower_bounds or unnumbered)
    qualifier = _qualifier(at_least, bool(approximate), numbered)
    return {
        "category": category,
        "kind": kind,
        "given_by": giver,
        "total": total or 0,
        "qualifier": qualifier,
        "entries": entries,
        "without_number": unnumbered,
        "claimed": giver == "group",
        "text": describe_total(kind, giver, total or 0, at_least, bool(approximate), numbered),
    }


def _qualifier(at_least: bool, approximate: bool, numbered: int) -> str:
    if not numbered:
        return "unknown"
    if at_least and approximate:
        return "approximately_at_least"
    return "at_least" if at_least else "approximately" if approximate else "exact"


def describe_total(
    kind: str, giver: str, total: int, at_least: bool, approximate: bool, numbered: int
) -> str:
    """A total in plain words: "at least 134 killed (official)"; "claimed by the group" for a
    group's own figures."""
    one, many = KIND_WORDS.get(kind, (kind, kind))
    if not numbered:
        words = f"an unknown number {many}" if kind not in ("hostages", "victims") else (
            f"an unknown number of {many}")  # fmt: skip
    else:
        words = f"{TOTAL_PREFIXES[(at_least, approximate)]}{total:,} {one if total == 1 else many}"
    return f"{words} ({GIVER_WORDS.get(giver, giver)})"


def district_places(db: Database) -> list[dict[str, Any]]:
    """Every district with its province, headquarters and the headquarters' coordinates."""
    return list(
        db.query(
            "SELECT name, province, seat, latitude, longitude FROM districts"
            " ORDER BY province, name"
        )
    )


def mapped_places(db: Database) -> list[dict[str, Any]]:
    """The gazetteer's places that have coordinates, with their districts."""
    return list(
        db.query(
            "SELECT name, district, latitude, longitude FROM places"
            " WHERE latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY name"
        )
    )
