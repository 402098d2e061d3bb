"""The index's answer alone, timed per query kind, old code beside new, answers compared.

    .venv/bin/python bench/index_bench.py --data-dir COPY --old-root /work/main
    .venv/bin/python bench/index_bench.py --data-dir COPY --profile phrase   (cProfile, this tree)

Times `index.search` (what the search page calls: counts per category, facets, the shown top
hits, a suggestion) without Flask, snippets or HTTP, for --queries never-asked queries per kind
(every word drawn once, as scale_bench.py draws them). The query set is made once and each tree
answers it in a process of its own (old, new, old again: the second old run has the same warm
page cache as the new one), after warming its generation as a server does at start-up. Prints
p50/p95 of wall and CPU milliseconds per kind with the load average, and checks that every
query got the same counts, facets, suggestion and the same first hits of each category in the
same order from both trees. Reads the data folder only. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Hits compared per category: the first pages of the order, not only the one shown.
COMPARED = 200
KINDS = ("one common word", "one word", "two common words", "phrase", "field", "date range",
         "facets", "sorted")  # fmt: skip


def make_queries(data_dir: str, count: int, seed: int, sample: int) -> dict[str, list[dict]]:
    """`count` never-asked queries of each kind (search parameters), each word used once, as
    fresh_words.queries makes them (a rare word, which needs names planted, is left out)."""
    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE))
    from fresh_words import FreshWords
    from search_bench import PLACES

    import archive
    from archive import reference

    db = archive.open_db(Path(data_dir) / "gawahi.db")
    groups = [group["code"] for group in reference.armed_groups(db)]
    words = FreshWords(db, random.Random(seed), sample)
    rng = words.rng
    asked: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    for _ in range(count):
        year, district = rng.randrange(2015, 2025), rng.choice(PLACES)[0]
        asked["one common word"].append({"q": words.take("common")})
        asked["one word"].append({"q": words.take("middle")})
        asked["two common words"].append({"q": f"{words.take('common')} {words.take('common')}"})
        asked["phrase"].append({"q": f'"{words.phrase()}"'})
        asked["field"].append({"q": f"district:{district} {words.take('middle')}"})
        asked["date range"].append({"q": words.take("middle"), "date_from": f"{year}-01-01",
                                    "date_to": f"{year}-12-31"})  # fmt: skip
        asked["facets"].append({"q": words.take("middle"), "group": rng.choice(groups),
                                "district": district})  # fmt: skip
        asked["sorted"].append({"q": words.take("middle"), "sort": "newest"})
    db.close()
    return asked


def answer_all(root: str, data_dir: str, asked: dict, profile: str | None, repeat: int) -> dict:
    """Run in a process whose `index` is `root`'s: time and record every query's answer (the
    least of `repeat` times, each from nothing kept: the machine's other work counts less)."""
    sys.path.insert(0, root)
    import archive
    import index
    from index.engine.generation import forget_queries, generation

    db = archive.open_db(Path(data_dir) / "gawahi.db")
    ref = index.load_reference(db)
    ix = index.open_index(Path(data_dir) / "index")
    out: dict = {"times": {}, "answers": {}}
    with ix.searcher() as searcher:
        index.warm(searcher)
        gen = generation(searcher)
        for kind, queries in asked.items():
            profiler = cProfile.Profile() if profile == kind else None
            times, answers = [], []
            for params in queries:
                search_params = index.SearchParams(**params)
                best = (float("inf"), float("inf"))
                for attempt in range(repeat):
                    if attempt:
                        forget_queries()  # fresh again: no answer, no posting kept
                    wall, cpu = time.perf_counter(), time.process_time()
                    if profiler:
                        profiler.enable()
                    found = index.search(ix, search_params, ref, searcher=searcher)
                    if profiler:
                        profiler.disable()
                    took = ((time.perf_counter() - wall) * 1000,
                            (time.process_time() - cpu) * 1000)  # fmt: skip
                    best = (min(best[0], took[0]), min(best[1], took[1]))
                times.append(best)
                answers.append(_recorded(found, gen, searcher, search_params, ref))
            out["times"][kind], out["answers"][kind] = times, answers
            if profiler:
                stats = pstats.Stats(profiler, stream=sys.stderr)
                stats.sort_stats("cumulative").print_stats(40)
                stats.sort_stats("tottime").print_stats(25)
    return out


def _recorded(found, gen, searcher, params, ref) -> dict:
    """What must not change: counts, facets, suggestion, the shown hits and the deeper order."""
    from index.engine.generation import stored_ids
    from index.querying import build_query

    built = build_query(params, ref, searcher.schema)
    answer = gen.answer(built.query, built.filter, built.mask, built.sortedby)
    shown, deeper = found.hits.items(), answer.order.items()
    return {
        "counts": found.counts,
        "facets": {name: [list(pair) for pair in pairs] for name, pairs in found.facets.items()},
        "suggestion": found.suggestion,
        "hits": {kind: [[hit.kind, hit.entry_id] for hit in hits] for kind, hits in shown},
        "order": {kind: stored_ids(searcher, list(docs[:COMPARED])) for kind, docs in deeper},
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def run_tree(root: str, data_dir: str, queries_file: str, profile: str | None, repeat: int) -> dict:
    """One tree's answers, from a process of its own (each tree imports its own `index`)."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as result:
        command = [sys.executable, __file__, "--data-dir", data_dir, "--worker", root,
                   "--queries-file", queries_file, "--out", result.name,
                   "--repeat", str(repeat)]  # fmt: skip
        if profile:
            command += ["--profile", profile]
        subprocess.run(command, check=True, cwd=root)
        return json.loads(Path(result.name).read_text())


def differences(old: dict, new: dict) -> list[str]:
    """Each query whose answer differs between the two trees, and how."""
    found = []
    for kind, answers in old["answers"].items():
        for number, (a, b) in enumerate(zip(answers, new["answers"][kind], strict=True)):
            for part in ("counts", "facets", "suggestion", "hits", "order"):
                if a[part] != b[part]:
                    found.append(f"{kind} #{number}: {part} differs")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--queries", type=int, default=30, help="per kind, each fresh")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--sample", type=int, default=4000)
    parser.add_argument("--old-root", help="the checkout of the old code (e.g. /work/main)")
    parser.add_argument("--profile", help="a query kind to profile (cProfile, to stderr)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="answer each query this many times, each from nothing kept, and keep the least",
    )
    parser.add_argument("--queries-file", help="a query set made by an earlier run")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asked = json.loads(Path(args.queries_file).read_text())
        result = answer_all(args.worker, args.data_dir, asked, args.profile, args.repeat)
        Path(args.out).write_text(json.dumps(result))
        return
    queries_file = args.queries_file
    if not queries_file:
        asked = make_queries(args.data_dir, args.queries, args.seed, args.sample)
        queries_file = tempfile.mkstemp(prefix="index-bench-", suffix=".json")[1]
        Path(queries_file).write_text(json.dumps(asked))
        print(f"query set: {queries_file}")
    new_root = str(HERE.parent)
    runs = [("new", new_root)]
    if args.old_root:
        runs = [("old", args.old_root), ("new", new_root), ("old again", args.old_root)]
    results = {}
    for name, root in runs:
        load = os.getloadavg()
        results[name] = run_tree(root, args.data_dir, queries_file, args.profile, args.repeat)
        results[name]["load"] = load
    _print_table(results)
    if args.old_root:
        for name in ("new", "old again"):
            diff = differences(results["old"], results[name])
            total = sum(len(a) for a in results["old"]["answers"].values())
            print(f"answers, old vs {name}: {total - len(set(d.split(':')[0] for d in diff))}"
                  f" of {total} queries the same" + ("" if not diff else ":"))  # fmt: skip
            for line in diff[:20]:
                print("  " + line)


def _print_table(results: dict) -> None:
    names = list(results)
    print("index answer per query (index.search), ms: wall p50/p95, CPU p50/p95")
    print(f"{'query kind':<18}" + "".join(f"{name:>30}" for name in names))
    for kind in KINDS:
        cells = []
        for name in names:
            times = results[name]["times"][kind]
            wall, cpu = [t[0] for t in times], [t[1] for t in times]
            cells.append(f"{percentile(wall, .5):6.1f} {percentile(wall, .95):6.1f} | "
                         f"{percentile(cpu, .5):6.1f} {percentile(cpu, .95):6.1f}")  # fmt: skip
        print(f"{kind:<18}" + "".join(f"{cell:>30}" for cell in cells))
    for name in names:
        load = results[name]["load"]
        print(f"load average before {name}: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
