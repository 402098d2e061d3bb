"""Score intake's suggested drafts against an evaluation set (format and history:
bench/intake_eval/README.md): per category, precision and recall of entries and the accuracy of each
field, separately for each folder given.

    python bench/intake_eval.py [--set DIR ...] [--verbose]

A draft matches an expected entry of the same category when its passage contains the entry's
`passage_contains` or the two share a sentence; each draft matches one entry at most, the
pairs that agree on most fields first. The reference data is the archive's first-start seed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import archive
from archive.reference import vocabulary as reference_vocabulary
from intake.sentences import sentences
from intake.suggest import suggest_drafts
from intake.vocabulary import Vocabulary

HERE = Path(__file__).resolve().parent
FIELDS = ("type", "actor", "district", "date", "figures")
CATEGORIES = ("claim", "abuse")


def seeded_vocabulary() -> Vocabulary:
    """The reference data of an archive at its first start."""
    db = archive.open_db(None)
    archive.prepare(db)
    try:
        return Vocabulary(reference_vocabulary(db))
    finally:
        db.close()


def field_values(item: dict, category: str) -> dict:
    """The compared fields of an expected entry or a draft's JSON, normalised."""
    if category == "claim":
        actor = item.get("group")
    else:
        actor = item.get("perpetrator_code") or item.get("perpetrator") or None
    figures = frozenset(
        (f["kind"], f.get("count"), f.get("qualifier", "exact")) for f in item.get("figures") or []
    )
    precision = item.get("date_precision") or "unknown"
    return {
        "type": item.get("type"),
        "actor": (actor or "").casefold() or None,
        "district": item.get("district") or None,
        "date": (item.get("date") if precision != "unknown" else None,
                 item.get("date_end") if precision == "range" else None, precision),
        "figures": figures,
    }  # fmt: skip


def candidates(text: str, expected: dict, drafts: list[dict]) -> list[int]:
    """Indexes of the drafts the expected entry may match."""
    needle = expected["passage_contains"]
    at = text.find(needle)
    span = next(((s.start, s.end) for s in sentences(text) if s.start <= at < s.end), None)
    found = []
    for number, draft in enumerate(drafts):
        if draft["category"] != expected["category"]:
            continue
        inside = needle in draft["passage"]
        shared = span and draft["passage_start"] < span[1] and span[0] < draft["passage_end"]
        if inside or shared:
            found.append(number)
    return found


def score_article(article: dict, vocab: Vocabulary) -> dict:
    """Matches, misses and extras of one article."""
    published = date.fromisoformat(article["published"]) if article.get("published") else None
    drafts = [d.to_json() for d in suggest_drafts(article["text"], vocab, published)]
    return match_drafts(article, drafts)


def match_drafts(article: dict, drafts: list[dict]) -> dict:
    """Matches, misses and extras of `drafts` (as JSON) against one article's entries."""
    pairs = []
    for e_number, expected in enumerate(article["entries"]):
        want = field_values(expected, expected["category"])
        for d_number in candidates(article["text"], expected, drafts):
            got = field_values(drafts[d_number], expected["category"])
            agree = sum(want[name] == got[name] for name in FIELDS)
            pairs.append((agree, -d_number, e_number, d_number, want, got))
    pairs.sort(reverse=True)
    used_e, used_d, matches = set(), set(), []
    for _, _, e_number, d_number, want, got in pairs:
        if e_number in used_e or d_number in used_d:
            continue
        used_e.add(e_number)
        used_d.add(d_number)
        matches.append((article["entries"][e_number], drafts[d_number], want, got))
    missed = [e for n, e in enumerate(article["entries"]) if n not in used_e]
    extra = [d for n, d in enumerate(drafts) if n not in used_d]
    return {"matches": matches, "missed": missed, "extra": extra}


def evaluate(folder: Path, vocab: Vocabulary, verbose: bool = False) -> dict:
    """Per category: expected, drafted, matched and field agreements over a folder."""
    totals = {c: {"expected": 0, "drafted": 0, "matched": 0, **dict.fromkeys(FIELDS, 0)}
              for c in CATEGORIES}  # fmt: skip
    for path in sorted(folder.glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        result = score_article(article, vocab)
        for entry in article["entries"]:
            totals[entry["category"]]["expected"] += 1
        for expected, _, want, got in result["matches"]:
            row = totals[expected["category"]]
            row["matched"] += 1
            for name in FIELDS:
                row[name] += want[name] == got[name]
                if verbose and want[name] != got[name]:
                    print(f"  {path.name}: {expected['category']} {name}: "
                          f"expected {want[name]!r}, got {got[name]!r}")  # fmt: skip
        for entry in result["missed"]:
            if verbose:
                print(f"  {path.name}: MISSED {entry['category']} {entry['type']}: "
                      f"{entry['passage_contains']!r}")  # fmt: skip
        for draft in result["extra"]:
            if verbose:
                print(f"  {path.name}: EXTRA {draft['category']} {draft['type']}: "
                      f"{draft['passage'][:90]!r}")  # fmt: skip
        drafted = [m[1] for m in result["matches"]] + result["extra"]
        for draft in drafted:
            totals[draft["category"]]["drafted"] += 1
    return totals


def report(name: str, totals: dict) -> str:
    """The figures of one folder as a small table."""
    lines = [f"{name}", f"{'category':<9}{'expected':>9}{'drafted':>9}{'precision':>11}"
             f"{'recall':>8}" + "".join(f"{f:>10}" for f in FIELDS)]  # fmt: skip
    for category, row in totals.items():
        precision = row["matched"] / row["drafted"] if row["drafted"] else 0.0
        recall = row["matched"] / row["expected"] if row["expected"] else 0.0
        fields = "".join(
            f"{(row[f] / row['matched'] if row['matched'] else 0.0):>10.2f}" for f in FIELDS
        )
        lines.append(f"{category:<9}{row['expected']:>9}{row['drafted']:>9}{precision:>11.2f}"
                     f"{recall:>8.2f}{fields}")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Score each folder given (by default the dev set, then the held-out set) and print its
    table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", action="append", type=Path,
                        help="a folder of evaluation JSON files (repeatable)")  # fmt: skip
    parser.add_argument("--verbose", action="store_true", help="list every miss and extra")
    args = parser.parse_args(argv)
    vocab = seeded_vocabulary()
    for folder in args.sets or [HERE / "intake_eval" / "dev", HERE / "intake_eval" / "heldout"]:
        if not any(folder.glob("*.json")):
            # the held-out folder stays empty between one blind set's scoring and the next's
            print(f"{folder}\nno articles (nothing scored)\n")
            continue
        started = time.perf_counter()
        totals = evaluate(folder, vocab, args.verbose)
        print(report(str(folder), totals))
        print(f"({time.perf_counter() - started:.2f} s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
