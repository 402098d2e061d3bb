"""`flask import`: a dry run's report, mappings listed and loaded, bad files refused with the
reason, and an import killed half-way resumed by running the same command again."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import archive
from app import create_app

from .conftest import ROOT
from .test_imports import MAPPING, ROWS, write_csv


def load_test_mapping(app, tmp_path):
    """Save the tests' mapping through `flask import load-mapping`."""
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(MAPPING))
    result = app.test_cli_runner().invoke(args=["import", "load-mapping", str(path)])
    assert result.exit_code == 0 and "Saved the mapping 'test-map'." in result.output


def test_mappings_are_listed_loaded_and_shown(empty_app, tmp_path):
    load_test_mapping(empty_app, tmp_path)
    runner = empty_app.test_cli_runner()
    listed = runner.invoke(args=["import", "mappings"]).output
    assert "test-map\t" in listed and "ucdp-ged (ships with Gawahi)" in listed
    shown = runner.invoke(args=["import", "show-mapping", "test-map"]).output
    assert json.loads(shown)["external_id"] == "ref"


def test_a_broken_mapping_file_is_refused_with_the_reason(empty_app, tmp_path):
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps({**MAPPING, "citations": []}))
    result = empty_app.test_cli_runner().invoke(args=["import", "load-mapping", str(path)])
    assert result.exit_code == 1
    assert "No row enters without one" in result.output


def test_a_dry_run_writes_its_report_and_changes_nothing(empty_app, tmp_path):
    load_test_mapping(empty_app, tmp_path)
    rows = [ROWS[0], [*ROWS[1][:3], "2024-02-30", *ROWS[1][4:]]]
    path, report = write_csv(tmp_path / "a.csv", rows), tmp_path / "report.csv"
    result = empty_app.test_cli_runner().invoke(
        args=["import", str(path), "--mapping", "test-map", "--dry-run", "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "Rows that would be: 1 created, 1 refused." in result.output
    assert "Row 3, column when: '2024-02-30' is not a date" in result.output
    assert "Dry run: nothing was changed." in result.output
    lines = list(csv.DictReader(report.read_text().splitlines()))
    assert [(line["row"], line["action"], line["columns"]) for line in lines] == [
        ("2", "created", ""), ("3", "refused", "when")]  # fmt: skip
    db = archive.open_db(empty_app.config["DATABASE"])
    assert db["abuse_reports"].count == 0 and db["import_runs"].count == 0


def test_a_file_in_the_wrong_encoding_is_refused_with_what_to_do(empty_app, tmp_path):
    load_test_mapping(empty_app, tmp_path)
    path = write_csv(
        tmp_path / "a.csv", [[*ROWS[0][:1], "Arrêté", *ROWS[0][2:]]], encoding="cp1252"
    )
    result = empty_app.test_cli_runner().invoke(args=["import", str(path), "--mapping", "test-map"])
    assert result.exit_code == 1
    assert "a.csv is not UTF-8 text" in result.output and "Nothing was imported." in result.output
    again = empty_app.test_cli_runner().invoke(
        args=["import", str(path), "--mapping", "test-map", "--encoding", "cp1252"]
    )
    assert "Rows: 1 created." in again.output


def test_an_unknown_mapping_is_named_with_those_there_are(empty_app, tmp_path):
    path = write_csv(tmp_path / "a.csv", ROWS)
    result = empty_app.test_cli_runner().invoke(args=["import", str(path), "--mapping", "nope"])
    assert result.exit_code == 1 and "saved: ucdp-ged" in result.output


def test_an_import_killed_half_way_resumes_with_nothing_lost_or_doubled(empty_app, tmp_path):
    load_test_mapping(empty_app, tmp_path)
    rows = [[f"R{n}", f"Report number {n}", *ROWS[0][2:7], f"https://example.org/{n}", "Q."]
            for n in range(600)]  # fmt: skip
    path = write_csv(tmp_path / "a.csv", rows)
    command = [sys.executable, "-m", "flask", "--app", "app", "import", str(path),
               "--mapping", "test-map"]  # fmt: skip
    env = {**os.environ, "FLASK_DATA_DIR": empty_app.config["DATA_DIR"],
           "FLASK_DEMO_CONTENT": "false", "FLASK_SECRET_KEY": "test"}  # fmt: skip
    db = archive.open_db(empty_app.config["DATABASE"])
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        done = wait_for_rows(db, process)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert 0 < done < 600, "killed before its first batch or after its last"
    # Its indexing helper (started with the import) does not outlive it.
    assert wait_until_gone(empty_app.config["DATA_DIR"]) == []
    (run,) = db["import_runs"].rows
    assert run["status"] == "running"
    assert db["abuse_reports"].count == run["rows_done"]  # only whole batches
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert db["import_runs"].count == 1 and db["import_runs"].get(run["run_id"])["status"] == "done"
    titles = [row[0] for row in db.execute("SELECT title FROM abuse_reports")]
    assert sorted(titles) == sorted(f"Report number {n}" for n in range(600))
    assert db["sources"].count == 600
    assert db["index_queue"].count == 0  # entries and sources are indexed in bulk, never queued
    check = subprocess.run([*command[:5], "index", "check"], cwd=ROOT, env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert "600 entries in the archive, 600 in the index" in check.stdout, check.stdout


def processes_of(data_dir: str) -> list[int]:
    """The processes running with FLASK_DATA_DIR set to `data_dir` (Linux's /proc)."""
    found = []
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            environ = (folder / "environ").read_bytes().split(b"\0")
        except OSError:
            continue  # ended meanwhile, or not ours to read
        if f"FLASK_DATA_DIR={data_dir}".encode() in environ:
            found.append(int(folder.name))
    return found


def wait_until_gone(data_dir: str, timeout: float = 10) -> list[int]:
    """The processes of `data_dir` still running after up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while (left := processes_of(data_dir)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def wait_for_rows(db, process, timeout: float = 120) -> int:
    """Rows the import committed, once it committed some (its first batch or more)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        row = db.execute("SELECT rows_done FROM import_runs").fetchone()
        if row and row[0] >= 200:
            return row[0]
        time.sleep(0.05)
    return 0


def test_rows_not_mapped_are_left_out_by_the_mapping(empty_app, tmp_path):
    mapping = {**MAPPING, "category": {"column": "type", "values": {"torture": "abuse"},
                                       "otherwise": "skip"}}  # fmt: skip
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(mapping))
    runner = empty_app.test_cli_runner()
    runner.invoke(args=["import", "load-mapping", str(path)])
    data = write_csv(tmp_path / "a.csv", [[*ROWS[0][:2], "torture", *ROWS[0][3:]], ROWS[1]])
    result = runner.invoke(args=["import", str(data), "--mapping", "test-map"])
    assert "Rows: 1 created, 1 skipped." in result.output, result.output


def test_an_import_stopped_before_indexing_is_indexed_when_the_server_starts(empty_app, tmp_path):
    db = archive.open_db(empty_app.config["DATABASE"])
    table = archive.import_files.open_table(write_csv(tmp_path / "a.csv", ROWS))
    summary = archive.imports.run_import(db, table, MAPPING, "tester")  # stops before indexing
    restarted = create_app({**empty_app.config, "TESTING": True})
    assert db["import_runs"].get(summary.run_id)["status"] == "done"
    result = restarted.test_cli_runner().invoke(args=["index", "check"])
    assert "3 entries in the archive, 3 in the index" in result.output, result.output


def test_a_dry_run_reports_in_urdu_when_the_console_is(empty_app, tmp_path):
    load_test_mapping(empty_app, tmp_path)
    rows = [ROWS[0], [*ROWS[1][:3], "2024-02-30", *ROWS[1][4:]]]
    path = write_csv(tmp_path / "a.csv", rows)
    env = {"LANG": "ur_PK.UTF-8", "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None}
    result = empty_app.test_cli_runner().invoke(
        args=["import", str(path), "--mapping", "test-map", "--dry-run"], env=env
    )
    assert result.exit_code == 0, result.output
    assert "قطاریں جو یوں ہوتیں: 1 نئے بنے, 1 رد۔" in result.output
    assert "آزمائشی درآمد: کچھ نہیں بدلا گیا۔" in result.output
    assert "Dry run" not in result.output and "Rows that would be" not in result.output
