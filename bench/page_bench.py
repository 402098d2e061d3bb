"""The whole search page in a warm process, never-asked queries, old code beside new.

    .venv/bin/python bench/page_bench.py --data-dir COPY --old-root /work/main
    .venv/bin/python bench/page_bench.py --data-dir COPY --profile     (cProfile, this tree)

Asks --fresh never-asked searches (server_bench.py's mix: every query kind in turn, every word
used once, made-up names planted in the archive when it has too few rare words, so give it a
COPY of an archive) through the Flask test client signed in as a reader, in a process of its
own per tree, after warming it with the benchmark's fixed query set (as a server that has
answered for a while). Each tree runs twice, alternating (old, new, old, new), on the same
URLs. Prints per tree the p50/p95 of wall and CPU milliseconds a page (this thread's CPU:
the app's background merger is kept from running, so both trees answer from the same segments),
the SQL statements a page, the load average, and whether every page's HTML is the same in
both trees (CSRF tokens aside). Not part of `make test`.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
USER, PASSWORD = "bench-page", "a bench pass phrase"
TOKEN = re.compile(rb'name="csrf_token"[^>]*value="[^"]*"|"csrf_token": *"[^"]*"')


def kind_of(url: str) -> str:
    """The query kind a fresh URL was made as (server_bench's mix, in turn)."""
    return url.split("#", 1)[1] if "#" in url else "?"


def make_urls(data_dir: str, count: int, seed: int, sample: int) -> dict[str, list[str]]:
    """`count` never-asked search URLs, each tagged with its kind after a '#' ("fresh"), and
    the benchmark's fixed query set to warm a process with ("warm")."""
    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE))
    from fresh_words import KINDS
    from search_bench import QUERIES, url
    from server_bench import fresh_urls

    import archive
    from archive import users

    urls = fresh_urls(data_dir, count, seed, sample)
    db = archive.open_db(Path(data_dir) / "gawahi.db")
    try:
        users.get_user(db, USER)
    except archive.NotFound:
        users.add_user(db, USER, PASSWORD, "reader", "bench")
    db.close()
    return {
        "fresh": [f"{each}#{KINDS[n % len(KINDS)]}" for n, each in enumerate(urls)],
        "warm": [url(query) for queries in QUERIES.values() for query in queries],
    }


def answer_all(
    root: str, data_dir: str, asked: dict, profile: bool, with_parts: bool = False
) -> dict:
    """In a process whose code is `root`'s: every page's time, SQL statements and HTML digest."""
    urls, warm = asked["fresh"], asked["warm"]
    import sqlite3

    statements = [0]
    connect = sqlite3.connect

    def counted(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(lambda _sql: statements.__setitem__(0, statements[0] + 1))
        return conn

    sqlite3.connect = counted
    sys.path.insert(0, root)  # nothing of this tree is imported first: the other tree's code
    from app import create_app
    from views import search_index

    search_index._nudge = lambda shared: None  # no merge while measuring: same segments
    parts = _timed_parts() if with_parts else {}
    app = create_app({"DATA_DIR": data_dir, "SECRET_KEY": "bench", "DEMO_CONTENT": False})
    client = app.test_client()
    page = client.get("/sign-in").data
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
    signed = client.post("/sign-in", data={"username": USER, "password": PASSWORD,
                                           "csrf_token": token})  # fmt: skip
    assert signed.status_code == 302, signed.status_code
    for path in warm:  # templates, reference lists, the generation, as a server that answered
        client.get(path)
    profiler = cProfile.Profile() if profile else None
    for spent in parts.values():
        spent[0] = 0.0
    out: dict = {"times": [], "sql": [], "digests": []}
    for each in urls:
        path = each.split("#", 1)[0]
        before, wall, cpu = statements[0], time.perf_counter(), time.thread_time()
        if profiler:
            profiler.enable()
        answer = client.get(path)
        if profiler:
            profiler.disable()
        took = ((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
        out["times"].append(took)
        out["sql"].append(statements[0] - before)
        out["digests"].append(hashlib.sha1(TOKEN.sub(b"", answer.data)).hexdigest())
    if profiler:
        profiler.dump_stats(str(Path(tempfile.gettempdir()) / "page-bench.prof"))
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
    with app.app_context():
        search_index.get_ix().close()
    out["parts"] = {name: spent[0] * 1000 / len(urls) for name, spent in parts.items()}
    return out


def _timed_parts() -> dict[str, list[float]]:
    """Wrap the search page's parts in place to sum this thread's CPU in each (not nested:
    each part is timed whole, so an inner part's time is in its caller's too)."""
    import flask

    import index
    from views import search

    spent: dict[str, list[float]] = {}

    def wrap(owner, name: str, label: str) -> None:
        inner, total = getattr(owner, name), spent.setdefault(label, [0.0])

        def timed(*args, **kwargs):
            begun = time.thread_time()
            try:
                return inner(*args, **kwargs)
            finally:
                total[0] += time.thread_time() - begun

        setattr(owner, name, timed)

    wrap(index, "search", "index answer (counts, facets, order)")
    wrap(index, "snippets", "snippets and the entries' read")
    wrap(search, "_sources", "the sources' count")
    wrap(search, "rows", "the entries' rows (links, figures)")
    wrap(search, "_facets", "facet labels")
    wrap(search, "search_form", "the search form")
    wrap(search, "render_template", "the template")
    wrap(flask.Flask, "preprocess_request", "hooks before the view")
    wrap(flask.Flask, "process_response", "finishing the response")
    wrap(flask.Flask, "full_dispatch_request", "the whole request")
    return spent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def run_tree(root: str, data_dir: str, urls_file: str, profile: bool, parts: bool = False) -> dict:
    """One tree's pages, from a process of its own (each tree imports its own app)."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as result:
        command = [sys.executable, __file__, "--data-dir", data_dir, "--worker", root,
                   "--urls-file", urls_file, "--out", result.name]  # fmt: skip
        if profile:
            command.append("--profile")
        if parts:
            command.append("--parts")
        subprocess.run(command, check=True, cwd=root)
        return json.loads(Path(result.name).read_text())


def report(name: str, urls: list[str], result: dict, load: tuple) -> None:
    """One run's line per query kind and in all."""
    kinds: dict[str, list[int]] = {}
    for number, each in enumerate(urls):
        kinds.setdefault(kind_of(each), []).append(number)
    print(f"{name}: load average before {load[0]:.2f} {load[1]:.2f}, after "
          f"{os.getloadavg()[0]:.2f}")  # fmt: skip
    for kind, numbers in [*kinds.items(), ("all", list(range(len(urls))))]:
        wall = [result["times"][n][0] for n in numbers]
        cpu = [result["times"][n][1] for n in numbers]
        sql = [result["sql"][n] for n in numbers]
        print(f"  {kind:<18} wall {percentile(wall, .5):6.1f} {percentile(wall, .95):6.1f}"
              f"   CPU {percentile(cpu, .5):6.1f} {percentile(cpu, .95):6.1f}"
              f"  mean {sum(cpu) / len(cpu):6.1f}   SQL {percentile(sql, .5):3.0f}")  # fmt: skip
    for part, ms in result.get("parts", {}).items():
        print(f"    {part:<40} {ms:6.2f} ms of CPU a page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--fresh", type=int, default=160, help="never-asked pages a run")
    parser.add_argument("--seed", type=int, default=91)
    parser.add_argument("--sample", type=int, default=4000)
    parser.add_argument("--old-root", help="the checkout of the old code (e.g. /work/main)")
    parser.add_argument("--pairs", type=int, default=2, help="old/new runs, alternating")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile this tree, to stderr and page-bench.prof"
    )
    parser.add_argument("--parts", action="store_true", help="CPU ms a page in each part")
    parser.add_argument("--urls-file", help="a URL set made by an earlier run")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asked = json.loads(Path(args.urls_file).read_text())
        result = answer_all(args.worker, args.data_dir, asked, args.profile, args.parts)
        Path(args.out).write_text(json.dumps(result))
        return
    urls_file = args.urls_file
    if not urls_file:
        urls_file = tempfile.mkstemp(prefix="page-bench-", suffix=".json")[1]
        Path(urls_file).write_text(
            json.dumps(make_urls(args.data_dir, args.fresh, args.seed, args.sample))
        )
        print(f"URL set: {urls_file}")
    urls = json.loads(Path(urls_file).read_text())["fresh"]
    new_root = str(HERE.parent)
    runs = [("new", new_root)]
    if args.old_root:
        runs = [("old", args.old_root), ("new", new_root)] * args.pairs
    digests = {}
    for name, root in runs:
        load = os.getloadavg()
        profile = args.profile and name == "new"
        result = run_tree(root, args.data_dir, urls_file, profile, args.parts)
        report(name, urls, result, load)
        digests.setdefault(name, result["digests"])
    if args.old_root:
        same = sum(a == b for a, b in zip(digests["old"], digests["new"], strict=True))
        print(f"pages, old vs new: {same} of {len(urls)} the same HTML (CSRF tokens aside)")


if __name__ == "__main__":
    main()
