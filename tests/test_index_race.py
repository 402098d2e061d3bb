"""Searches while others save: a commit landing between reading the index's newest generation
and opening its files (the commit deletes the files of the generation it replaces).

The race is made to happen every time, without sleeps: Whoosh finds the newest generation by
listing the index folder (TOC._latest_generation); right after each listing, while armed, a
real save (store, then index writer) commits a newer generation, as another request saving at
that moment would.
"""

from __future__ import annotations

import threading

import pytest
from whoosh.index import TOC

import archive
import index
from views import search_index

from .conftest import signed_in_client
from .indexing import add_abuse, found


class SavesBetweenReadAndOpen:
    """While armed, a save commits right after each reading of the newest generation."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, save, times: int):
        self.save, self.times, self.saved = save, times, []
        self.armed = self._saving = False
        # The test's own thread, whose requests search; not the background merger's, whose
        # readings of the index would otherwise set off saves at moments of their own.
        searching = threading.get_ident()
        listing = TOC._latest_generation.__func__

        def latest_generation(cls, storage, indexname):
            generation = listing(cls, storage, indexname)
            # The entries' index (its default name); the sources' index beside it is another.
            entries = indexname in (None, "MAIN") and threading.get_ident() == searching
            if entries and self.armed and not self._saving and len(self.saved) < self.times:
                self._saving = True  # the save's own writer reads the generation too
                try:
                    self.saved.append(self.save())
                finally:
                    self._saving = False
            return generation

        monkeypatch.setattr(TOC, "_latest_generation", classmethod(latest_generation))


@pytest.fixture
def ix(tmp_path):
    return index.open_index(tmp_path / "index")


def saver(db, ix, source_id: int):
    """A save of a new report on the checkpoint, committed to the index; returns its id."""

    def save() -> int:
        report_id = add_abuse(db, source_id, "Driver taken at the checkpoint")
        index.apply_pending(ix, db)
        return report_id

    return save


@pytest.fixture
def shared_app(empty_app):
    """The app, its own database with one report on the checkpoint, and its shared index."""
    db = archive.open_db(empty_app.config["DATABASE"])
    shared = search_index.get_ix(empty_app.config["INDEX_DIR"])
    source_id = archive.add_source(db, {"title": "Report", "body": "Text."}, "tester")
    first = add_abuse(db, source_id, "Student taken at the checkpoint")
    index.apply_pending(shared.ix, db)
    yield empty_app, db, shared, source_id, first
    shared.close()
    db.close()


def checkpoint_ids(client) -> list[int]:
    answer = client.get("/search?q=checkpoint&category=abuse&format=json")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return sorted(entry["id"] for entry in answer.json["results"]["abuse"])


def test_a_search_answers_when_a_save_commits_as_it_reads_the_index(shared_app, monkeypatch):
    app, db, shared, source_id, first = shared_app
    client = signed_in_client(app, "reader")
    assert checkpoint_ids(client) == [first]  # the searcher is open and current
    race = SavesBetweenReadAndOpen(monkeypatch, saver(db, shared.ix, source_id), times=2)
    race.armed = True
    assert checkpoint_ids(client) == [first]  # from the generation it had: nothing vanished
    race.armed = False
    assert race.saved  # the race did happen
    assert checkpoint_ids(client) == [first, *race.saved]


def test_a_search_answers_from_the_generation_it_had_when_saves_never_stop(shared_app, monkeypatch):
    app, db, shared, source_id, first = shared_app
    client = signed_in_client(app, "reader")
    assert checkpoint_ids(client) == [first]
    second = saver(db, shared.ix, source_id)()  # the open searcher is now out of date
    # More saves than Whoosh's ten tries at opening the newest generation.
    race = SavesBetweenReadAndOpen(monkeypatch, saver(db, shared.ix, source_id), times=12)
    race.armed = True
    assert checkpoint_ids(client) == [first]
    race.armed = False
    assert len(race.saved) == 11
    assert checkpoint_ids(client) == [first, second, *race.saved]


def test_a_search_of_the_index_alone_answers_when_a_save_commits(db, ix, source_id, monkeypatch):
    first = add_abuse(db, source_id, "Student taken at the checkpoint")
    index.apply_pending(ix, db)
    race = SavesBetweenReadAndOpen(monkeypatch, saver(db, ix, source_id), times=1)
    race.armed = True
    hits = found(ix, db, q="checkpoint")
    assert sorted(hits) == [("abuse", first), ("abuse", race.saved[0])]


def test_opening_the_index_while_another_process_commits_succeeds(
    db, ix, source_id, tmp_path, monkeypatch
):
    add_abuse(db, source_id, "Student taken at the checkpoint")
    index.apply_pending(ix, db)
    race = SavesBetweenReadAndOpen(monkeypatch, saver(db, ix, source_id), times=1)
    race.armed = True
    opened = index.open_index(tmp_path / "index")
    race.armed = False
    assert race.saved
    assert len(found(opened, db, q="checkpoint")) == 2
    assert index.check(opened, db).ok
