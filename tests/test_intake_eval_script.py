"""bench/intake_eval.py between blind sets: the held-out folder may be empty or absent, and the
scorer says so instead of printing a table of zeros."""

from __future__ import annotations

import json

from bench import intake_eval


def test_an_empty_or_absent_folder_is_said_to_hold_no_articles(tmp_path, capsys):
    empty = tmp_path / "heldout"
    empty.mkdir()
    assert intake_eval.main(["--set", str(empty), "--set", str(tmp_path / "absent")]) == 0
    out = capsys.readouterr().out
    assert out.count("no articles (nothing scored)") == 2
    assert "precision" not in out


def test_a_folder_with_an_article_is_scored(tmp_path, capsys):
    article = {
        "published": "2026-03-05",
        "language": "en",
        "text": "The BLF said its fighters attacked an army camp in Panjgur on Monday.",
        "entries": [{"category": "claim", "type": "armed_attack", "group": "BLF",
                     "district": "Panjgur", "date": "2026-03-02", "date_precision": "day",
                     "figures": [], "passage_contains": "attacked an army camp"}],
    }  # fmt: skip
    (tmp_path / "01-one.json").write_text(json.dumps(article), encoding="utf-8")
    assert intake_eval.main(["--set", str(tmp_path)]) == 0
    claim_row = next(r for r in capsys.readouterr().out.splitlines() if r.startswith("claim"))
    # expected 1, drafted 1, precision 1.00, recall 1.00, every field right
    assert claim_row.split()[1:] == ["1", "1"] + ["1.00"] * 7
