"""Rebuild speed: `index.rebuild` of a whole archive, in entries a second, with the load average.

    .venv/bin/python bench/rebuild_bench.py --db bench/data/100k/gawahi.db --index-dir /tmp/ix

The archive is only read (the queue is marked as applied, as a rebuild does); the index folder
given is emptied first. Other work on the machine slows a rebuild: the load average is printed
before and after, and a comparison is only fair between runs made side by side.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("GAWAHI_CODE") or str(Path(__file__).resolve().parent.parent))

import archive
import index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--label", default="rebuild")
    args = parser.parse_args()
    shutil.rmtree(args.index_dir, ignore_errors=True)
    db = archive.open_db(args.db)
    ix = index.open_index(args.index_dir)
    before = os.getloadavg()
    started = time.perf_counter()
    count = index.rebuild(ix, db)
    seconds = time.perf_counter() - started
    after = os.getloadavg()
    print(
        f"{args.label}: {count:,} entries in {seconds:.1f} s = {count / seconds:.0f} entries/s"
        f" (load average {before[0]:.2f} before, {after[0]:.2f} after)",
        flush=True,
    )


if __name__ == "__main__":
    main()
