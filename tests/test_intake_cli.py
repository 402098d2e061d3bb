"""`flask intake suggest FILE`: drafts printed from a fresh data folder, nothing saved."""

from __future__ import annotations

import json
from pathlib import Path

import archive

SEED = (
    Path(__file__).resolve().parent.parent
    / "bench/intake_eval/dev/01-seed-bla-blf-mastung-mand.json"
)
KEYS = {"category", "type", "group", "perpetrator", "district", "place", "date",
        "date_precision", "figures", "attributed_to", "passage"}  # fmt: skip


def suggest(app, path: Path, *options: str):
    return app.test_cli_runner().invoke(args=["intake", "suggest", str(path), *options])


def test_the_seed_gives_nine_drafts_as_json_on_a_fresh_data_folder(empty_app, tmp_path):
    article = json.loads(SEED.read_text(encoding="utf-8"))
    path = tmp_path / "seed.txt"
    path.write_text(article["text"], encoding="utf-8")
    result = suggest(empty_app, path, "--published", "2025-09-07", "--format", "json")
    assert result.exit_code == 0, result.output
    drafts = json.loads(result.output)["drafts"]
    assert len(drafts) == 9
    assert all(set(draft) >= KEYS for draft in drafts)
    assert sorted(d["category"] for d in drafts) == ["abuse"] * 4 + ["claim"] * 5
    convoy = next(d for d in drafts if "Manguchar" in d["passage"])
    assert (convoy["group"], convoy["district"], convoy["date"]) == ("BLA", "Kalat", "2025-08-15")
    db = archive.open_db(empty_app.config["DATABASE"])
    try:
        assert archive.is_empty(db), "suggesting saved something"
    finally:
        db.close()


def test_text_output_reads_the_date_line_of_the_corpus(empty_app, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(" date 2025-03-12 \n\nTwo brothers were picked up by CTD personnel in "
                    "Pasni on Monday, their mother said.", encoding="utf-8")  # fmt: skip
    result = suggest(empty_app, path)
    assert result.exit_code == 0, result.output
    assert "Abuse report" in result.output and "district Gwadar" in result.output
    assert "2025-03-10 (day)" in result.output


def test_an_article_with_no_event_says_so_plainly(empty_app, tmp_path):
    path = tmp_path / "opinion.txt"
    path.write_text("Balochistan needs a political answer, not another operation.", "utf-8")
    text = suggest(empty_app, path)
    assert text.exit_code == 0 and text.output.startswith("No suggestions")
    as_json = json.loads(suggest(empty_app, path, "--format", "json").output)
    assert as_json["drafts"] == [] and as_json["message"].startswith("No suggestions")


def test_urdu_without_known_names_gives_no_suggestions(empty_app, tmp_path):
    path = tmp_path / "urdu.txt"
    path.write_text("آج کوئٹہ میں موسم خوشگوار رہا۔", encoding="utf-8")
    result = suggest(empty_app, path)
    assert result.exit_code == 0 and "No suggestions" in result.output


def test_urdu_naming_a_known_group_gives_its_claim(empty_app, tmp_path):
    path = tmp_path / "urdu-claim.txt"
    path.write_text("بلوچ لبریشن آرمی نے حملے کی ذمہ داری قبول کر لی ہے۔", encoding="utf-8")
    drafts = json.loads(suggest(empty_app, path, "--format", "json").output)["drafts"]
    assert [(d["category"], d["group"]) for d in drafts] == [("claim", "BLA")]


def test_an_empty_file_is_refused_with_a_reason(empty_app, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("   \n", encoding="utf-8")
    result = suggest(empty_app, path)
    assert result.exit_code != 0 and "no text found" in result.output


def test_a_bad_publication_date_is_refused(empty_app, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Text.", encoding="utf-8")
    result = suggest(empty_app, path, "--published", "7 September")
    assert result.exit_code != 0 and "--published" in result.output


def test_json_names_the_perpetrator_by_its_code_and_keeps_the_texts_words(empty_app, tmp_path):
    path = tmp_path / "raid.txt"
    path.write_text("A tailor was picked up by Frontier Corps soldiers in Turbat on Monday, his "
                    "brother said.", encoding="utf-8")  # fmt: skip
    draft = json.loads(suggest(empty_app, path, "--published", "2025-03-12", "--format",
                               "json").output)["drafts"][0]  # fmt: skip
    assert (draft["perpetrator"], draft["perpetrator_words"]) == ("FC", "Frontier Corps")
    assert draft["perpetrator_name"] == "Frontier Corps"


def test_the_drafts_are_described_in_urdu_when_the_console_is(empty_app, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(" date 2025-03-12 \n\nTwo brothers were picked up by CTD personnel in "
                    "Pasni on Monday, their mother said.", encoding="utf-8")  # fmt: skip
    env = {"LANG": "ur_PK.UTF-8", "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None}
    result = empty_app.test_cli_runner().invoke(args=["intake", "suggest", str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert "زیادتی کی رپورٹ" in result.output and "ضلع Gwadar" in result.output
    assert "Abuse report" not in result.output and "district" not in result.output
    opinion = tmp_path / "opinion.txt"
    opinion.write_text("Balochistan needs a political answer, not another operation.", "utf-8")
    said = empty_app.test_cli_runner().invoke(args=["intake", "suggest", str(opinion)], env=env)
    assert said.output.startswith("کوئی تجویز نہیں")
