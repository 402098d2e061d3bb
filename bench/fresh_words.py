"""Fresh words for benchmark queries: each drawn once, by how common it is in the archive.

Shared by scale_bench.py (the search pages in the app) and server_bench.py (over HTTP): words of
the archive's own narratives, no stop word alone (the index drops it), and made-up names saved
in one entry each when the archive has too few rare words (the generator has none that rare).
"""

from __future__ import annotations

import json
import random

from search_bench import PLACES

import archive
import index

KINDS = ("one word", "rare word", "two common words", "phrase", "field", "date range",
         "facets", "sorted")  # fmt: skip


class FreshWords:
    """Words of the archive's own narratives, each handed out once, by how common they are."""

    def __init__(self, db, rng: random.Random, sample: int = 2000):
        counts: dict[str, int] = {}
        for row in db.query(
            "SELECT narrative FROM abuse_reports WHERE rowid IN (SELECT value FROM json_each(?))",
            [json.dumps(_rowids(db, "abuse_reports", rng, sample))],
        ):
            for word in row["narrative"].lower().strip(".").split():
                counts[word] = counts.get(word, 0) + 1
        ranked = sorted(counts, key=counts.get, reverse=True)
        self.common = ranked[: len(ranked) // 20]
        self.middle = ranked[len(ranked) // 20 : len(ranked) // 2]
        self.rare = [word for word in ranked if counts[word] == 1]
        self.planted: list[str] = earlier_names(db)
        self.used: set[str] = set()
        self.rng = rng
        self.db = db

    def take(self, band: str) -> str:
        """A word of `band` no query used yet; from the next, rarer band once it runs out."""
        bands = ("common", "middle", "rare", "planted")
        for name in bands[bands.index(band) :]:
            fresh = [w for w in getattr(self, name) if w not in self.used and searchable(w)]
            if fresh:
                word = self.rng.choice(fresh)
                self.used.add(word)
                return word
        raise SystemExit("not enough distinct words for fresh queries: sample more narratives")

    def phrase(self) -> str:
        """Two adjacent words of a random narrative, neither used before."""
        for _ in range(10_000):
            rowid = _rowids(self.db, "attack_claims", self.rng, 1)[0]
            row = next(iter(self.db.query(
                "SELECT narrative FROM attack_claims WHERE rowid >= ? ORDER BY rowid LIMIT 1",
                [rowid],
            )), None)  # fmt: skip
            if row is None:
                continue
            words = row["narrative"].lower().strip(".").split()
            at = self.rng.randrange(len(words) - 1)
            pair = words[at : at + 2]
            if not (set(pair) & self.used) and all(searchable(w) for w in pair):
                self.used.update(pair)
                return " ".join(pair)
        raise SystemExit("no fresh phrase found")


def _rowids(db, table: str, rng: random.Random, count: int) -> list[int]:
    """`count` row ids of `table` drawn by `rng` (the same seed, the same rows: old and new
    code are asked the same queries), out of every id up to the largest."""
    largest = next(db.query(f"SELECT max(rowid) AS top FROM {table}"))["top"] or 0
    return rng.sample(range(1, largest + 1), min(count, largest))


def searchable(word: str) -> bool:
    """A word the index keeps (not a stop word such as "in", which a query may not be alone)."""
    return word.isalpha() and bool(index.analyze(word))


PLANTED_TITLE = "Man taken from his home"
PLANTED_TAIL = (
    "was taken from his home at night by men in plain clothes; his family has had no news of "
    "him since."
)


def plant_names(db, words: FreshWords, count: int) -> None:
    """Give `words` names that each occur in one entry, as a person's name does in real reports.

    The generator's rarest words are in about 1% of entries at 100,000, so without these no
    query has a small answer. Each is saved through the store, so it waits in the index queue:
    the app indexes it at its next request (or a server at start-up), as after a save."""
    source_id = archive.list_sources(db)[0][0]["source_id"]
    for _ in range(count):
        name = "".join(words.rng.choice("bdfghjklmnprstvz") + words.rng.choice("aeiou")
                       for _ in range(5))  # fmt: skip
        record = {"title": PLANTED_TITLE, "abuse_type": "enforced_disappearance",
                  "narrative": f"{name.capitalize()} {PLANTED_TAIL}",
                  "date_precision": "unknown", "status": "alleged"}  # fmt: skip
        cited = [{"source_id": source_id, "passage": "taken from his home"}]
        archive.add_entry(db, "abuse", record, cited, "bench")
        words.planted.append(name)


def plant_if_needed(db, words: FreshWords, needed: int) -> int:
    """Plant `needed` names when the archive has fewer rare words than `needed` rare-word
    queries (a full set: other kinds may draw some of the rare words too); how many were
    planted."""
    have = sum(searchable(word) for word in words.rare) + len(words.planted)
    if have >= needed:
        return 0
    plant_names(db, words, needed - have)
    return needed - have


def earlier_names(db) -> list[str]:
    """The names an earlier run planted: reused, so that a run does not save entries (and set
    off a commit and a merge in the server it measures) when the archive already has them."""
    return [
        row["narrative"].split(" ", 1)[0].lower()
        for row in db.query(
            "SELECT narrative FROM abuse_reports WHERE title = ? AND narrative LIKE ?",
            [PLANTED_TITLE, "% " + PLANTED_TAIL],
        )
    ]


def queries(words: FreshWords, groups: list[str], count: int) -> dict[str, list[tuple]]:
    """(page query, FTS5 match, FTS5 SQL after it) per kind, every word fresh."""
    rng = words.rng
    out: dict[str, list[tuple]] = {kind: [] for kind in KINDS}
    for _ in range(count):
        year = rng.randrange(2015, 2025)
        district = rng.choice(PLACES)[0]
        w = {band: words.take(band) for band in ("middle", "rare")}
        c1, c2, c3, c4 = (words.take("middle") for _ in range(4))
        out["one word"].append(({"q": w["middle"]}, w["middle"], ""))
        out["rare word"].append(({"q": w["rare"]}, w["rare"], ""))
        pair = f"{words.take('common')} {words.take('common')}"
        out["two common words"].append(({"q": pair}, pair, ""))
        phrase = words.phrase()
        out["phrase"].append(({"q": f'"{phrase}"'}, f'"{phrase}"', ""))
        out["field"].append(({"q": f"district:{district} {c1}"}, c1,
                             f"AND district = '{district}'"))  # fmt: skip
        out["date range"].append((
            {"q": c2, "date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}, c2,
            f"AND date_start BETWEEN '{year}-01-01' AND '{year}-12-31'",
        ))  # fmt: skip
        group = rng.choice(groups)
        out["facets"].append(({"q": c3, "group": group, "district": district}, c3,
                              f"AND grp = '{group}' AND district = '{district}'"))  # fmt: skip
        out["sorted"].append(({"q": c4, "sort": "newest"}, c4, "ORDER BY date_start DESC"))
    return out
