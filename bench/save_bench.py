"""Saves one after another: how long each takes to become searchable as the archive grows.

    .venv/bin/python bench/save_bench.py --entries 200 --saves 1000

Starts from a seeded synthetic archive (search_bench.py's), indexed in one piece, then saves
entries one at a time through the store, each followed by a request (which indexes it, as after
a form is sent) and a search that must find it. Prints the figures and the index's segments at
the end. Not part of `make test`: it measures, it does not assert.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bench import generate, percentile, save_to_searchable, signed_in_client

import archive
import index
from app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="gawahi-saves-")
    db = archive.open_db(str(Path(data_dir) / "gawahi.db"))
    archive.prepare(db)
    generate(db, args.entries, args.seed)
    folder = Path(data_dir) / "index"
    index.rebuild_all(index.open_index(folder), index.open_source_index(folder), db)
    app = create_app(
        {"DATA_DIR": data_dir, "SECRET_KEY": "bench", "DEMO_CONTENT": False,
         "WTF_CSRF_ENABLED": False}
    )  # fmt: skip
    started = time.perf_counter()
    saves = save_to_searchable(app, signed_in_client(app, db), db, args.saves)
    seconds = time.perf_counter() - started
    with index.open_index(Path(data_dir) / "index").searcher() as searcher:
        sizes = sorted(reader.doc_count_all() for reader, _ in searcher.reader().leaf_readers())
    print(f"Gawahi save benchmark, {date.today()}, {platform.node()}, "
          f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"whoosh {index.whoosh_version()}")  # fmt: skip
    print(f"{args.saves:,} saves after {args.entries:,} entries, in {seconds:.0f} s")
    print(
        f"save to searchable: p50 {percentile(saves, 0.5):.0f} ms, "
        f"p95 {percentile(saves, 0.95):.0f} ms, p99 {percentile(saves, 0.99):.0f} ms, "
        f"max {max(saves):.0f} ms; over 1 s: {sum(ms > 1000 for ms in saves)}"
    )
    print(f"segments at the end: {len(sizes)}, entries in each: {sizes}")


if __name__ == "__main__":
    main()
