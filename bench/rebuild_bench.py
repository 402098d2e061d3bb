"""Rebuild speed: `index.rebuild` of a whole archive, in entries a second, with the load average.

    .venv/bin/python bench/rebuild_bench.py --db bench/data/100k/gawahi.db --index-dir /tmp/ix

The index folder given is emptied first. With --entries N only the archive's first N entries
are indexed (and the queue is left as it is); else the queue is marked as applied, as a rebuild
does. Set GAWAHI_CODE to another checkout to measure its code on the same archive. Other work
on the machine slows a rebuild: the load average and the CPU time are printed, and a comparison
is only fair between runs made side by side. Peak memory is this process's and its largest
helper's.
"""

from __future__ import annotations

import argparse
import os
import resource
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
    parser.add_argument("--entries", type=int, help="index only the first ENTRIES entries")
    args = parser.parse_args()
    if args.entries:
        _only_the_first(args.entries)
    shutil.rmtree(args.index_dir, ignore_errors=True)
    db = archive.open_db(args.db)
    ix = index.open_index(args.index_dir)
    before = os.getloadavg()
    started = time.perf_counter()
    count = index.rebuild(ix, db)
    seconds = time.perf_counter() - started
    after = os.getloadavg()
    usages = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(usage.ru_utime + usage.ru_stime for usage in usages)
    # Peak resident memory (kB on Linux) of this process and of the largest helper.
    peaks = " + ".join(f"{usage.ru_maxrss / 1024:.0f}" for usage in usages)
    print(
        f"{args.label}: {count:,} entries in {seconds:.1f} s = {count / seconds:.0f} entries/s;"
        f" {cpu:.1f} CPU s = {count / cpu:.0f} entries per CPU second; peak memory {peaks} MB"
        f" (load average {before[0]:.2f} before, {after[0]:.2f} after)",
        flush=True,
    )


def _only_the_first(entries: int) -> None:
    every = index.writing.all_entry_keys
    index.writing.all_entry_keys = lambda db: every(db)[:entries]
    index.writing.queue.mark_applied_through = lambda *args, **kwargs: None


if __name__ == "__main__":
    main()
