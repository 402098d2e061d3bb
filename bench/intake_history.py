"""The drafts intake's earlier engines made of evaluation articles they had never seen, kept as
training data for the keep filter (bench/intake_train.py).

Today's rules were tuned on every dev article, so on dev they make few extras (28 of about 460
drafts): too few for a model to learn what an extra looks like. Each earlier engine below was
scored once on a set written blind; run on that set and every later one, it makes the extras a
new article gets (leads, background, asides). Annotations are today's.

    python bench/intake_history.py   # rewrites bench/intake_eval/history.json (about 1 min)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "bench" / "intake_eval" / "dev"
HISTORY = ROOT / "bench" / "intake_eval" / "history.json"
# The engine each blind set was scored on once, and the first dev article of that set.
ENGINES = (
    ("fcd53e9", 50),
    ("17dc92b", 70),
    ("8a8c131", 90),
    ("31d26c5", 110),
    ("e28facc", 130),
    ("5049060", 150),
    ("1fb6a9b", 170),
    ("90d6d55", 190),
    ("a80d253", 210),
    ("3e14e71", 230),
)
KEPT = ("category", "type", "passage_start", "passage_end", "group", "perpetrator", "district",
        "place", "date", "date_end", "date_precision", "figures", "attributed_to")  # fmt: skip
# Run inside the old tree: its own engine and its own first-start reference data.
RUNNER = """
import json, sys
from datetime import date
sys.path.insert(0, "bench")
from intake_eval import seeded_vocabulary, suggest_drafts
vocab = seeded_vocabulary()
out = {}
for path in sys.argv[1:]:
    article = json.load(open(path, encoding="utf-8"))
    published = date.fromisoformat(article["published"]) if article.get("published") else None
    out[path] = [d.to_json() for d in suggest_drafts(article["text"], vocab, published)]
print(json.dumps(out))
"""


def article_number(path: Path) -> int:
    """The number a dev article's file name starts with."""
    return int(path.name.split("-", 1)[0])


def engine_drafts(commit: str, paths: list[Path]) -> dict[str, list[dict]]:
    """Drafts of the engine at `commit` for each article, by file path."""
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True)
    with tempfile.TemporaryDirectory() as tree:
        with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
            tar.extractall(tree, filter="data")
        result = subprocess.run([sys.executable, "-c", RUNNER, *map(str, paths)], cwd=tree,
                                capture_output=True, check=True, text=True)  # fmt: skip
    return json.loads(result.stdout)


def main() -> int:
    """Run each earlier engine on the articles it had not seen; write history.json."""
    paths = sorted(DEV.glob("*.json"))
    rows = []
    for commit, first in ENGINES:
        unseen = [p for p in paths if article_number(p) >= first]
        for path, drafts in engine_drafts(commit, unseen).items():
            text = json.loads(Path(path).read_text(encoding="utf-8"))["text"]
            for draft in drafts:
                assert text[draft["passage_start"] : draft["passage_end"]] == draft["passage"]
                row = {key: draft.get(key) for key in KEPT}
                rows.append({"engine": commit, "article": Path(path).name, **row})
        print(f"{commit}: {len(unseen)} articles", file=sys.stderr)
    HISTORY.write_text(json.dumps(rows, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(rows)} drafts -> {HISTORY.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
