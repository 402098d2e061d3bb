"""Confidential values are absent, not hidden, for readers and documenters; reviewers see them."""

from __future__ import annotations

import pytest

import archive

SECRETS = ("Hidden Witness", "Secret testimony", "She saw the van at night")


@pytest.fixture
def case(app_db) -> dict[str, int]:
    """An abuse report naming a confidential victim and citing a confidential source."""
    public = archive.add_source(app_db, {"title": "Public report", "body": "A man was taken."},
                                "tester")  # fmt: skip
    secret = archive.add_source(
        app_db, {"title": "Secret testimony", "body": "Kept.", "confidential": True}, "tester"
    )
    report_id = archive.add_entry(
        app_db, "abuse",
        {"abuse_type": "enforced_disappearance", "title": "Man taken in Turbat",
         "status": "alleged", "date_precision": "unknown"},
        [{"source_id": public, "passage": "A man was taken."},
         {"source_id": secret, "passage": "She saw the van at night"}],
        "tester", victims=[{"name": "Hidden Witness", "confidential": True},
                           {"name": "Open Name", "confidential": False}],
    )  # fmt: skip
    archive.update_entry(app_db, "abuse", report_id, {"victim_count": 3}, "tester", "Third name",
                         victims=[{"name": "Hidden Witness", "confidential": True},
                                  {"name": "Open Name", "confidential": False},
                                  {"name": "Another Hidden", "confidential": True}])  # fmt: skip
    return {"report": report_id, "secret": secret}


def pages(case: dict[str, int]) -> list[str]:
    report, secret = case["report"], case["secret"]
    return [
        "/", "/abuses/", f"/abuses/{report}", f"/abuses/{report}/history", "/sources/",
        f"/sources/{secret}", f"/sources/{secret}/history", f"/sources/{secret}?format=json",
        f"/abuses/{report}?format=json",
    ]  # fmt: skip


@pytest.mark.parametrize("role", ["reader", "documenter"])
def test_uncleared_roles_never_receive_a_confidential_value(client_as, case, role):
    client = client_as(role)
    for url in pages(case):
        body = client.get(url).get_data(as_text=True)
        for secret in (*SECRETS, "Another Hidden"):
            assert secret not in body, f"{secret!r} leaked on {url}"
    assert "Open Name" in client.get(f"/abuses/{case['report']}").get_data(as_text=True)
    assert client.get(f"/sources/{case['secret']}").status_code == 404


@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_cleared_roles_see_confidential_values(client_as, case, role):
    client = client_as(role)
    entry = client.get(f"/abuses/{case['report']}").get_data(as_text=True)
    assert "Hidden Witness" in entry and "She saw the van at night" in entry
    history = client.get(f"/abuses/{case['report']}/history").get_data(as_text=True)
    assert "Another Hidden" in history
    assert "Secret testimony" in client.get(f"/sources/{case['secret']}").get_data(as_text=True)
