"""Train intake's keep filter (intake/keep.py) from the dev articles and rewrite intake/keep.json;
print its out-of-fold figures first.

    python bench/intake_train.py [--folds 5] [--check]

Each draft is labelled kept (it matches an expected entry, by bench/intake_eval.py's own
matching) or extra. Training drafts: today's rules on every dev article, and each earlier
engine's drafts of the articles it had not seen (bench/intake_eval/history.json, written by
bench/intake_history.py): today's rules were tuned on dev and make few extras there.

The figures that mean something are out of fold: articles are split into folds; for each fold a
model trained on the other folds' articles filters that fold's drafts, which are then scored.
Two sets of drafts are scored: today's rules on dev, and each article's drafts by the engine
that first met it blind ("as new", articles 50-229), the closest thing dev has to a new set.
In-sample figures (the committed model on dev) prove nothing.
`--check` retrains and exits 1 if intake/keep.json differs (tests/test_intake_keep.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intake_eval import CATEGORIES, match_drafts, seeded_vocabulary
from intake_history import ENGINES, HISTORY, article_number

from intake import keep
from intake.suggest import rule_drafts

HERE = Path(__file__).resolve().parent
DEV = HERE / "intake_eval" / "dev"
# Chosen from the out-of-fold table (bench/results-intake.txt, 2026-12-02): the largest cut in
# extras as new that costs no recall as new (at most one point on today's drafts).
THRESHOLD = 0.2
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.4)
C = 0.5  # L2 strength: the fold figures change little between 0.25 and 1
MIN_ARTICLES = 2  # a feature seen in one article only is that article's, not a pattern's


def published_of(article: dict) -> date | None:
    """The article's publication date, if given."""
    return date.fromisoformat(article["published"]) if article.get("published") else None


def labelled(article: dict, drafts: list[dict]) -> list[tuple[set[str], int, dict]]:
    """(features, 1 if kept else 0, draft) for each draft of one article."""
    result = match_drafts(article, drafts)
    matched = {id(draft) for _, draft, _, _ in result["matches"]}
    names = keep.features(article["text"], published_of(article), drafts)
    return [(f, int(id(d) in matched), d) for f, d in zip(names, drafts, strict=True)]


def load() -> list[dict]:
    """Each dev article with today's drafts and the blind-time engines' drafts of it."""
    vocab = seeded_vocabulary()
    history: dict[str, dict[str, list[dict]]] = {}
    for row in json.loads(HISTORY.read_text(encoding="utf-8")):
        history.setdefault(row["article"], {}).setdefault(row["engine"], []).append(row)
    articles = []
    for path in sorted(DEV.glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        text, published = article["text"], published_of(article)
        today = [d.to_json() for d in rule_drafts(text, vocab, published)]
        engines = {}
        for engine, rows in history.get(path.name, {}).items():
            for row in rows:
                row["passage"] = text[row["passage_start"] : row["passage_end"]]
            engines[engine] = labelled(article, rows)
        blind = next((c for c, first in reversed(ENGINES) if article_number(path) >= first), None)
        articles.append({"name": path.name, "article": article, "today": labelled(article, today),
                         "engines": engines, "blind": blind})  # fmt: skip
    return articles


def training_rows(articles: list[dict]) -> list[tuple[set[str], int]]:
    """Every distinct (features, label) of the articles' drafts, today's and earlier engines'."""
    rows = []
    for item in articles:
        seen = set()
        for drafts in [item["today"], *item["engines"].values()]:
            for names, label, _ in drafts:
                key = (frozenset(names), label)
                if key not in seen:
                    seen.add(key)
                    rows.append((names, label))
    return rows


def fit(rows: list[tuple[set[str], int]], articles: list[dict], threshold: float) -> dict:
    """A model as keep.json holds it, trained on `rows`."""
    spread: dict[str, set[str]] = {}
    for item in articles:
        for drafts in [item["today"], *item["engines"].values()]:
            for names, _, _ in drafts:
                for name in names:
                    spread.setdefault(name, set()).add(item["name"])
    columns = sorted(n for n, where in spread.items() if len(where) >= MIN_ARTICLES)
    index = {name: number for number, name in enumerate(columns)}
    cells = [(r, index[n]) for r, (names, _) in enumerate(rows) for n in names if n in index]
    matrix = csr_matrix((np.ones(len(cells)), ([r for r, _ in cells], [c for _, c in cells])),
                        shape=(len(rows), len(columns)))  # fmt: skip
    labels = np.array([label for _, label in rows])
    regression = LogisticRegression(C=C, max_iter=5000).fit(matrix, labels)
    fitted = zip(columns, regression.coef_[0], strict=True)
    weights = {name: round(float(w), 4) for name, w in fitted if abs(w) >= 1e-4}
    return {"threshold": threshold, "intercept": round(float(regression.intercept_[0]), 4),
            "weights": dict(sorted(weights.items()))}  # fmt: skip


def filtered(model: dict, threshold: float | None, drafts: list) -> list[dict]:
    """The drafts (as JSON) a model keeps at `threshold`; all of them when it is None."""
    if threshold is None:
        return [d for _, _, d in drafts]
    ok = keep.decisions(model, [names for names, _, _ in drafts], threshold)
    return [d for (_, _, d), yes in zip(drafts, ok, strict=True) if yes]


def score(pairs: list[tuple[dict, list[dict]]]) -> dict:
    """Per category: expected, drafted, matched over (article, drafts) pairs."""
    totals = {c: {"expected": 0, "drafted": 0, "matched": 0} for c in CATEGORIES}
    for article, drafts in pairs:
        result = match_drafts(article, drafts)
        for entry in article["entries"]:
            totals[entry["category"]]["expected"] += 1
        for draft in drafts:
            totals[draft["category"]]["drafted"] += 1
        for entry, _, _, _ in result["matches"]:
            totals[entry["category"]]["matched"] += 1
    return totals


def out_of_fold(articles: list[dict], folds: int) -> str:
    """The table of rules alone against rules + filter, each fold filtered by a model that
    never saw its articles."""
    settings = (None, *THRESHOLDS)
    today: dict = {t: [] for t in settings}
    as_new: dict = {t: [] for t in settings}
    for fold in range(folds):
        held = [a for n, a in enumerate(articles) if n % folds == fold]
        rest = [a for n, a in enumerate(articles) if n % folds != fold]
        model = fit(training_rows(rest), rest, THRESHOLD)
        for item in held:
            for threshold in settings:
                drafts = filtered(model, threshold, item["today"])
                today[threshold].append((item["article"], drafts))
                if item["blind"]:
                    blind = filtered(model, threshold, item["engines"].get(item["blind"], []))
                    as_new[threshold].append((item["article"], blind))
    lines = [f"out of fold ({folds} folds over {len(articles)} articles)",
             f"{'drafts':<10}{'filter':<9}{'category':<9}{'expected':>9}{'drafted':>9}"
             f"{'precision':>11}{'recall':>8}"]  # fmt: skip
    for name, table in (("today", today), ("as new", as_new)):
        for threshold in settings:
            for category, row in score(table[threshold]).items():
                p = row["matched"] / row["drafted"] if row["drafted"] else 0.0
                r = row["matched"] / row["expected"] if row["expected"] else 0.0
                label = "none" if threshold is None else f">={threshold}"
                lines.append(f"{name:<10}{label:<9}{category:<9}{row['expected']:>9}"
                             f"{row['drafted']:>9}{p:>11.2f}{r:>8.2f}")  # fmt: skip
    return "\n".join(lines)


def differences(committed: dict, trained: dict, tolerance: float = 0.002) -> list[str]:
    """What sets the committed model apart from a fresh training's, beyond `tolerance`.

    Another machine's floating point (its BLAS, its CPU) moves the solver's weights in their
    last digits, so bytes may differ where the model does not; a stale model differs by far more.
    """
    found = []
    if committed["threshold"] != trained["threshold"]:
        found.append(f"threshold {committed['threshold']} != {trained['threshold']}")
    if abs(committed["intercept"] - trained["intercept"]) > tolerance:
        found.append(f"intercept {committed['intercept']} != {trained['intercept']}")
    old, new = committed["weights"], trained["weights"]
    for name in sorted(old.keys() | new.keys()):
        if abs(old.get(name, 0.0) - new.get(name, 0.0)) > tolerance:
            found.append(f"weight {name!r}: {old.get(name, 0.0)} != {new.get(name, 0.0)}")
    return found


def dumped(model: dict) -> str:
    """keep.json's text: the same model always gives the same bytes."""
    return json.dumps(model, indent=0, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the out-of-fold table, then train on every dev article and write keep.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5, help="article folds (default 5)")
    parser.add_argument("--check", action="store_true",
                        help="only check that intake/keep.json is what training gives")  # fmt: skip
    args = parser.parse_args(argv)
    articles = load()
    text = dumped(fit(training_rows(articles), articles, THRESHOLD))
    if args.check:
        committed = json.loads(keep.MODEL.read_text(encoding="utf-8"))
        differs = differences(committed, json.loads(text))
        print("\n".join(differs) or "intake/keep.json is what training gives")
        return 1 if differs else 0
    print(out_of_fold(articles, args.folds))
    keep.MODEL.write_text(text, encoding="utf-8")
    print(f"wrote {keep.MODEL} (threshold {THRESHOLD})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
