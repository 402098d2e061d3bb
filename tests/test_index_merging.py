"""Segments are merged in the background: a save never waits for a merge, and however the index
was built its segment count stays bounded, each entry found exactly once."""

from __future__ import annotations

import os
import threading

import pytest

import archive
import index
from index import merging

from .indexing import add_abuse, found, search


@pytest.fixture
def ix(tmp_path):
    return index.open_index(tmp_path / "index")


def save(db, ix, source_id, title: str, narrative: str = "taken at night") -> int:
    """Store one entry and index it on its own, as after a form is sent."""
    entry_id = add_abuse(db, source_id, title, narrative)
    index.apply_pending(ix, db)
    return entry_id


def test_a_save_commits_its_own_segment_and_merges_nothing(db, ix, source_id):
    for number in range(12):
        save(db, ix, source_id, f"Detention {number} in Hoshab")
    # Saves once merged five one-entry segments at the sixth and twelfth ([6, 6]).
    assert index.segment_sizes(ix) == [1] * 12
    assert len(found(ix, db, q="Hoshab", category="abuse")) == 12


def test_merging_bounds_the_segments_and_finds_each_entry_once(db, ix, source_id):
    ids = [save(db, ix, source_id, f"Detention {number} in Hoshab") for number in range(30)]
    reports = index.merge_until_bounded(ix)
    assert reports and len(index.segment_sizes(ix)) <= merging.LANES["tiny"]
    assert sum(index.segment_sizes(ix)) == 30
    hoshab = found(ix, db, q="Hoshab", category="abuse", per_page=50)
    assert sorted(entry_id for _, entry_id in hoshab) == ids
    assert index.check(ix, db).ok


def test_segments_a_rebuild_made_are_merged_too(db, ix, source_id, monkeypatch):
    for number in range(60):
        add_abuse(db, source_id, f"Detention {number} in Hoshab")
    monkeypatch.setattr(index.writing, "SEGMENT_ENTRIES", 5)  # twelve parts of five
    monkeypatch.setattr(merging, "LANE_LIMITS", {"tiny": 1, "small": 4})  # five is large
    monkeypatch.setattr(merging, "IN_PROCESS_DOCUMENTS", 0)  # copied in a process of its own
    index.rebuild(ix, db, bulk={})
    assert index.segment_sizes(ix) == [5] * 12
    index.merge_until_bounded(ix)
    assert len(index.segment_sizes(ix)) <= merging.LANES["large"]
    assert search(ix, db, q="Hoshab").counts["abuse"] == 60
    assert index.check(ix, db).ok


def test_a_segment_whose_entries_were_all_edited_is_dropped(db, ix, source_id):
    first = save(db, ix, source_id, "Detention in Hoshab")
    save(db, ix, source_id, "Protest in Turbat")
    archive.update_entry(db, "abuse", first, {"place": "Khuzdar"}, "tester", "place")
    index.apply_pending(ix, db)
    assert index.segment_sizes(ix) == [0, 1, 1]  # within the bound, yet empty
    index.merge_until_bounded(ix)
    assert index.segment_sizes(ix) == [1, 1]
    assert found(ix, db, q="Khuzdar") == [("abuse", first)]


def test_a_save_during_a_merge_is_neither_lost_nor_doubled(db, ix, source_id, monkeypatch):
    """A save commits while a merge copies: its edit, its new entry and its retraction all
    hold once the merge swaps its segment in."""
    ids = [save(db, ix, source_id, f"Detention {number} in Hoshab") for number in range(12)]
    swap = merging._swap

    def save_then_swap(*args):
        archive.update_entry(db, "abuse", ids[0], {"title": "Detention in Awaran"}, "t", "typo")
        archive.retract_entry(db, "abuse", ids[3], "Not an abuse", "tester")
        add_abuse(db, source_id, "Student taken in Panjgur")
        index.apply_pending(ix, db, timeout=1.0)  # the copying holds no lock
        return swap(*args)

    monkeypatch.setattr(merging, "_swap", save_then_swap)
    assert merging.merge_once(ix, "tiny").segments == 5
    assert found(ix, db, q="Awaran") == [("abuse", ids[0])]
    hoshab = [entry_id for _, entry_id in found(ix, db, q="Hoshab", category="abuse", per_page=50)]
    assert sorted(hoshab) == sorted(set(ids) - {ids[0], ids[3]})
    assert found(ix, db, q="Hoshab", status="retracted") == [("abuse", ids[3])]
    assert search(ix, db, q="Panjgur").counts["abuse"] == 1
    report = index.check(ix, db)
    assert report.ok and report.indexed == 13


def test_a_merge_whose_segments_a_rebuild_replaced_is_thrown_away(db, ix, source_id, monkeypatch):
    for number in range(10):
        save(db, ix, source_id, f"Detention {number} in Hoshab")
    swap = merging._swap

    def rebuild_then_swap(*args):
        index.rebuild(ix, db, bulk={})
        return swap(*args)

    monkeypatch.setattr(merging, "_swap", rebuild_then_swap)
    assert merging.merge_once(ix, "tiny") is None
    assert index.segment_sizes(ix) == [10]
    assert index.check(ix, db).ok


def test_a_save_never_waits_for_a_merge_s_copying(db, ix, source_id, monkeypatch):
    """While a background merge is held in the middle of copying, a save is indexed at once."""
    for number in range(10):
        save(db, ix, source_id, f"Detention {number} in Hoshab")
    copying, release = threading.Event(), threading.Event()
    copy = merging._copy

    def slow_copy(*args):
        copying.set()
        assert release.wait(30)
        return copy(*args)

    monkeypatch.setattr(merging, "_copy", slow_copy)
    merger = index.Merger([ix])
    merger.nudge()
    try:
        assert copying.wait(10)
        report_id = add_abuse(db, source_id, "Student taken in Panjgur")
        # Held off by a lock, it would give up after half a second and apply nothing (0).
        assert index.apply_pending(ix, db, timeout=0.5) == 1
        assert found(ix, db, q="Panjgur") == [("abuse", report_id)]
    finally:
        release.set()
        assert merger.wait_idle(30)
        merger.stop()
    assert len(index.segment_sizes(ix)) <= merging.LANES["tiny"]
    assert index.check(ix, db).ok


@pytest.mark.parametrize(
    ("lane", "sizes", "picked"),
    [
        ("tiny", [1] * 6, []),  # within the bound
        ("tiny", [1] * 7, [1] * 5),  # five of like size
        ("tiny", [0, 1, 1], [0]),  # an emptied segment goes whenever seen
        ("tiny", [24, 20, 15, 4, 3, 2, 1], [1, 2, 3, 4, 15]),  # no five alike: five smallest
        ("tiny", [5, 5, 5, 5, 5, 1, 1, 1, 1], [5] * 5),  # the smallest tier with five first
        ("tiny", [50_000, 300] + [1] * 7, [1] * 5),  # larger ones are in other lanes
        ("small", [120, 110, 30, 30, 30, 30, 30, 1, 1], [30] * 5),
        ("small", [1000, 500, 100, 50, 25, 1, 1], []),  # five small ones: within the bound
        ("large", [10_000] * 10 + [3], [10_000] * 5),  # a rebuild's parts
        ("large", [10_000] * 5 + [3], []),
    ],
)
def test_each_lane_merges_five_of_like_size_when_over_its_bound(lane, sizes, picked):
    segments = [FakeSegment(size) for size in sizes]
    assert [segment.size for segment in merging.plan(segments, lane)] == picked


class FakeSegment:
    def __init__(self, size: int):
        self.size = size

    def doc_count(self) -> int:
        return self.size


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("GAWAHI_SLOW_TESTS"),
    reason="10,000 saves take many minutes: run with GAWAHI_SLOW_TESTS=1",
)
def test_ten_thousand_single_saves_keep_the_segments_bounded(db, ix, source_id):
    """10,000 saves, each indexed on its own, while the background merger runs."""
    merger = index.Merger([ix])
    most = 0
    try:
        for number in range(10_000):
            add_abuse(db, source_id, f"Hoshab {number}", f"word{number} taken at night")
            index.apply_pending(ix, db)
            merger.nudge()  # as the app's drain does after it applied something
            if number % 100 == 0:
                most = max(most, len(index.segment_sizes(ix)))
        assert merger.wait_idle(300)
    finally:
        merger.stop()
    sizes = index.segment_sizes(ix)
    assert len(sizes) <= index.SEGMENTS_BOUND, sizes
    assert most <= 3 * index.SEGMENTS_BOUND, most  # it kept up along the way, too
    report = index.check(ix, db)
    assert report.ok and report.indexed == 10_000
    assert search(ix, db, q="Hoshab").counts["abuse"] == 10_000
    for number in (0, 4_999, 9_999):
        assert len(found(ix, db, q=f"word{number}")) == 1


def test_the_app_merges_in_the_background_after_saves(app, app_db, client, monkeypatch):
    from views.search_index import get_ix

    monkeypatch.setitem(merging.LANES, "tiny", 3)
    source_id = archive.list_sources(app_db)[0][0]["source_id"]
    for number in range(8):
        add_abuse(app_db, source_id, f"Detention {number} in Hoshab")
        client.get("/")  # a request that used the store indexes the save, then nudges
    shared = get_ix(app.config["INDEX_DIR"])
    assert shared.merger.wait_idle(60)
    assert len(index.segment_sizes(shared.ix)) <= 3
    assert client.get("/search?q=Hoshab&format=json").json["counts"]["abuse"] == 8


def test_a_save_opens_only_the_segment_written_since_the_last(db, ix, source_id, monkeypatch):
    """A save's cost does not grow with the index: it no longer opens every segment to find
    the version it replaces, only the one segment it has not seen (the previous save's)."""
    ids = [save(db, ix, source_id, f"Detention {number} in Hoshab") for number in range(12)]
    opened = []
    segment_reader = index.lookups.SegmentReader

    def counting(storage, schema, segment, *args, **kwargs):
        opened.append(segment.segment_id())
        return segment_reader(storage, schema, segment, *args, **kwargs)

    monkeypatch.setattr(index.lookups, "SegmentReader", counting)
    for number in range(3):
        archive.update_entry(db, "abuse", ids[number], {"place": "Khuzdar"}, "tester", "place")
        index.apply_pending(ix, db)
    assert len(opened) == 3  # one a save, though the index holds 12 segments and more
    assert len(index.segment_sizes(ix)) == 15
    assert sorted(entry_id for _, entry_id in found(ix, db, q="Khuzdar")) == ids[:3]
    assert index.check(ix, db).ok and index.check(ix, db).indexed == 12
