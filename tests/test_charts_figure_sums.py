"""Figures summed over a whole search (archive/figure_sums.py): the same totals as adding up
each entry's figures by hand, for exactly the entries the search finds, and kept in step with
every save, retraction and restore."""

from __future__ import annotations

import random

import pytest

import archive
from archive import patterns
from archive.figure_sums import figure_sums

from .conftest import signed_in_client
from .test_patterns import _source, charts, fig

KINDS = ("killed", "injured", "missing")
GIVERS = ("official", "media", "group")
QUALIFIERS = ("exact", "exact", "at_least", "approximately", "unknown")
ABUSE = {"abuse_type": "other", "status": "alleged"}
CLAIM = {"group_code": "BLA", "claim_type": "armed_attack", "status": "claimed"}


def by_hand(db, kind: str, entry_ids: list[int]) -> list[tuple]:
    """The sums per figure kind and giver, added up entry by entry from each one's live
    figures: the lowest number once, "at least" when any figure at it says so, the numbers
    disagree or one has none, approximate when any figure at it says so."""
    sums: dict[tuple[str, str], list[int]] = {}
    for figures in archive.figures_by_entry(db, kind, entry_ids).values():
        grouped: dict[tuple[str, str], list[dict]] = {}
        for figure in figures:
            grouped.setdefault((figure["kind"], figure["given_by"]), []).append(figure)
        for key, same in grouped.items():
            numbers = [f["count"] for f in same if f["count"] is not None]
            row = sums.setdefault(key, [0, 0, 0, 0, 0])  # entries, numbered, total, lower, approx
            row[0] += 1
            if not numbers:
                continue
            low = min(numbers)
            at_low = {f["qualifier"] for f in same if f["count"] == low}
            row[1] += 1
            row[2] += low
            row[3] += "at_least" in at_low or len(set(numbers)) > 1 or len(numbers) < len(same)
            row[4] += "approximately" in at_low
    return sorted((kind_, giver, *row) for (kind_, giver), row in sums.items())


def _random_figures(rng: random.Random, kind: str) -> list[dict]:
    figures = []
    for _ in range(rng.choice((0, 1, 1, 2, 3, 4))):
        qualifier = rng.choice(QUALIFIERS)
        count = None if qualifier == "unknown" else rng.choice((0, 3, 5, 5, 12, 40))
        giver = "group" if kind == "claim" and rng.random() < 0.6 else rng.choice(GIVERS[:2])
        figures.append(fig(count, qualifier, giver, rng.choice(KINDS)))
    return figures


def _random_archive(db, rng: random.Random) -> dict[str, list[int]]:
    """Entries of both categories with random figures; some edited (figures retracted and
    added), some retracted."""
    source_id = _source(db)
    ids: dict[str, list[int]] = {"abuse": [], "claim": []}
    for number in range(80):
        kind = "abuse" if number % 3 else "claim"
        record = {"title": f"Entry {number}", "narrative": "n", "date_precision": "unknown"}
        record |= ABUSE if kind == "abuse" else CLAIM
        cited = [{"source_id": source_id, "passage": "p"}]
        entry_id = archive.add_entry(
            db, kind, record, cited, "tester", figures=_random_figures(rng, kind)
        )
        ids[kind].append(entry_id)
    for kind, entry_ids in ids.items():
        for entry_id in rng.sample(entry_ids, 8):
            archive.update_entry(db, kind, entry_id, {}, "tester", "Corrected figures.",
                                 figures=_random_figures(rng, kind))  # fmt: skip
    return ids


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sums_equal_the_figures_added_up_entry_by_entry(tmp_path, seed):
    db = archive.open_db(str(tmp_path / "gawahi.db"))
    archive.prepare(db)
    rng = random.Random(seed)
    ids = _random_archive(db, rng)
    for kind, entry_ids in ids.items():
        for chosen in (entry_ids, rng.sample(entry_ids, len(entry_ids) // 2), entry_ids[:1]):
            expected = by_hand(db, kind, chosen)
            assert sorted(figure_sums(db, kind == "claim", chosen)) == expected
    db.close()


def test_the_sums_follow_every_save_retraction_and_restore(tmp_path):
    db = archive.open_db(str(tmp_path / "gawahi.db"))
    archive.prepare(db)
    source_id = _source(db)
    first = _report(db, source_id, [fig(10)])
    assert _texts(db, [first]) == ["10 killed (official)"]
    second = _report(db, source_id, [fig(5, "at_least")])
    assert _texts(db, [first, second]) == ["at least 15 killed (official)"]
    archive.update_entry(db, "abuse", second, {}, "tester", "Wrong figure.", figures=[])
    assert _texts(db, [first, second]) == ["10 killed (official)"]
    other = archive.open_db(str(tmp_path / "other.db"))
    archive.prepare(other)
    _report(other, _source(other), [fig(7, given_by="media")])
    other.conn.backup(db.conn)  # a restore: the same file, another archive's rows
    other.close()
    assert _texts(db, [first]) == ["7 killed (media)"]
    db.close()


def _report(db, source_id: int, figures: list[dict]) -> int:
    record = {"title": "Raid", "abuse_type": "other", "narrative": "n",
              "date_precision": "unknown", "status": "alleged"}  # fmt: skip
    cited = [{"source_id": source_id, "passage": "p"}]
    return archive.add_entry(db, "abuse", record, cited, "tester", figures=figures)


def _texts(db, entry_ids: list[int]) -> list[str]:
    return [total["text"] for total in patterns.figure_totals(db, "abuse", entry_ids)]


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ([fig(10, given_by="media"), fig(10, "at_least", "media")], "at least 10 killed (media)"),
        ([fig(10, "at_least", "media"), fig(10, given_by="media")], "at least 10 killed (media)"),
        ([fig(10, given_by="media"), fig(10, "approximately", "media")],
         "approximately 10 killed (media)"),
        ([fig(10, "approximately", "media"), fig(10, given_by="media")],
         "approximately 10 killed (media)"),
    ],
)  # fmt: skip
def test_two_figures_at_the_same_number_keep_the_more_cautious_words(db, figures, expected):
    entry_id = _report(db, _source(db), figures)
    assert _texts(db, [entry_id]) == [expected]


@pytest.fixture
def searched(empty_app):
    """Reports with figures found by 'zembrak' (one dated to a month, one to a year), one
    retracted, one found only by a confidential source's words, and one not found at all."""
    db = archive.open_db(empty_app.config["DATABASE"])
    public, secret = _source(db), _source(db, "Witness statement", confidential=True)
    found = [
        _dated(db, public, "zembrak raid", "day", "2014-03-05", [fig(10), fig(12)]),
        _dated(db, public, "zembrak raid", "month", "2014-03", [fig(3, "approximately")]),
        _dated(db, public, "zembrak raid", "year", "2014", [fig(None, "unknown"), fig(4)]),
    ]
    gone = _dated(db, public, "zembrak raid", "day", "2014-03-06", [fig(1000)])
    archive.retract_entry(db, "abuse", gone, "A duplicate of another report.", "tester")
    _dated(db, secret, "raid", "day", "2014-03-07", [fig(2000)], passage="zembrak said")
    _dated(db, public, "other raid", "day", "2014-03-08", [fig(3000)])
    db.close()
    return empty_app, found


def _dated(db, source_id, narrative, precision, start, figures, passage="p") -> int:
    record = {"title": "Raid in Kech", "abuse_type": "other", "narrative": narrative,
              "date_precision": precision, "date_start": start, "district": "Kech",
              "status": "alleged"}  # fmt: skip
    cited = [{"source_id": source_id, "passage": passage}]
    return archive.add_entry(db, "abuse", record, cited, "tester", figures=figures)


@pytest.mark.parametrize(
    ("query_string", "found_ones"),
    [
        ("q=zembrak", [0, 1, 2]),
        ("q=zembrak&date_from=2014-03-01&date_to=2014-03-31", [0, 1, 2]),
        ("q=zembrak&date_from=2014-03-01&date_to=2014-03-31&dates=within", [0, 1]),
        ("q=zembrak&date_from=2014-03-05&date_to=2014-03-05&dates=within", [0]),
    ],
)
def test_the_charts_figures_are_those_of_the_entries_the_search_finds(
    searched, query_string, found_ones
):
    app, found = searched
    reader = signed_in_client(app, "reader")
    data = charts(reader, query_string)
    assert data["counts"]["abuse"] == len(found_ones)
    bars = data["categories"]["abuse"]["charts"][-1]["bars"]
    db = archive.open_db(app.config["DATABASE"])
    expected = by_hand(db, "abuse", [found[n] for n in found_ones])
    db.close()
    assert [(bar["value"], bar["count"]) for bar in bars] == [
        (f"{kind}/{giver}", total) for kind, giver, _e, _n, total, _l, _a in expected
    ]
    assert "1,000" not in str(bars) and "2,000" not in str(bars) and "3,000" not in str(bars)
