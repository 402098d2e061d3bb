"""Duplicates through the web: the add forms warn of an incident probably already in the archive
and cite the new source on it in one click; reviewers merge and retract sources."""

from __future__ import annotations

import pytest

import archive

from .test_documenting import SOURCE, counts


def report_form(source_id: int, **changes) -> dict:
    return {
        "title": "Student picked up from Turbat market",
        "abuse_type": "enforced_disappearance",
        "status": "alleged",
        "date_precision": "day",
        "date_start": "2025-03-10",
        "district": "Kech",
        "citations-0-source_id": str(source_id),
        "citations-0-passage": "He was taken from the market.",
        "submission": "token-first-report",
        **changes,
    }


def new_source(db, title: str, body: str) -> int:
    return archive.add_source(db, {"title": title, "body": body}, "tester")


@pytest.fixture
def existing(client, app_db) -> int:
    """An abuse report already in the archive, citing one source."""
    first = new_source(app_db, "Family statement", "They took him from the market.")
    saved = client.post("/abuses/new", data=report_form(first))
    assert saved.status_code == 302
    return int(saved.location.rsplit("/", 1)[1])


@pytest.fixture
def second_report(app_db) -> dict:
    """The same incident two days later, from another source."""
    other = new_source(app_db, "Press report", "A student was picked up in Turbat.")
    return report_form(
        other,
        title="Turbat: student picked up from the market",
        date_start="2025-03-12",
        submission="token-second-report",
        **{"citations-0-passage": "A student was picked up."},
    )


def test_the_add_form_warns_of_a_likely_duplicate_and_saves_nothing(
    client, app_db, existing, second_report
):
    before = counts(app_db)
    response = client.post("/abuses/new", data=second_report)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This may already be in the archive" in page
    assert f'href="/abuses/{existing}"' in page
    assert "same type and district, 2 days apart" in page
    assert f'name="cite_existing" value="{existing}"' in page
    assert "Save as a new entry anyway" in page
    assert counts(app_db) == before


def test_one_click_cites_the_source_on_the_existing_entry(client, app_db, existing, second_report):
    before = counts(app_db)
    data = second_report | {"cite_existing": str(existing)}
    response = client.post("/abuses/new", data=data)
    assert response.location == f"/abuses/{existing}"
    page = client.get(response.location).get_data(as_text=True)
    assert "No new entry was saved" in page and "Press report" in page
    entry = archive.get_entry(app_db, "abuse", existing)
    assert len(entry["citations"]) == 2
    assert counts(app_db)["abuse_reports"] == before["abuse_reports"]
    last = archive.history(app_db, "abuse_report", existing)[-1]
    assert last["action"] == "cite" and "Another source for this incident" in last["reason"]
    # Back and send again: the token is used, nothing is cited twice.
    again = client.post("/abuses/new", data=data)
    assert again.location == f"/abuses/{existing}"
    assert len(archive.get_entry(app_db, "abuse", existing)["citations"]) == 2


def test_save_anyway_saves_a_new_entry(client, app_db, existing, second_report):
    before = counts(app_db)
    response = client.post("/abuses/new", data=second_report | {"save_anyway": "1"})
    assert response.status_code == 302 and response.location != f"/abuses/{existing}"
    assert counts(app_db)["abuse_reports"] == before["abuse_reports"] + 1


def test_a_different_incident_is_saved_without_a_warning(client, app_db, existing, second_report):
    other = second_report | {"title": "Lawyer shot dead outside court", "abuse_type": "killing"}
    other["abuse_type"] = "extrajudicial_killing"
    response = client.post("/abuses/new", data=other)
    assert response.status_code == 302


def test_a_source_with_a_tracking_parameter_points_to_the_existing_one(client, app_db):
    first = client.post("/sources/new", data=SOURCE).location
    before = counts(app_db)
    again = client.post(
        "/sources/new",
        data=SOURCE
        | {"url": SOURCE["url"] + "?utm_source=twitter", "body": "", "submission": "other"},
    )
    assert again.location == first
    assert "tracking parameters" in client.get(first).get_data(as_text=True)
    assert counts(app_db) == before


@pytest.fixture
def twins(app_db, monkeypatch) -> tuple[int, int]:
    """The same statement saved twice (one extra space) before near-duplicates were detected,
    the second cited by an abuse report."""
    from archive import duplicates

    kept = new_source(app_db, "BLF statement", "We claim the attack.")
    with monkeypatch.context() as patch:
        patch.setattr(duplicates, "near_duplicate_source", lambda *args, **kwargs: None)
        merged = new_source(app_db, "BLF statement (copy)", "We claim  the attack.")
    record = {k: v for k, v in report_form(merged).items() if "-" not in k and k != "submission"}
    archive.add_entry(app_db, "abuse", record, [{"source_id": merged, "passage": "We claim."}],
                      "tester")  # fmt: skip
    return kept, merged


def test_a_reviewer_merges_a_source_into_its_twin(client_as, app_db, twins):
    kept, merged = twins
    reviewer = client_as("reviewer")
    page = reviewer.get(f"/sources/{kept}").get_data(as_text=True)
    assert "may be the same document" in page and f"/sources/{merged}/merge?into={kept}" in page
    response = reviewer.post(
        f"/sources/{merged}/merge", data={"kept_id": str(kept), "reason": "Same statement"}
    )
    assert response.location == f"/sources/{kept}"
    assert "BLF statement (copy)" not in reviewer.get("/sources/").get_data(as_text=True)
    old_page = reviewer.get(f"/sources/{merged}").get_data(as_text=True)
    assert "merged into" in old_page and f'href="/sources/{kept}"' in old_page
    kept_page = reviewer.get(f"/sources/{kept}").get_data(as_text=True)
    assert "Student picked up from Turbat market" in kept_page
    history = reviewer.get(f"/sources/{merged}/history").get_data(as_text=True)
    assert "Merged" in history and "Same statement" in history


def test_retracting_a_cited_source_is_refused_with_a_reason(client_as, app_db, twins):
    _, merged = twins
    before = counts(app_db)
    response = client_as("reviewer").post(
        f"/sources/{merged}/retract", data={"reason": "Not reliable"}
    )
    assert response.status_code == 422
    assert "1 entry that is not retracted cites this source" in response.get_data(as_text=True)
    assert counts(app_db) == before


def test_a_reviewer_retracts_an_uncited_source(client_as, app_db, twins):
    kept, _ = twins
    response = client_as("reviewer").post(f"/sources/{kept}/retract", data={"reason": "Fake"})
    assert response.location == f"/sources/{kept}"
    page = client_as("reader").get(f"/sources/{kept}").get_data(as_text=True)
    assert "This source was retracted" in page and "Fake" in page


@pytest.mark.parametrize("action", ["merge", "retract"])
def test_documenters_may_not_merge_or_retract_sources(client_as, app_db, twins, action):
    kept, merged = twins
    before = counts(app_db)
    data = {"kept_id": str(kept), "reason": "Same"}
    response = client_as("documenter").post(f"/sources/{merged}/{action}", data=data)
    assert response.status_code == 403
    assert counts(app_db) == before


def test_a_reader_is_not_told_the_number_of_a_confidential_source_kept_in_a_merge(
    client_as, app_db
):
    kept = archive.add_source(
        app_db, {"title": "Witness statement", "body": "Taken at night.", "confidential": True},
        "tester",
    )  # fmt: skip
    merged = new_source(app_db, "Press report", "Taken at night, a report says.")
    archive.merge_sources(app_db, merged, kept, "test-reviewer", "The same account")
    page = client_as("reader").get(f"/sources/{merged}").get_data(as_text=True)
    assert "merged into another source" in page
    assert f"/sources/{kept}" not in page and f"#{kept}" not in page
    reviewer_page = client_as("reviewer").get(f"/sources/{merged}").get_data(as_text=True)
    assert f'href="/sources/{kept}"' in reviewer_page
