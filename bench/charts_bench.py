"""Charts benchmark: the charts JSON of a search, timed cold, at a large synthetic archive.

    .venv/bin/python bench/charts_bench.py --entries 100000 --data-dir /tmp/charts-100k

Builds the archive with search_bench.py's corpus builder (narratives of 300 to 900 words, about
600 on average, and figures on about half the entries), or reuses the one already in
--data-dir (one of scale_bench.py's, copied, is given figures if it has none), then times
`/search/charts?...&format=json` for three kinds of search, each query "cold" (the query
caches emptied first, as for a query nobody asked since the last save). Prints p50 and p95 per
kind and the load average; --profile N prints where N cold common-word queries spend their
time instead. Not part of `make test`: it measures.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bench import generate, percentile, signed_in_client

import archive
import index
from app import create_app
from archive import migrations
from index.engine.generation import forget_queries
from views import search_index

WORDS = (300, 900)
COMMON = ["security", "forces", "killed", "missing", "road", "village", "night", "police",
          "family", "attack"]  # fmt: skip
DISTRICTS = ["Kech", "Mastung", "Quetta", "Kalat", "Khuzdar", "Awaran", "Panjgur", "Gwadar",
             "Kachhi", "Dera Bugti", "Nushki"]  # fmt: skip
FIGURE_KINDS = ("killed", "injured", "missing", "detained", "hostages")
QUALIFIERS = ("exact", "exact", "at_least", "approximately", "unknown")


def queries(per_kind: int) -> dict[str, list[dict[str, str]]]:
    """The searches timed, `per_kind` of each kind (each asked cold)."""
    rng = random.Random(7)
    common = [{"q": COMMON[n % len(COMMON)]} for n in range(per_kind)]
    district = [
        {"district": DISTRICTS[n % len(DISTRICTS)]} | ({"q": rng.choice(COMMON)} if n % 2 else {})
        for n in range(per_kind)
    ]
    ranges = []
    for n in range(per_kind):
        year = 2015 + n % 10
        months = (1, 12) if n % 3 == 0 else (rng.randint(1, 6), rng.randint(7, 12))
        ranges.append(
            {"date_from": f"{year}-{months[0]:02d}-01", "date_to": f"{year}-{months[1]:02d}-28"}
            | ({"q": rng.choice(COMMON)} if n % 2 else {})
        )
    return {"common word": common, "district filter": district, "date range": ranges}


def add_figures(db, seed: int) -> int:
    """Figures on about half the entries, with every qualifier and several givers."""
    rng = random.Random(seed)
    rows = []
    now = archive.utc_now()
    for kind, table, pk in (("abuse", "abuse_reports", "report_id"),
                            ("claim", "attack_claims", "claim_id")):  # fmt: skip
        for (entry_id,) in db.execute(f"SELECT {pk} FROM {table}").fetchall():
            if rng.random() < 0.5:
                continue
            qualifier = rng.choice(QUALIFIERS)
            rows.append({
                pk: entry_id, "kind": rng.choice(FIGURE_KINDS), "qualifier": qualifier,
                "count": None if qualifier == "unknown" else rng.randint(1, 40),
                "given_by": "group" if kind == "claim" else rng.choice(("official", "media")),
                "created_at": now, "created_by": "bench",
            })  # fmt: skip
    with archive.write_transaction(db):
        db["figures"].insert_all(rows, batch_size=5000)
    return len(rows)


def build(data_dir: Path, entries: int, seed: int) -> str:
    """The archive and its index in `data_dir`, built unless a finished one is there."""
    done = data_dir / f"built-{entries}-{seed}"
    if done.exists():
        _catch_up(data_dir)
        return done.read_text()
    if (data_dir / "index").is_dir() and _entries(data_dir) >= entries:
        done.write_text(_reuse(data_dir, seed))
        return done.read_text()
    data_dir.mkdir(parents=True, exist_ok=True)
    db = archive.open_db(str(data_dir / "gawahi.db"))
    archive.prepare(db)
    started = time.perf_counter()
    generate(db, entries, seed, words=WORDS)
    figures = add_figures(db, seed)
    generated = time.perf_counter() - started
    ix = index.open_index(data_dir / "index")
    started = time.perf_counter()
    indexed = index.rebuild(ix, db)
    words = db.execute(
        "SELECT avg(length(narrative) - length(replace(narrative, ' ', '')) + 1) FROM"
        " (SELECT narrative FROM abuse_reports UNION ALL SELECT narrative FROM attack_claims)"
    ).fetchone()[0]
    note = (
        f"{entries:,} entries (seed {seed}), narratives of {words:.0f} words on average, "
        f"{figures:,} figures; generated in {generated:.0f} s, "
        f"indexed {indexed:,} in {time.perf_counter() - started:.0f} s"
    )
    db.close()
    done.write_text(note)
    return note


def _entries(data_dir: Path) -> int:
    """How many entries the archive in `data_dir` holds (0 when there is none)."""
    if not (data_dir / "gawahi.db").exists():
        return 0
    db = archive.open_db(str(data_dir / "gawahi.db"))
    try:
        return db["abuse_reports"].count + db["attack_claims"].count
    finally:
        db.close()


def _reuse(data_dir: Path, seed: int) -> str:
    """An archive and index built elsewhere (scale_bench.py's, copied), given figures when it
    has none: figures are not indexed, so the index stays in step."""
    _catch_up(data_dir)
    db = archive.open_db(str(data_dir / "gawahi.db"))
    added = add_figures(db, seed) if not db["figures"].count else 0
    # The app rebuilds (in the background, while timing) a folder without the sources' index.
    index.rebuild_sources_if_behind(index.open_source_index(data_dir / "index"), db)
    words = db.execute(
        "SELECT avg(length(narrative) - length(replace(narrative, ' ', '')) + 1) FROM"
        " (SELECT narrative FROM abuse_reports UNION ALL SELECT narrative FROM attack_claims)"
    ).fetchone()[0]
    note = (
        f"{_entries(data_dir):,} entries reused from {data_dir}, narratives of {words:.0f} words"
        f" on average, {db['figures'].count:,} figures ({added:,} added here)"
    )
    db.close()
    return note


def _catch_up(data_dir: Path) -> None:
    """Apply migrations newer than an archive built earlier, without the system revisions
    `archive.migrate` records: the figures add_figures inserts have none on purpose (speed), and
    recording one for each of their entries would take minutes and measure nothing."""
    db = archive.open_db(str(data_dir / "gawahi.db"))
    migrations.chain.register(db)
    migrations.migrations.apply(db)
    db.close()


def time_charts(client, searches: dict[str, list[dict[str, str]]]) -> dict[str, list[float]]:
    """Milliseconds per search kind for the charts JSON, each query cold; under "first
    request" the process's very first (it reads what it then keeps, such as every figure)."""
    started = time.perf_counter()
    assert client.get(charts_url(searches["common word"][-1])).status_code == 200
    first = [(time.perf_counter() - started) * 1000]
    for kind_searches in searches.values():  # every query once, to warm up the process
        for params in kind_searches[:3]:
            assert client.get(charts_url(params)).status_code == 200, params
    timings: dict[str, list[float]] = {kind: [] for kind in searches}
    for kind, kind_searches in searches.items():
        for params in kind_searches:
            forget_queries()
            started = time.perf_counter()
            answer = client.get(charts_url(params))
            timings[kind].append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, (params, answer.status_code)
    return timings | {"first request": first}


def profile(client, searches: list[dict[str, str]]) -> None:
    """Where the time of cold charts requests goes: cProfile's top functions, cumulative."""
    client.get(charts_url(searches[0]))  # warm up the process
    profiler = cProfile.Profile()
    for params in searches:
        forget_queries()
        profiler.enable()
        client.get(charts_url(params))
        profiler.disable()
    print(f"{len(searches)} cold common-word queries, load average {_load(os.getloadavg())}")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def charts_url(params: dict[str, str]) -> str:
    return "/search/charts?" + urlencode(params | {"format": "json"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--per-kind", type=int, default=30)
    parser.add_argument("--data-dir", help="where to build the archive (kept and reused)")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="profile N cold common-word queries (cProfile) instead of timing",
    )
    args = parser.parse_args()
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="gawahi-charts-"))
    note = build(data_dir, args.entries, args.seed)
    if args.build_only:
        print(note)
        return
    app = create_app(
        {"DATA_DIR": str(data_dir), "SECRET_KEY": "bench", "DEMO_CONTENT": False,
         "WTF_CSRF_ENABLED": False}
    )  # fmt: skip
    merger = search_index.get_ix(app.config["INDEX_DIR"]).merger
    if merger is not None:  # no merge runs while timing: the segments stay as built
        merger.stop(timeout=900)
    db = archive.open_db(str(data_dir / "gawahi.db"))
    client = signed_in_client(app, db) if not _has_reader(db) else _sign_in(app)
    searches = queries(args.per_kind)
    if args.profile:
        profile(client, searches["common word"][: args.profile])
        return
    load_before = os.getloadavg()
    timings = time_charts(client, searches)
    load_after = os.getloadavg()
    print(f"Gawahi charts benchmark, {date.today()}, {platform.node()}, "
          f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"whoosh {index.whoosh_version()}")  # fmt: skip
    print(note)
    print(f"{args.per_kind} cold queries per kind; load average before "
          f"{_load(load_before)}, after {_load(load_after)} (2 cores)\n")  # fmt: skip
    print(f"{'search kind':<18}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind, values in timings.items():
        print(f"{kind:<18}{percentile(values, 0.5):>9.1f}{percentile(values, 0.95):>9.1f}"
              f"{max(values):>9.1f}")  # fmt: skip
    print(
        "\n(/search/charts?...&format=json through the Flask test client, signed in as a reader:\n"
        " the timeline, counts by district, type, group, perpetrator and status per category,\n"
        " figures summed per category; cold = the query's cached matches and postings dropped\n"
        " first; target p95 <= 200 ms; no merge of the index's segments runs meanwhile)"
    )


def _has_reader(db) -> bool:
    return db.execute("SELECT 1 FROM users WHERE username = 'bench-reader'").fetchone() is not None


def _sign_in(app):
    client = app.test_client()
    answer = client.post(
        "/sign-in", data={"username": "bench-reader", "password": "a bench pass phrase"}
    )
    assert answer.status_code == 302, answer.status_code
    return client


def _load(values: tuple[float, float, float]) -> str:
    return " ".join(f"{value:.2f}" for value in values)


if __name__ == "__main__":
    main()
