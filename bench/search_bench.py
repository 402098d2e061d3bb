"""Search benchmark: a seeded synthetic archive, the search page timed per query kind, FTS5 beside.

    .venv/bin/python bench/search_bench.py --entries 10000

Prints a table. Not part of `make test`: it measures, it does not assert.
"""

from __future__ import annotations

import argparse
import itertools
import platform
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import archive
import index
from app import create_app
from archive import reference, users
from index.engine.generation import forget_queries

PLACES = [
    ("Mastung", "Khadkucha"), ("Kech", "Mand"), ("Kech", "Turbat"), ("Quetta", "New Sariab"),
    ("Kalat", "Manguchar"), ("Khuzdar", "Zehri"), ("Awaran", "Jhal Jhao"), ("Panjgur", "Chitkan"),
    ("Gwadar", "Pasni"), ("Kachhi", "Dhadar"), ("Dera Bugti", "Sui"), ("Nushki", "Killi"),
]  # fmt: skip
WORDS = [
    "security",
    "forces",
    "abducted",
    "students",
    "activists",
    "journalists",
    "night",
    "raid",
    "house",
    "village",
    "road",
    "highway",
    "convoy",
    "checkpoint",
    "police",
    "station",
    "soldiers",
    "fighters",
    "spokesperson",
    "statement",
    "claimed",
    "killed",
    "injured",
    "bodies",
    "found",
    "hospital",
    "family",
    "relatives",
    "protest",
    "sit-in",
    "press",
    "club",
    "missing",
    "persons",
    "commission",
    "court",
    "petition",
    "detained",
    "released",
    "tortured",
    "custody",
    "camp",
    "operation",
    "drone",
    "shelling",
    "civilians",
    "displaced",
    "market",
    "school",
    "teacher",
    "doctor",
    "lawyer",
    "labourer",
    "driver",
    "shepherd",
    "mobile",
    "network",
    "curfew",
    "funeral",
    "investigation",
    "witnesses",
    "testimony",
    "confirmed",
    "denied",
    "officials",
    "district",
    "administration",
    "levies",
    "frontier",
    "corps",
    "counter",
    "terrorism",
    "department",
    "intelligence",
    "agencies",
    "grenade",
    "explosion",
    "blockade",
    "attack",
    "ambush",
    "weapons",
    "seized",
    "vehicle",
    "burnt",
    "office",
    "company",
    "workers",
    "mine",
    "coal",
    "gas",
    "pipeline",
    "border",
    "fence",
    "fishermen",
    "boats",
    "trawler",
    "port",
]
PHRASES = ["enforced disappearance", "extrajudicial killing", "mass grave", "press release",
           "security forces", "Quetta-Karachi highway", "missing persons"]  # fmt: skip
OUTLETS = ["The Balochistan Post", "Dawn", "ET News", "HRCP", "Amnesty International",
           "Human Rights Watch", "BBC Urdu", "Voice for Baloch Missing Persons"]  # fmt: skip
QUERIES = {
    "one word": ["Mastung", "convoy", "teacher", "drone", "fishermen"],
    "several words": ["students abducted Quetta", "bodies found road", "police station grenade"],
    "phrase": ['"enforced disappearance"', '"security forces"', '"mass grave"'],
    "field": ["district:Kech", "group:BLA convoy", "type:mass_grave"],
    "date range": ["q=raid&date_from=2023-01-01&date_to=2023-12-31",
                   "q=Mastung&date_from=2024-06-01&date_to=2024-08-31"],
    "facets": ["q=attack&group=BLA&district=Kalat", "q=missing&category=abuse&year=2024"],
    "sorted": ["q=checkpoint&sort=newest", "q=Turbat&sort=oldest"],
}  # fmt: skip


# The same searches for FTS5 (match, then SQL after it), in the order of QUERIES.
FTS5_QUERIES = {
    "one word": [("mastung", ""), ("convoy", ""), ("teacher", ""), ("drone", ""),
                 ("fishermen", "")],
    "several words": [("students abducted quetta", ""), ("bodies found road", ""),
                      ("police station grenade", "")],
    "phrase": [('"enforced disappearance"', ""), ('"security forces"', ""),
               ('"mass grave"', "")],
    "field": [("kech", ""), ("convoy", "AND grp = 'BLA'"), ("mass grave", "")],
    "date range": [("raid", "AND date_start BETWEEN '2023-01-01' AND '2023-12-31'"),
                   ("mastung", "AND date_start BETWEEN '2024-06-01' AND '2024-08-31'")],
    "facets": [("attack", "AND grp = 'BLA' AND district = 'Kalat'"),
               ("missing", "AND kind = 'abuse' AND date_start LIKE '2024%'")],
    "sorted": [("checkpoint", "ORDER BY date_start DESC"), ("turbat", "ORDER BY date_start")],
}  # fmt: skip


SYLLABLES = ["ba", "lo", "chi", "ka", "ran", "mir", "zai", "dur", "pa", "sha", "go", "tan",
             "ni", "har", "ul", "ab", "sar", "kho", "dim", "ja"]  # fmt: skip


def vocabulary(rng: random.Random, tail: int = 6000) -> tuple[list[str], list[float]]:
    """Words with Zipf-like weights: the domain words spread over the ranks, then a long tail of
    made-up names (people, villages) that each appear rarely, as in real reports."""
    made_up = {
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(tail)
    }
    words = list(WORDS)
    rng.shuffle(words)
    ranked = [word for pair in zip(words, sorted(made_up), strict=False) for word in pair]
    ranked += sorted(made_up)[len(words) :]
    return ranked, list(itertools.accumulate(1 / (rank + 2) for rank in range(len(ranked))))


def text(rng: random.Random, words: int, vocab: tuple[list[str], list[float]]) -> str:
    """A narrative of `words` words: domain words, phrases and places, Zipf-distributed."""
    out = []
    ranked, cumulative = vocab
    while len(out) < words:
        roll = rng.random()
        if roll < 0.03:
            out += rng.choice(PHRASES).split()
        elif roll < 0.06:
            out.append(rng.choice(PLACES)[rng.randrange(2)])
        else:
            out += rng.choices(ranked, cum_weights=cumulative, k=8)
    return " ".join(out[:words]).capitalize() + "."


def generate(db, entries: int, seed: int, words: tuple[int, ...] = (50, 400)) -> None:
    """Fill `db` with `entries` entries of both categories, each with one to three citations
    and a narrative of `words` (fewest, most[, most often]) words."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    abuse_types = list(reference.type_labels(db, "abuse_types"))
    claim_types = list(reference.type_labels(db, "claim_types"))
    groups = [group["code"] for group in reference.armed_groups(db)]
    first = date(2015, 1, 1)
    with archive.write_transaction(db):
        sources = [
            archive.add_source(
                db,
                {"title": text(rng, rng.randint(6, 12), vocab), "outlet": rng.choice(OUTLETS),
                 "published": (first + timedelta(days=rng.randrange(3650))).isoformat()},
                "bench",
            )
            for _ in range(max(entries // 10, 10))
        ]  # fmt: skip
    for start in range(0, entries, 1000):
        with archive.write_transaction(db):
            for _ in range(start, min(start + 1000, entries)):
                _add(db, rng, vocab, sources, abuse_types, claim_types, groups, first, words)


def _length(rng: random.Random, words: tuple[int, ...]) -> int:
    """A narrative's length: uniform in (fewest, most), or (fewest, most, most often)."""
    return round(rng.triangular(*words)) if len(words) == 3 else rng.randint(*words)


def _add(db, rng, vocab, sources, abuse_types, claim_types, groups, first, words) -> None:
    district, place = rng.choice(PLACES)
    day = first + timedelta(days=rng.randrange(3650))
    record = {
        "title": text(rng, rng.randint(5, 12), vocab),
        "narrative": text(rng, _length(rng, words), vocab),
        "date_precision": rng.choice(["day", "day", "day", "month", "unknown"]),
        "date_start": day.isoformat() if rng.random() > 0.0 else None,
        "district": district,
        "place": place,
        "province": "Balochistan",
    }
    if record["date_precision"] == "month":
        record["date_start"] = day.isoformat()[:7]
    citations = [
        {"source_id": rng.choice(sources), "passage": text(rng, rng.randint(10, 40), vocab)}
        for _ in range(rng.randint(1, 3))
    ]
    if rng.random() < 0.55:
        record |= {"abuse_type": rng.choice(abuse_types), "status": "alleged",
                   "perpetrator": rng.choice(["Frontier Corps", "CTD", "Police", ""])}  # fmt: skip
        archive.add_entry(db, "abuse", record, citations, "bench")
    else:
        record |= {"group_code": rng.choice(groups), "claim_type": rng.choice(claim_types),
                   "claim_medium": "media_statement", "status": "claimed"}  # fmt: skip
        archive.add_entry(db, "claim", record, citations, "bench")


def url(query: str) -> str:
    return "/search?" + (query if "=" in query else urlencode({"q": query}))


def time_searches(
    client, fts: sqlite3.Connection, rounds: int
) -> dict[str, dict[str, list[float]]]:
    """Milliseconds per query kind: the search page "cold", with the query caches emptied
    before (a query nobody asked since the last save), then "warm", asked again, then FTS5.

    Each FTS5 query runs right after the same query on the page: this virtual machine's speed
    changes in phases of minutes, and the ratio must compare figures taken in the same phase."""
    for kind, queries in QUERIES.items():  # every page and FTS5 query once, to warm up
        for query, (match, extra) in zip(queries, FTS5_QUERIES[kind], strict=True):
            assert client.get(url(query)).status_code == 200, query
            fts5_ms(fts, match, extra)
    timings = {state: {kind: [] for kind in QUERIES} for state in ("cold", "warm", "FTS5")}
    for _ in range(rounds):
        for kind, queries in QUERIES.items():
            for query, (match, extra) in zip(queries, FTS5_QUERIES[kind], strict=True):
                forget_queries()
                for state in ("cold", "warm"):
                    started = time.perf_counter()
                    client.get(url(query))
                    timings[state][kind].append((time.perf_counter() - started) * 1000)
                timings["FTS5"][kind].append(fts5_ms(fts, match, extra))
    return timings


def signed_in_client(app, db):
    """A test client signed in as a reader, as researchers use the search page."""
    users.add_user(db, "bench-reader", "a bench pass phrase", "reader", "bench")
    client = app.test_client()
    answer = client.post(
        "/sign-in", data={"username": "bench-reader", "password": "a bench pass phrase"}
    )
    assert answer.status_code == 302, answer.status_code
    return client


def build_fts5(db_path: str) -> sqlite3.Connection:
    """SQLite FTS5 over the same rows, the reference for what an embedded index can do here.
    A table an earlier run built over the same archive is kept, and given the entries added
    since (building it at 100,000 real-length entries takes minutes)."""
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA mmap_size = 1073741824")
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS bench_fts USING fts5(kind UNINDEXED, "
        "entry_id UNINDEXED, district UNINDEXED, grp UNINDEXED, date_start UNINDEXED, title, "
        "body, passages, tokenize='porter unicode61 remove_diacritics 2')"
    )
    for kind, table, pk, grp in (("abuse", "abuse_reports", "report_id", "''"),
                                 ("claim", "attack_claims", "claim_id", "group_code")):  # fmt: skip
        conn.execute(
            f"""INSERT INTO bench_fts SELECT '{kind}', e.{pk}, e.district, {grp}, e.date_start,
                e.title, e.narrative, (SELECT group_concat(c.passage || ' ' || s.title, ' ')
                FROM citations c JOIN sources s USING (source_id) WHERE c.{pk} = e.{pk})
                FROM {table} e WHERE e.{pk} > (SELECT coalesce(max(entry_id), 0)
                FROM bench_fts WHERE kind = '{kind}')"""
        )
    conn.commit()
    return conn


def fts5_ms(conn: sqlite3.Connection, match: str, extra: str) -> float:
    """Milliseconds for one FTS5 search as the page does it: exact count, top 20, snippets."""
    order = "" if extra.startswith("ORDER") else "ORDER BY rank"
    where = "" if extra.startswith("ORDER") else extra
    sort = extra if extra.startswith("ORDER") else order
    started = time.perf_counter()
    conn.execute(
        f"SELECT count(*) FROM bench_fts WHERE bench_fts MATCH ? {where}", [match]
    ).fetchone()
    conn.execute(
        f"SELECT kind, entry_id, snippet(bench_fts, 6, '<mark>', '</mark>', '…', 24)"
        f" FROM bench_fts WHERE bench_fts MATCH ? {where} {sort} LIMIT 20",
        [match],
    ).fetchall()
    return (time.perf_counter() - started) * 1000


def save_to_searchable(app, client, db, times: int) -> list[float]:
    """Milliseconds from saving an entry to finding it on the search page."""
    found = []
    source_id = archive.list_sources(db)[0][0]["source_id"]
    run = "".join(random.choices("abcdefghijklmnopqrstuvwxyz", k=8))  # a reused archive has
    for number in range(times):  # the words of earlier runs
        word = f"zqx{number}bench{run}"
        started = time.perf_counter()
        record = {"title": f"Bench save {word}", "abuse_type": "other", "narrative": word,
                  "date_precision": "unknown", "status": "alleged"}  # fmt: skip
        archive.add_entry(db, "abuse", record, [{"source_id": source_id, "passage": "p"}], "b")
        client.get("/")  # the request after a save drains the queue, as a form post would
        data = client.get(url(word) + "&format=json").json
        assert data["counts"]["abuse"] == 1, data
        found.append((time.perf_counter() - started) * 1000)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data-dir", help="where to build the archive (kept, for server_bench)")
    args = parser.parse_args()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="gawahi-bench-")
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    db_path = str(Path(data_dir) / "gawahi.db")
    db = archive.open_db(db_path)
    archive.prepare(db)
    started = time.perf_counter()
    generate(db, args.entries, args.seed)
    generated = time.perf_counter() - started
    ix = index.open_index(Path(data_dir) / "index")
    started = time.perf_counter()
    indexed = index.rebuild(ix, db)
    rebuild_seconds = time.perf_counter() - started
    app = create_app(
        {"DATA_DIR": data_dir, "SECRET_KEY": "bench", "DEMO_CONTENT": False,
         "WTF_CSRF_ENABLED": False}
    )  # fmt: skip
    client = signed_in_client(app, db)
    fts = build_fts5(db_path)
    timings = time_searches(client, fts, args.rounds)
    fts.close()
    saves = save_to_searchable(app, client, db, 5)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    index_mb = sum(f.stat().st_size for f in (Path(data_dir) / "index").iterdir()) / 2**20
    print(f"Gawahi search benchmark, {date.today()}, {platform.node()}, "
          f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"whoosh {index.whoosh_version()}")  # fmt: skip
    print(f"{args.entries:,} entries (seed {args.seed}), generated in {generated:.0f} s;"
          f" {args.rounds} rounds per query\n")  # fmt: skip
    print(f"{'':<16}{'--- cold ---':>18}{'--- warm ---':>18}{'--- FTS5 ---':>18}"
          f"{'cold/FTS5':>11}")  # fmt: skip
    print(f"{'query kind':<16}" + f"{'p50 ms':>9}{'p95 ms':>9}" * 3 + f"{'p50':>11}")
    for kind in QUERIES:
        cold, warm = timings["cold"][kind], timings["warm"][kind]
        c50, c95 = percentile(cold, 0.5), percentile(cold, 0.95)
        w50, w95 = percentile(warm, 0.5), percentile(warm, 0.95)
        f50, f95 = percentile(timings["FTS5"][kind], 0.5), percentile(timings["FTS5"][kind], 0.95)
        print(
            f"{kind:<16}{c50:>9.1f}{c95:>9.1f}{w50:>9.1f}{w95:>9.1f}{f50:>9.1f}{f95:>9.1f}"
            f"{c50 / f50:>10.1f}x"
        )
    print()
    print(f"save to searchable: p50 {percentile(saves, 0.5):.0f} ms, max {max(saves):.0f} ms")
    print(
        f"rebuild: {indexed:,} entries in {rebuild_seconds:.1f} s"
        f" = {indexed / rebuild_seconds:.0f} entries/s (procs=2, multisegment, limitmb=256)"
    )
    print(f"index size: {index_mb:.0f} MB; peak memory of this process: {peak_mb:.0f} MB")
    print(
        "(the whole search page through the Flask test client, signed in: exact counts per\n"
        " category, 8 facets, 10 highlighted results per category; cold = the query's cached\n"
        " matches dropped first, warm = asked again in the same index generation)"
    )


if __name__ == "__main__":
    main()
