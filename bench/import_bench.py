"""Time spreadsheet imports: synthetic rows with long narratives, and the real UCDP GED file.

    python bench/import_bench.py [--rows 100000] [--words 600] [--ucdp PATH] [--store-only]

Writes a CSV of synthetic abuse reports (bench/synthetic.py: narratives of about `--words`
words, drawn Zipf-like from a vocabulary with a long tail of names; each row citing its own web
page), imports it into a fresh archive through the store functions the forms use
(archive.imports.run_import) with its entries indexed by a helper process while the rows are
stored, as `flask import` does it (index.RunIndexer: the index's time printed is what is left
after the store); checks that a search finds the rows; then does the same for the UCDP file
with the shipped `ucdp-ged` mapping. The store's CPU seconds and the load average are printed
beside its wall-clock time (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import archive
import index
from archive import import_files, imports, mappings
from bench import synthetic

ROOT = Path(__file__).resolve().parent.parent
UCDP = ROOT.parent / "shared" / "corpus" / "ucdp_ged_pakistan.csv"
# The rows' figures left out, as in every run recorded in bench/results-import.txt.
MAPPING = {**synthetic.MAPPING, "name": "bench", "figures": []}


def import_file(
    label: str, path: Path, mapping_name: str, data: Path, indexing: bool = True
) -> dict:
    """Import `path` into a fresh archive in `data`; seconds (and the store's CPU seconds) for
    the store and the index. The store's figures are printed as soon as it is done, the
    index's progress every 10,000 entries (a long run stopped early still says something)."""
    db = archive.open_db(data / "gawahi.db")
    archive.prepare(db)
    if mapping_name == "bench":
        mappings.save_mapping(db, MAPPING, "bench")
    table = import_files.open_table(path)
    ix, six = index.open_index(data / "index"), index.open_source_index(data / "index")
    started, done = time.perf_counter(), [0]

    def progress(count: int) -> None:
        before, done[0] = done[0], done[0] + count
        if done[0] // 10_000 > before // 10_000:
            seconds = time.perf_counter() - started
            print(f"  index: {done[0]:,} entries in {seconds:.0f} s = {done[0] / seconds:,.0f}"
                  f" entries/s (load average {os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip

    # As `flask import` does it: the entries are indexed by a helper process while the rows
    # are stored (index.RunIndexer); the store's CPU seconds are this process's only.
    with (
        index.import_helpers(db) as pool,
        index.RunIndexer(ix, db, pool, sources_ix=six, rows=table.rows_total) as indexer,
    ):
        started, cpu = time.perf_counter(), time.process_time()
        summary = imports.run_import(db, table, mappings.get_mapping(db, mapping_name), "bench",
                                     written=indexer.written if indexing else None)  # fmt: skip
        stored, cpu = time.perf_counter() - started, time.process_time() - cpu
        load = os.getloadavg()[0]
        rows = len(summary.outcomes)
        print(f"{label}: {rows:,} rows {dict(summary.counts)}")
        print(f"  store: {stored:.1f} s = {rows / stored:,.0f} rows/s ({cpu:.1f} s of CPU = "
              f"{rows / cpu:,.0f} rows/s of CPU; load average {load:.1f})", flush=True)  # fmt: skip
        if not indexing:
            return {"rows": len(summary.outcomes), "counts": dict(summary.counts),
                    "store": stored, "cpu": cpu, "load": load, "indexed": 0, "index": 0.0,
                    "in_step": None, "ix": ix, "db": db}  # fmt: skip
        started = time.perf_counter()
        indexed = indexer.finish(summary.run_id, six, progress=progress)
    seconds = time.perf_counter() - started
    report = index.check(ix, db)
    return {"rows": len(summary.outcomes), "counts": dict(summary.counts), "store": stored,
            "cpu": cpu, "load": load, "indexed": indexed, "index": seconds,
            "in_step": report.ok, "ix": ix, "db": db}  # fmt: skip


def found(result: dict, query: str) -> int:
    """How many abuse reports a search finds."""
    params = index.SearchParams(q=query)
    results = index.search(result["ix"], params, index.load_reference(result["db"]))
    return results.counts.get("abuse", 0)


def show(result: dict) -> None:
    """Print one import's index figures (its store's are printed as it finishes)."""
    store, seconds = result["store"], result["index"]
    if result["in_step"] is None:
        print("  index: not timed (--store-only)")
        return
    print(f"  index: {result['indexed']:,} entries, {seconds:.1f} s after the last row was "
          "stored (indexed while storing)")  # fmt: skip
    print(f"  total: {store + seconds:.1f} s; index in step with the archive: {result['in_step']}")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--ucdp", type=Path, default=UCDP)
    parser.add_argument("--store-only", action="store_true",
                        help="Time the store only (no indexing, no search).")  # fmt: skip
    options = parser.parse_args()
    indexing = not options.store_only
    load = os.getloadavg()[0]
    print(f"{time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, load average {load:.1f} at the start")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        path = folder / "synthetic.csv"
        started = time.perf_counter()
        synthetic.write_rows(path, options.rows, options.words)
        size = path.stat().st_size / 1e6
        print(f"synthetic file: {options.rows:,} rows, {size:,.0f} MB, written in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        result = import_file("synthetic", path, "bench", folder / "synthetic", indexing)
        show(result)
        if indexing:
            print(f"  search 'Report' finds {found(result, 'report'):,} abuse reports")
        if options.ucdp.exists():
            ucdp = import_file(
                "UCDP GED Pakistan", options.ucdp, "ucdp-ged", folder / "ucdp", indexing
            )
            show(ucdp)
            if indexing:
                print(f"  search 'BLA' finds {found(ucdp, 'BLA'):,} abuse reports")
        else:
            print(f"UCDP: {options.ucdp} is absent, not timed")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
