"""After an upgrade changes the index's layout, the server answers at once and the new index is
built beside the old one, then swapped in (index/building.py, views/index_building.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from whoosh import fields
from whoosh import index as whoosh_index

import archive
import index
from app import create_app
from index import building
from views import index_building, search_index

from .api_helpers import bearer, make_token
from .conftest import ROOT, signed_in_client
from .indexing import add_abuse

NEW_VERSION = "99-test"
NOTICE = (
    "The search index is being rebuilt after an upgrade: results may miss entries saved in the "
    "last minutes."
)


class Gate:
    """Holds a build after its first batch of entries (the abuse reports) until opened."""

    def __init__(self, monkeypatch):
        self.reached, self.opened = threading.Event(), threading.Event()
        self.batches = 0
        real = index.bulk.load_records

        def held(*args, **kwargs):
            self.batches += 1
            if self.batches == 2:
                self.reached.set()
                assert self.opened.wait(30), "the test never let the build go on"
            return real(*args, **kwargs)

        monkeypatch.setattr(index.bulk, "load_records", held)


@pytest.fixture
def gate(monkeypatch):
    held = Gate(monkeypatch)
    yield held
    held.opened.set()


def upgrade(monkeypatch) -> None:
    """This code now has another index layout than the index on disk."""
    monkeypatch.setattr(index.schema, "SCHEMA_VERSION", NEW_VERSION)
    monkeypatch.setattr(index.writing, "SCHEMA_VERSION", NEW_VERSION)


def restart(app, monkeypatch, background: bool = True):
    """The process stops and starts again on the same data folder."""
    search_index.get_ix(app.config["INDEX_DIR"]).close()
    monkeypatch.setattr(search_index, "_shared", {})
    if background:  # the demo archive is small enough to build in the foreground otherwise
        monkeypatch.setattr(index_building, "FOREGROUND_AT_MOST", 0)
    return create_app(dict(app.config))


def finish(upgraded, gate: Gate) -> None:
    gate.opened.set()
    upgraded.extensions[index_building.THREAD_KEY].join(30)


def in_step(app, db) -> index.CheckReport:
    report = index.check(search_index.get_ix(app.config["INDEX_DIR"]).ix, db)
    assert report.ok and report.indexed == report.expected, report.problems()
    return report


def percent_done(page: str) -> int:
    return int(re.search(r"(\d+)% done", page).group(1))


def test_after_an_upgrade_searches_answer_while_the_index_is_built(app, app_db, gate, monkeypatch):
    upgrade(monkeypatch)
    upgraded = restart(app, monkeypatch)
    assert not gate.opened.is_set()  # start-up returned while the build was held
    assert gate.reached.wait(10)
    reader = signed_in_client(upgraded, "reader")
    page = reader.get("/search?q=Mastung")
    assert page.status_code == 200
    assert NOTICE in page.get_data(as_text=True)
    assert 0 < percent_done(page.get_data(as_text=True)) < 100
    assert reader.get("/search?q=Mastung&format=json").json["counts"]["abuse"] >= 1  # old index
    source_id = archive.list_sources(app_db)[0][0]["source_id"]
    report_id = add_abuse(app_db, source_id, "Teacher taken from Hoshab bazaar")
    assert reader.get("/search?q=Hoshab&format=json").json["counts"]["abuse"] == 0
    assert archive.queue.pending_count(app_db) == 1  # kept for the new index
    finish(upgraded, gate)
    found = reader.get("/search?q=Hoshab&format=json").json["results"]["abuse"]
    assert [hit["id"] for hit in found] == [report_id]
    assert "being rebuilt" not in reader.get("/search?q=Mastung").get_data(as_text=True)
    assert in_step(upgraded, app_db).pending == 0
    path = Path(app.config["INDEX_DIR"])
    assert (path / "gawahi-schema-version").read_text() == NEW_VERSION
    assert not building.next_path(path).exists() and not building.old_path(path).exists()


class RetiredField(fields.ID):
    """A field type an older version of the code had, gone from this one."""


def test_an_old_index_that_cannot_be_read_says_so_and_the_rest_of_the_site_works(
    app, app_db, gate, monkeypatch
):
    path = Path(app.config["INDEX_DIR"])
    search_index.get_ix(str(path)).close()
    shutil.rmtree(path)
    path.mkdir()
    old_schema = index.build_schema()
    old_schema.add("retired", RetiredField())
    with whoosh_index.create_in(str(path), old_schema).writer() as writer:
        writer.add_document(doc_id="abuse:1", retired="x")
    (path / "gawahi-schema-version").write_text("6")
    monkeypatch.delattr(sys.modules[__name__], "RetiredField")
    upgraded = restart(app, monkeypatch)
    assert gate.reached.wait(10)
    reader = signed_in_client(upgraded, "reader")
    page = reader.get("/search?q=Mastung")
    assert page.status_code == 503
    assert "being rebuilt after an upgrade" in page.get_data(as_text=True)
    assert 0 < percent_done(page.get_data(as_text=True)) < 100
    assert reader.get("/search?q=Mastung&format=json").json["error"] == "Search unavailable"
    assert reader.get("/search/charts?q=Mastung").status_code == 503  # not a 500
    api = upgraded.test_client().get(
        "/api/v1/search?q=Mastung", headers=bearer(make_token(upgraded, "reader"))
    )
    assert api.status_code == 503 and "being rebuilt" in api.get_data(as_text=True)
    assert reader.get("/").status_code == 200
    assert reader.get("/abuses/1").status_code == 200
    finish(upgraded, gate)
    assert reader.get("/search?q=Mastung&format=json").json["counts"]["abuse"] >= 1
    in_step(upgraded, app_db)


CRASHING_START = """
import sys, threading, time
import index
from views import index_building
from app import create_app

index.schema.SCHEMA_VERSION = index.writing.SCHEMA_VERSION = sys.argv[2]
index_building.FOREGROUND_AT_MOST = 0
real, batches = index.bulk.load_records, []

def held(*args, **kwargs):
    batches.append(1)
    if len(batches) == 2:
        threading.Event().wait()  # until the test kills this process
    return real(*args, **kwargs)

index.bulk.load_records = held
create_app({"TESTING": True, "DATA_DIR": sys.argv[1], "SECRET_KEY": "t"})
time.sleep(120)
"""


def test_a_server_killed_mid_build_leaves_the_old_index_and_the_next_start_finishes(
    app, app_db, monkeypatch, tmp_path
):
    path = Path(app.config["INDEX_DIR"])
    with open(tmp_path / "server.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-c", CRASHING_START, app.config["DATA_DIR"], NEW_VERSION],
            cwd=ROOT, stdout=log, stderr=log,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while not (building.build_status(path) or building.Progress(0, 0)).done:
                assert time.monotonic() < deadline and server.poll() is None, "no build started"
                time.sleep(0.05)
        finally:
            server.kill()
            server.wait()
    assert building.next_path(path).exists()  # half built
    old_ix, _ = building.open_readable(path)
    assert old_ix.doc_count() == in_step(app, app_db).expected  # the old index, whole
    upgrade(monkeypatch)
    restarted = restart(app, monkeypatch, background=False)
    assert (path / "gawahi-schema-version").read_text() == NEW_VERSION
    assert not building.next_path(path).exists()
    in_step(restarted, app_db)
    reader = signed_in_client(restarted, "reader")
    assert reader.get("/search?q=Mastung&format=json").json["counts"]["abuse"] >= 1


class Stopped(Exception):
    """The process stopped here."""


def test_a_swap_stopped_between_its_two_renames_is_finished_at_the_next_start(
    app, app_db, monkeypatch
):
    path = Path(app.config["INDEX_DIR"])

    def first_rename_only(folder: Path) -> None:
        folder.rename(building.old_path(folder))
        raise Stopped

    upgrade(monkeypatch)
    with monkeypatch.context() as stopping:
        stopping.setattr(building, "_swap", first_rename_only)
        restart(app, monkeypatch, background=False)
    assert not path.exists()  # between the renames: the old index and the finished new one
    restarted = restart(app, monkeypatch, background=False)
    assert (path / "gawahi-schema-version").read_text() == NEW_VERSION
    assert not building.old_path(path).exists() and not building.next_path(path).exists()
    in_step(restarted, app_db)


def test_only_one_process_builds_and_the_others_see_its_index_when_swapped_in(
    app, app_db, monkeypatch
):
    path = Path(app.config["INDEX_DIR"])
    upgrade(monkeypatch)
    with building.build_lock(path) as held:  # as another process would while it builds
        assert held
        upgraded = restart(app, monkeypatch)
        upgraded.extensions[index_building.THREAD_KEY].join(10)
        assert not building.next_path(path).exists()  # this one did not build
        rebuilt = upgraded.test_cli_runner().invoke(args=["index", "rebuild"])
        assert rebuilt.exit_code == 1
        assert "Another process is rebuilding the search index" in rebuilt.output
        source_id = archive.list_sources(app_db)[0][0]["source_id"]
        report_id = add_abuse(app_db, source_id, "Shopkeeper taken from Hoshab bazaar")
        building.build(path, app_db)  # the other process's build and swap
    reader = signed_in_client(upgraded, "reader")
    found = reader.get("/search?q=Hoshab&format=json").json["results"]["abuse"]
    assert [hit["id"] for hit in found] == [report_id]
    in_step(upgraded, app_db)


def test_flask_index_rebuild_keeps_the_index_answering_until_the_swap(app, app_db, gate):
    reader = signed_in_client(app, "reader")
    before = reader.get("/search?q=Mastung&format=json").json["counts"]
    rebuild = threading.Thread(
        target=app.test_cli_runner().invoke, kwargs={"args": ["index", "rebuild"]}
    )
    rebuild.start()
    try:
        assert gate.reached.wait(10)
        page = reader.get("/search?q=Mastung")
        assert "The search index is being rebuilt: results may miss" in page.get_data(as_text=True)
        assert reader.get("/search?q=Mastung&format=json").json["counts"] == before
    finally:
        gate.opened.set()
        rebuild.join(30)
    assert "being rebuilt" not in reader.get("/search?q=Mastung").get_data(as_text=True)
    in_step(app, app_db)
