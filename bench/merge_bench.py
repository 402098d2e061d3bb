"""Saves one at a time while segments are merged in the background: how long a save's indexing
takes with and without a merge under way, and how many segments the index holds.

    .venv/bin/python bench/merge_bench.py --entries 2000 --saves 1000

Builds a synthetic archive (search_bench.py's, narratives of --words words), indexes it in
parts of --part entries (as a rebuild does, in parts of 10,000), then stores entries one by one,
each indexed on its own as after a form is sent, with this process's `index.Merger` running as
the server's does. Not part of `make test`: it measures, it does not assert.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bench import _add, generate, percentile, vocabulary

import archive
import index
from archive import reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--part", type=int, default=index.writing.SEGMENT_ENTRIES)
    parser.add_argument("--words", type=int, nargs=2, default=(200, 1500))
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="gawahi-merge-"))
    db = archive.open_db(str(data_dir / "gawahi.db"))
    archive.prepare(db)
    generate(db, args.entries, args.seed, tuple(args.words))
    ix = index.open_index(data_dir / "index")
    index.writing.SEGMENT_ENTRIES = args.part
    index.rebuild_all(ix, index.open_source_index(data_dir / "index"), db)
    built = len(index.segment_sizes(ix))
    merger = index.Merger([ix])
    merger.nudge()  # as a server does at start
    started = time.perf_counter()
    idle, busy, counts = save_one_by_one(db, ix, merger, args)
    seconds = time.perf_counter() - started
    merger.wait_idle(3600)
    merger.stop()
    report(args, built, idle, busy, counts, list(merger.reports), ix, seconds)


def save_one_by_one(db, ix, merger, args) -> tuple[list[float], list[float], list[int]]:
    """Each save's indexing time (ms), apart by whether a merge was under way; segment counts."""
    rng = random.Random(args.seed + 1)
    vocab = vocabulary(rng)
    kinds = (list(reference.type_labels(db, "abuse_types")),
             list(reference.type_labels(db, "claim_types")),
             [group["code"] for group in reference.armed_groups(db)])  # fmt: skip
    sources = archive.source_ids(db)
    idle, busy, counts = [], [], []
    for _ in range(args.saves):
        with archive.write_transaction(db):
            _add(db, rng, vocab, sources, *kinds, date(2015, 1, 1), tuple(args.words))
        merging = merger.merging
        began = time.perf_counter()
        index.apply_pending(ix, db)
        ms = (time.perf_counter() - began) * 1000
        (busy if merging or merger.merging else idle).append(ms)
        merger.nudge()  # as the app's drain does
        counts.append(len(index.segment_sizes(ix)))
    return idle, busy, counts


def report(args, built, idle, busy, counts, merges, ix, seconds) -> None:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Gawahi merge benchmark, {date.today()}, {platform.node()}, "
          f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"whoosh {index.whoosh_version()}; load average at the end {load}")  # fmt: skip
    print(f"{args.entries:,} entries of {args.words[0]}-{args.words[1]} words indexed in "
          f"{built} segments, then {args.saves:,} single saves in {seconds:.0f} s")  # fmt: skip
    for label, times in (("no merge under way", idle), ("a merge under way", busy)):
        if times:
            print(f"a save's indexing, {label} ({len(times)} saves): "
                  f"p50 {percentile(times, 0.5):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, "
                  f"max {max(times):.0f} ms")  # fmt: skip
    copied = sum(merge.documents for merge in merges)
    locked = max((merge.locked_seconds for merge in merges), default=0) * 1000
    longest = max((merge.seconds for merge in merges), default=0)
    print(f"{len(merges)} merges, {copied:,} documents copied; longest merge {longest:.1f} s, "
          f"write lock held at most {locked:.0f} ms by a merge")  # fmt: skip
    sizes = sorted(index.segment_sizes(ix))
    print(f"segments: bound {index.SEGMENTS_BOUND}, at most {max(counts)} during the saves, "
          f"{len(sizes)} at the end: {sizes}")  # fmt: skip


if __name__ == "__main__":
    main()
