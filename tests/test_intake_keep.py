"""The keep filter (intake/keep.py): the drafts a careful officer would not keep are dropped,
a plain report never is, and the committed model is exactly what training on dev gives."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from archive.reference import vocabulary
from intake import keep
from intake.suggest import rule_drafts, suggest_drafts

ROOT = Path(__file__).resolve().parent.parent
MONDAY = date(2025, 9, 8)


@pytest.fixture
def words(db):
    return vocabulary(db)


def test_the_familys_quote_telling_the_taking_again_adds_no_draft(words):
    text = (
        "TURBAT: A college student, Shahzad Baloch, was picked up by FC personnel from his home "
        "in Turbat on Saturday night, his father said.\n\n"
        '"They came in three vehicles and took him away blindfolded," the father told '
        "reporters on Sunday.\n\n"
        "Human Rights Watch, in a separate report last year, described a systematic practice "
        "of enforced disappearances in the province, with hundreds of cases since 2021."
    )
    assert len(rule_drafts(text, words, MONDAY)) == 3  # what the rules alone suggest
    passages = [d.passage[:26] for d in suggest_drafts(text, words, MONDAY)]
    assert passages[0] == "TURBAT: A college student," and len(passages) <= 2
    assert not any(p.startswith('"They came') for p in passages)


def test_a_courts_lead_is_no_entry_but_the_petitions_account_of_the_raid_is(words):
    text = (
        "QUETTA: The Balochistan High Court on Tuesday directed the home department and the CTD "
        "to submit a report on a shopkeeper who his family says has been missing since he was "
        "picked up in Hub in March.\n\n"
        "According to the petition, CTD personnel broke into the family's house in Hub on "
        "March 3, blindfolded the shopkeeper, Rahim Bakhsh, and drove him away.\n\n"
        "The court adjourned the hearing until next week."
    )
    assert len(rule_drafts(text, words, MONDAY)) == 2
    drafts = suggest_drafts(text, words, MONDAY)
    assert [d.passage[:26] for d in drafts] == ["According to the petition,"]


def test_the_only_draft_of_a_text_is_kept_whatever_the_model_says():
    doubtful = {"weights": {}, "intercept": -5.0, "threshold": 0.2}
    assert keep.decisions(doubtful, [{"cat=abuse"}], 0.2) == [True]
    assert keep.decisions(doubtful, [{"cat=abuse"}, {"cat=claim"}], 0.2) == [False, False]


def test_links_follow_the_drafts_kept_and_a_link_to_a_dropped_draft_goes(words, monkeypatch):
    text = (
        "A shopkeeper was picked up by FC personnel in Turbat on Saturday, his brother said.\n\n"
        "Five passengers were killed when a bomb went off near a bus in Dalbandin on Sunday, "
        "officials said. The BLF claimed responsibility for the attack."
    )
    before = rule_drafts(text, words, MONDAY)
    assert [(d.type, d.linked_to) for d in before] == [
        ("enforced_disappearance", None), ("indiscriminate_attack", 2), ("bombing", 1)
    ]  # fmt: skip
    drop = {"weights": {"type=abuse:enforced_disappearance": -20.0}, "intercept": 5.0,
            "threshold": 0.5}  # fmt: skip
    monkeypatch.setattr(keep, "model", lambda: drop)
    after = suggest_drafts(text, words, MONDAY)
    assert [(d.type, d.linked_to) for d in after] == [("indiscriminate_attack", 1), ("bombing", 0)]
    drop["weights"] = {"cat=claim": -20.0}
    after = suggest_drafts(text, words, MONDAY)
    assert [d.linked_to for d in after] == [None, None]


def test_intake_applies_the_model_without_scikit_learn_or_pickle():
    code = (
        "import sys; from intake import keep; keep.model(); "
        "print(any(m.split('.')[0] in ('sklearn', 'pickle', 'joblib') for m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                           text=True, check=True)  # fmt: skip
    assert found.stdout.strip() == "False"


def test_the_committed_model_is_what_training_on_dev_gives():
    found = subprocess.run([sys.executable, "bench/intake_train.py", "--check"], cwd=ROOT,
                           capture_output=True, text=True)  # fmt: skip
    assert found.returncode == 0, found.stdout + found.stderr
