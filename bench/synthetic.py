"""Synthetic abuse reports as a spreadsheet: the rows bench/import_bench.py times and
tests/test_store_speed.py counts statements over, written by one function.

Each row cites its own web page and counts its dead (a figure, when the mapping reads it); its
narrative is drawn Zipf-like from a vocabulary with a long tail of made-up names, as real reports
name many places and people once.
"""

from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

DISTRICTS = ["Kech", "Quetta", "Awaran", "Panjgur", "Gwadar", "Khuzdar", "Kalat", "Mastung"]
TYPES = ["enforced_disappearance", "arbitrary_detention", "extrajudicial_killing", "torture"]
COMMON = " ".join(
    ["the men were taken from home by forces in plain clothes and the family was not told",
     "where he is held police refused to register a case protest press club relatives said",
     "students village night raid vehicles witnesses according to the report officials denied"]
).split(" ")  # fmt: skip
HEADER = ["ref", "title", "narrative", "type", "date", "district", "headline", "outlet", "url",
          "passage", "killed"]  # fmt: skip
MAPPING = {
    "name": "synthetic",
    "external_id": "ref",
    "category": {"value": "abuse"},
    "fields": {"title": "title", "narrative": "narrative", "abuse_type": "type",
               "date_start": "date", "district": "district"},
    "citations": [{"source": {"title": "headline", "outlet": "outlet", "url": "url"},
                   "passage": "passage"}],
    "figures": [{"count": "killed", "kind": "killed", "qualifier": "exact",
                 "given_by": "media"}],
}  # fmt: skip


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Common words plus a long tail of made-up names, with Zipf-like weights."""
    tail = ["".join(rng.choice("abdeghijklmnoqrstuwyz") for _ in range(rng.randint(4, 9)))
            for _ in range(20_000)]  # fmt: skip
    words = COMMON + tail
    return words, [1 / (rank + 1) for rank in range(len(words))]


def write_rows(path: Path, rows: int, words: int = 600, seed: int = 7) -> Path:
    """A CSV of `rows` synthetic reports (narratives of `words` words on average); its path.
    Row n is "Report n", cites https://bench.example/n and counts n % 3 + 1 dead."""
    rng = random.Random(seed)
    vocab, weights = vocabulary(rng)
    # The same draws as passing `weights`, without summing 20,000 weights again for each row.
    cumulative = list(itertools.accumulate(weights))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(rows):
            count = max(50, int(rng.gauss(words, words / 4)))
            text = " ".join(rng.choices(vocab, cum_weights=cumulative, k=count))
            day = f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            writer.writerow([f"B{number}", f"Report {number}: {text[:60]}", text,
                             rng.choice(TYPES), day, rng.choice(DISTRICTS),
                             f"Report {number}", "Bench Wire", f"https://bench.example/{number}",
                             text[:300], str(number % 3 + 1)])  # fmt: skip
    return path
