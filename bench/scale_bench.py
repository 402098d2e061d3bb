"""Scale benchmark as a sceptic measures it: real-length narratives, fresh queries, FTS5 beside.

    .venv/bin/python bench/scale_bench.py --entries 100000 --data-dir bench/data/100k
    .venv/bin/python bench/scale_bench.py --entries 1000000 --data-dir bench/data/1m

Narratives run 200 to 1,500 words (mean about 630, as real reports average ~600). Every query
kind gets --queries queries (30 or more) that no earlier query used: each word is drawn once,
so no cache has seen it. Each query is asked once on the search page (the Flask app, signed in)
and once in SQLite FTS5 right after, over the same rows, so both are timed in the same phase of
the machine. A data folder given with --data-dir is kept and reused by the next run (generating
a million entries takes a while). Prints a table with the load average; it measures, it does
not assert, and it is not part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fresh_words import FreshWords, plant_if_needed, queries
from search_bench import (
    build_fts5,
    fts5_ms,
    generate,
    percentile,
    save_to_searchable,
    signed_in_client,
)

import archive
import index
from app import create_app
from archive import reference
from index import building

REAL_LENGTH = (200, 1500, 200)  # fewest, most, most often: a mean of about 630 words


def time_pages(client, fts: sqlite3.Connection, asked: dict[str, list[tuple]]) -> dict:
    """Milliseconds per kind for the page (each query asked once) and FTS5 (right after)."""
    timings = {kind: {"page": [], "FTS5": []} for kind in asked}
    for kind, items in asked.items():
        for params, match, extra in items:
            started = time.perf_counter()
            answer = client.get("/search?" + urlencode(params))
            timings[kind]["page"].append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, (kind, params, answer.status_code)
            timings[kind]["FTS5"].append(fts5_ms(fts, match, extra))
    return timings


def memory_mb() -> tuple[float, float]:
    """(heap, mapped files) of this process in MB, from /proc: RssAnon and RssFile."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("RssAnon", "RssFile"):
            fields[name] = int(value.split()[0]) / 1024
    return fields.get("RssAnon", 0.0), fields.get("RssFile", 0.0)


def build(data_dir: Path, entries: int, seed: int) -> tuple[str, float | None, float | None]:
    """The archive in `data_dir`, generated and indexed unless it is already there."""
    db = archive.open_db(str(data_dir / "gawahi.db"))
    archive.prepare(db)
    have = db["abuse_reports"].count + db["attack_claims"].count
    if have >= entries:
        _sources_index(data_dir, db)
        return f"reused ({have:,} entries)", None, None
    started = time.perf_counter()
    generate(db, entries - have, seed + have, words=REAL_LENGTH)
    generated = time.perf_counter() - started
    ix = index.open_index(data_dir / "index")
    started = time.perf_counter()
    indexed = index.rebuild(ix, db)
    rebuild_rate = indexed / (time.perf_counter() - started)
    db.execute("DELETE FROM index_queue")  # the rebuild read everything the queue holds
    db.conn.commit()
    _sources_index(data_dir, db)
    return "generated", generated, rebuild_rate


def _sources_index(data_dir: Path, db) -> None:
    """The sources' index beside the entries' (without it the app takes the folder for one of
    an older version and rebuilds everything in the background while it is measured)."""
    if not building.is_current(data_dir / "index"):
        index.rebuild_sources(index.open_source_index(data_dir / "index"), db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=30, help="per kind, each fresh")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data-dir", help="kept and reused; a temporary folder if not given")
    parser.add_argument(
        "--sample",
        type=int,
        default=2000,
        help="narratives whose words are ranked (fewer: a small archive)",
    )
    args = parser.parse_args()
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="gawahi-scale-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    how, generated, rebuild_rate = build(data_dir, args.entries, args.seed)
    app = create_app({"DATA_DIR": str(data_dir), "SECRET_KEY": "bench", "DEMO_CONTENT": False,
                      "WTF_CSRF_ENABLED": False})  # fmt: skip
    db = archive.open_db(str(data_dir / "gawahi.db"))
    client = signed_in_client(app, db) if not _has_reader(db) else _sign_in(app)
    rng = random.Random(args.seed)
    groups = [group["code"] for group in reference.armed_groups(db)]
    words = FreshWords(db, rng, args.sample)
    if plant_if_needed(db, words, args.queries):
        client.get("/")  # the request after a save drains the queue, as a form post would
    asked = queries(words, groups, args.queries)
    fts = build_fts5(str(data_dir / "gawahi.db"))
    load_before = os.getloadavg()
    timings = time_pages(client, fts, asked)
    load_after = os.getloadavg()
    saves = save_to_searchable(app, client, db, 10)
    heap, mapped = memory_mb()
    mean = next(db.query(
        "SELECT avg(length(narrative) - length(replace(narrative, ' ', '')) + 1) AS mean"
        " FROM abuse_reports"
    ))["mean"]  # fmt: skip
    print(f"Gawahi scale benchmark, {date.today()}, {platform.node()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, whoosh {index.whoosh_version()}")  # fmt: skip
    print(f"{args.entries:,} entries, {how}; narratives {mean:.0f} words on average; "
          f"{args.queries} fresh queries per kind, each asked once")  # fmt: skip
    if words.planted:
        print(f"rare words: {len(words.planted)} made-up names, each saved in one entry before "
              "the searches (the generator has no word that rare)")  # fmt: skip
    if generated is not None:
        print(f"generated in {generated:.0f} s; rebuild {rebuild_rate:.0f} entries/s")
    print(f"load average (1 min) before/after the searches: {load_before[0]:.2f}/"
          f"{load_after[0]:.2f}\n")  # fmt: skip
    print(f"{'query kind':<18}{'page p50':>10}{'page p95':>10}{'FTS5 p50':>10}{'FTS5 p95':>10}"
          f"{'page/FTS5':>11}")  # fmt: skip
    for kind, got in timings.items():
        p50, p95 = percentile(got["page"], 0.5), percentile(got["page"], 0.95)
        f50, f95 = percentile(got["FTS5"], 0.5), percentile(got["FTS5"], 0.95)
        print(f"{kind:<18}{p50:>10.1f}{p95:>10.1f}{f50:>10.1f}{f95:>10.1f}{p50 / f50:>10.1f}x")
    print(f"\nsave to searchable: p50 {percentile(saves, 0.5):.0f} ms, max {max(saves):.0f} ms")
    print(f"memory of this process: heap {heap:.0f} MB, mapped files {mapped:.0f} MB")
    print("(page = the whole search page through the Flask test client, signed in as a reader:\n"
          " exact counts per category, facets, highlighted results; FTS5 = count, top 20 and\n"
          " snippets over the same rows with porter stemming)")  # fmt: skip


def _has_reader(db) -> bool:
    return db["users"].count_where("username = ?", ["bench-reader"]) > 0


def _sign_in(app):
    client = app.test_client()
    answer = client.post("/sign-in", data={"username": "bench-reader",
                                           "password": "a bench pass phrase"})  # fmt: skip
    assert answer.status_code == 302, answer.status_code
    return client


if __name__ == "__main__":
    main()
