"""An attack claim's creation leaves alone the named victims of the abuse report with its id."""

from __future__ import annotations

import archive
from archive.verify import verify

ABUSE = {"title": "Two men taken in Turbat", "abuse_type": "enforced_disappearance",
         "date_precision": "day", "date_start": "2025-09-03", "district": "Kech"}  # fmt: skip
CLAIM = {"title": "BLA claims an attack in Turbat", "group_code": "BLA",
         "claim_type": "armed_attack", "date_precision": "day", "date_start": "2025-09-03",
         "district": "Kech"}  # fmt: skip


def test_a_new_claim_keeps_the_victims_of_the_report_with_the_same_id(db, source_id):
    cited = [{"source_id": source_id, "passage": "Two men were taken."}]
    victims = [{"name": "Zahid Open", "confidential": False}]
    report_id = archive.add_entry(db, "abuse", ABUSE, cited, "tester", victims)
    claim_id = archive.add_entry(db, "claim", CLAIM, cited, "tester")
    assert claim_id == report_id
    shown = archive.get_entry(db, "abuse", report_id, include_confidential=True)["victims"]
    assert [victim["name"] for victim in shown] == ["Zahid Open"]
    assert verify(db).ok, verify(db).problems
