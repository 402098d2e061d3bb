"""Would a sentence model find the acts the rules miss? An out-of-fold probe, nothing shipped.

    python bench/intake_recall_probe.py

A logistic regression over a sentence's words, word pairs and paragraph position flags the
sentences the rules made no draft from that hold an expected entry the rules missed. Trained as
bench/intake_train.py is (today's rules and earlier engines' drafts, 5 folds over articles); for
each fold it prints how many sentences it would flag, how many of them hold a missed entry, and
the precision and recall rules + flagged drafts would reach at best (every flagged sentence
drafted in the right category and matched: an upper bound, no draft is built).
"""

from __future__ import annotations

import sys
from itertools import pairwise
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intake_eval import match_drafts
from intake_train import C, load

from intake import keep
from intake.sentences import sentences

THRESHOLDS = (0.08, 0.12, 0.2, 0.3)
FOLDS = 5


def undrafted(item: dict, drafts: list) -> dict:
    """The sentences with no draft of one engine's drafts, as (features, holds a missed entry),
    with the article's drafted, matched and expected counts."""
    article, text = item["article"], item["article"]["text"]
    found = [d for _, _, d in drafts]
    result = match_drafts(article, found)
    starts = [text.find(entry["passage_contains"]) for entry in result["missed"]]
    every = sentences(text)
    last = max((s.paragraph for s in every), default=0)
    rows = []
    for sentence in every:
        if any(d["passage_start"] < sentence.end and sentence.start < d["passage_end"]
               for d in found):  # fmt: skip
            continue
        words = keep._words(sentence.text)
        names = {f"w={w}" for w in words} | {f"b={a}_{b}" for a, b in pairwise(words)}
        names |= {
            f"para={min(sentence.paragraph, 3)}",
            f"from_end={min(last - sentence.paragraph, 3)}",
        }
        rows.append((names, any(sentence.start <= at < sentence.end for at in starts)))
    counts = (len(found), len(result["matches"]), len(article["entries"]))
    return {"rows": rows, "counts": counts}


def fit(items: list[dict]) -> dict:
    """A sentence model (as keep.json's shape) trained on the items' undrafted sentences."""
    rows, seen = [], set()
    for item in items:
        for run in [item["s_today"], *item["s_engines"].values()]:
            for names, label in run["rows"]:
                key = (item["name"], frozenset(names), label)
                if key not in seen:
                    seen.add(key)
                    rows.append((names, int(label)))
    columns = sorted({n for names, _ in rows for n in names})
    index = {name: number for number, name in enumerate(columns)}
    cells = [(r, index[n]) for r, (names, _) in enumerate(rows) for n in names]
    matrix = csr_matrix((np.ones(len(cells)), ([r for r, _ in cells], [c for _, c in cells])),
                        shape=(len(rows), len(columns)))  # fmt: skip
    labels = np.array([label for _, label in rows])
    regression = LogisticRegression(C=C, max_iter=5000).fit(matrix, labels)
    fitted = zip(columns, regression.coef_[0], strict=True)
    return {"weights": dict(fitted), "intercept": float(regression.intercept_[0])}


def main() -> int:
    """Print the probe's out-of-fold figures for today's rules and for the rules as new."""
    articles = load()
    for item in articles:
        item["s_today"] = undrafted(item, item["today"])
        item["s_engines"] = {e: undrafted(item, d) for e, d in item["engines"].items()}
        blind = item["blind"]
        item["s_blind"] = item["s_engines"].get(blind) or (undrafted(item, []) if blind else None)
    flagged = {k: {t: [0, 0] for t in THRESHOLDS} for k in ("today", "as new")}
    base = {k: [0, 0, 0] for k in ("today", "as new")}
    for fold in range(FOLDS):
        model = fit([a for n, a in enumerate(articles) if n % FOLDS != fold])
        for item in (a for n, a in enumerate(articles) if n % FOLDS == fold):
            for name, run in (("today", item["s_today"]), ("as new", item["s_blind"])):
                if run is None:
                    continue
                base[name] = [a + b for a, b in zip(base[name], run["counts"], strict=True)]
                for threshold in THRESHOLDS:
                    for names, label in run["rows"]:
                        if keep.probability(model, names) >= threshold:
                            flagged[name][threshold][0] += 1
                            flagged[name][threshold][1] += label
    for name, (drafted, matched, expected) in base.items():
        print(f"{name}: rules P {matched / drafted:.2f} R {matched / expected:.2f}")
        for threshold, (count, hits) in flagged[name].items():
            print(f"  >={threshold}: {count} sentences flagged, {hits} hold a missed entry; "
                  f"at best P {(matched + hits) / (drafted + count):.2f} "
                  f"R {(matched + hits) / expected:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
