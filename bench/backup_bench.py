"""Backup benchmark: back up a large archive while two clients write, restore it, verify it.

    .venv/bin/python bench/backup_bench.py --entries 20000

Builds a seeded synthetic archive (narratives of about 600 words, as real reports are), starts
two writer processes adding entries through the store, takes `flask backup`'s copy while they
write, stops them, restores the copy into a fresh data folder (`flask restore`: every hash
checked, index rebuilt) and runs `flask verify` on it. Prints time, size and what was checked.
Not part of `make test`: it measures, it does not assert.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import archive
from app import create_app
from archive import backups, reference
from bench.search_bench import OUTLETS, PLACES, text, vocabulary

BATCH = 500
FILES = 50
FILE_BYTES = 200_000


def build(db, entries: int, seed: int) -> None:
    """`entries` entries of both categories, narratives of 450 to 750 words, one citation each."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    abuse_types = list(reference.type_labels(db, "abuse_types"))
    groups = [group["code"] for group in reference.armed_groups(db)]
    claim_types = list(reference.type_labels(db, "claim_types"))
    first = date(2015, 1, 1)
    with archive.write_transaction(db):
        sources = [
            archive.add_source(db, {"title": text(rng, 8, vocab), "outlet": rng.choice(OUTLETS),
                                    "body": text(rng, 300, vocab)}, "bench")
            for _ in range(max(entries // 20, 10))
        ]  # fmt: skip
        for number in range(FILES):  # sources kept as files: their hashes are checked too
            content = rng.randbytes(FILE_BYTES)
            leaflet = archive.SourceFile(f"leaflet-{number}.pdf", "application/pdf", content)
            archive.add_source(db, {"title": f"Leaflet {number}", "source_type": "other"},
                               "bench", leaflet)  # fmt: skip
    for start in range(0, entries, BATCH):
        with archive.write_transaction(db):
            for _ in range(start, min(start + BATCH, entries)):
                district, place = rng.choice(PLACES)
                day = first + timedelta(days=rng.randrange(3650))
                record = {"title": text(rng, 8, vocab), "date_precision": "day",
                          "narrative": text(rng, rng.randint(450, 750), vocab),
                          "district": district, "place": place,
                          "date_start": day.isoformat()}  # fmt: skip
                cited = [{"source_id": rng.choice(sources), "passage": text(rng, 20, vocab)}]
                if rng.random() < 0.55:
                    record |= {"abuse_type": rng.choice(abuse_types), "status": "alleged"}
                    archive.add_entry(db, "abuse", record, cited, "bench")
                else:
                    record |= {"group_code": rng.choice(groups), "status": "claimed",
                               "claim_type": rng.choice(claim_types)}  # fmt: skip
                    archive.add_entry(db, "claim", record, cited, "bench")


def client(path: str, number: int, stop, written) -> None:
    """A client writing entries through the store, one transaction each, until told to stop."""
    rng = random.Random(number)
    vocab = vocabulary(rng, tail=500)
    db = archive.open_db(path)
    source = archive.add_source(db, {"title": f"Client {number}", "body": f"Text {number}."}, "c")
    while not stop.is_set():
        record = {"title": f"Client {number} entry", "narrative": text(rng, 600, vocab),
                  "abuse_type": "enforced_disappearance", "date_precision": "unknown",
                  "status": "alleged"}  # fmt: skip
        archive.add_entry(db, "abuse", record, [{"source_id": source, "passage": "P."}], "c")
        with written.get_lock():
            written.value += 1
    db.close()


def entry_ids(db) -> set[tuple[str, int]]:
    return {
        (kind, entry_id) for kind in archive.CATEGORIES for entry_id in archive.entry_ids(db, kind)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gawahi-backup-bench-"))
    live = create_app({"DATA_DIR": str(work / "live"), "DEMO_CONTENT": False, "SECRET_KEY": "b"})
    db = archive.open_db(live.config["DATABASE"])
    started = time.perf_counter()
    build(db, args.entries, args.seed)
    print(f"Built {args.entries} entries in {time.perf_counter() - started:.0f} s")

    stop, written = multiprocessing.Event(), multiprocessing.Value("i", 0)
    path = live.config["DATABASE"]
    clients = [multiprocessing.Process(target=client, args=(path, n, stop, written))
               for n in range(2)]  # fmt: skip
    for process in clients:
        process.start()
    while written.value < 20:  # both clients under way
        time.sleep(0.05)
    before = entry_ids(db)  # committed before the backup starts
    written_before = written.value
    started = time.perf_counter()
    folder = backups.backup(db, work / "backups", "bench")
    backup_seconds = time.perf_counter() - started
    written_during = written.value - written_before
    time.sleep(1)
    stop.set()
    for process in clients:
        process.join()
    manifest = backups.check_backup(folder)
    size = manifest["files"][backups.DATABASE]["size"]

    restored = create_app(
        {"DATA_DIR": str(work / "restored"), "DEMO_CONTENT": False, "SECRET_KEY": "b"}
    )
    runner = restored.test_cli_runner()
    started = time.perf_counter()
    result = runner.invoke(args=["restore", str(folder)])
    restore_seconds = time.perf_counter() - started
    started = time.perf_counter()
    verified = runner.invoke(args=["verify"])
    verify_seconds = time.perf_counter() - started
    back = archive.open_db(restored.config["DATABASE"])
    lost = before - entry_ids(back)
    in_copy = len(entry_ids(back))

    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version},"
          f" {multiprocessing.cpu_count()} cores")  # fmt: skip
    print(f"Archive: {len(before)} entries when the backup started; database {size / 1e6:.0f} MB")
    print(f"Backup: {backup_seconds:.1f} s ({size / 1e6 / backup_seconds:.0f} MB/s), while two"
          f" clients wrote {written_during} entries; {written.value} written in all")  # fmt: skip
    print(f"Copy holds {in_copy} entries; committed before the backup but missing: {len(lost)}")
    print(f"Restore (every hash checked, migrations, index rebuilt): {restore_seconds:.1f} s,"
          f" exit {result.exit_code}")  # fmt: skip
    print(result.output.strip())
    print(
        f"flask verify on the restored archive: {verify_seconds:.1f} s, exit {verified.exit_code}"
    )
    print(verified.output.strip())
    back.close()
    db.close()


if __name__ == "__main__":
    main()
