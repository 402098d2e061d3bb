"""Victims' fates: what happened to each named victim over time, dated, cited, never lost."""

from __future__ import annotations

import sqlite3

import pytest

import archive
from archive.verify import verify

DISAPPEARANCE = {
    "title": "Student taken from Turbat bazaar",
    "abuse_type": "enforced_disappearance",
    "date_precision": "day",
    "date_start": "2019-05-01",
    "district": "Kech",
}
TAKEN = {"status": "missing", "date_precision": "day", "date_start": "2019-05-01"}
FOUND = {"status": "found_dead", "date_precision": "day", "date_start": "2025-03-14"}


def cite(source_id: int, passage: str = "He was taken by men in plain clothes.") -> list[dict]:
    return [{"source_id": source_id, "passage": passage}]


def disappearance(db, source_id: int, victims: list[dict] | None = None) -> int:
    victims = victims or [{"name": "Zahid Open", "confidential": False}]
    return archive.add_entry(db, "abuse", DISAPPEARANCE, cite(source_id), "tester", victims)


def first_key(db, report_id: int) -> int:
    return next(iter(archive.victim_labels(db, report_id)))


def statuses(db, report_id: int, cleared: bool = True) -> list[list[str]]:
    victims = archive.victims_with_fates(db, report_id, cleared)
    return [[fate["status"] for fate in victim["history"]] for victim in victims]


# The store


def test_fate_changes_are_kept_in_date_order_with_the_latest_as_current(db, source_id):
    report = disappearance(db, source_id)
    key = first_key(db, report)
    archive.record_fate(db, report, key, FOUND, cite(source_id, "His body was found."), "ayesha")
    # Recorded later, but it happened first: the body found in 2025 stays the current status.
    archive.record_fate(db, report, key, TAKEN, cite(source_id), "bilal")
    (victim,) = archive.victims_with_fates(db, report, include_confidential=True)
    assert [fate["status"] for fate in victim["history"]] == ["missing", "found_dead"]
    assert victim["current"]["status"] == "found_dead"
    assert victim["current"]["date"] == "14 March 2025"
    assert victim["current"]["created_by"] == "ayesha"
    assert victim["current"]["citations"][0]["passage"] == "His body was found."
    assert archive.current_statuses(db, [report]) == {report: ["found_dead"]}


def test_a_fate_change_is_a_revision_and_requeues_the_report(db, source_id):
    report = disappearance(db, source_id)
    queued = db["index_queue"].count
    archive.record_fate(db, report, first_key(db, report), TAKEN, cite(source_id), "ayesha")
    last = archive.history(db, "abuse_report", report)[-1]
    assert (last["action"], last["actor"]) == ("fate", "ayesha")
    assert last["changes"]["fates"][1]["status"] == "missing"
    assert db["index_queue"].count == queued + 1


@pytest.mark.parametrize(
    ("fate", "citations", "field"),
    [
        (TAKEN, [], "citations"),
        ({**TAKEN, "status": "vanished"}, None, "status"),
        ({**TAKEN, "date_start": "2019-13-01"}, None, "date_start"),
        ({**TAKEN, "date_precision": "month", "date_start": "2019-05-01"}, None, "date_start"),
        ({**TAKEN, "date_start": "2999-01-01"}, None, "date_start"),
    ],
)
def test_a_fate_change_without_citation_or_with_a_bad_value_is_refused(
    db, source_id, fate, citations, field
):
    report = disappearance(db, source_id)
    with pytest.raises(archive.InvalidRecord) as refused:
        cited = cite(source_id) if citations is None else citations
        archive.record_fate(db, report, first_key(db, report), fate, cited, "ayesha")
    assert field in refused.value.errors
    assert db["victim_fates"].count == 0


def test_a_fate_is_only_for_a_victim_of_that_report(db, source_id):
    report = disappearance(db, source_id)
    other = disappearance(db, source_id, [{"name": "Someone Else"}])
    with pytest.raises(archive.InvalidRecord):
        archive.record_fate(db, report, first_key(db, other), TAKEN, cite(source_id), "ayesha")


def test_fates_are_retracted_with_a_reason_never_deleted_or_rewritten(db, source_id):
    report = disappearance(db, source_id)
    key = first_key(db, report)
    archive.record_fate(db, report, key, TAKEN, cite(source_id), "ayesha")
    wrong = archive.record_fate(db, report, key, FOUND, cite(source_id), "ayesha")
    with pytest.raises(archive.InvalidRecord):
        archive.retract_fate(db, report, wrong, "", "bilal")
    archive.retract_fate(db, report, wrong, "Another man's body, the family says", "bilal")
    assert statuses(db, report) == [["missing"]]
    assert (
        db["victim_fates"].get(wrong)["retraction_reason"] == "Another man's body, the family says"
    )
    for sql in (
        "DELETE FROM victim_fates",
        "UPDATE victim_fates SET status = 'released'",
        "DELETE FROM fate_citations",
        "UPDATE fate_citations SET passage = 'x'",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(sql)
    assert db["victim_fates"].count == 2


def test_fates_follow_the_victim_across_an_edit_of_the_report(db, source_id):
    victims = [{"name": "Zahid Open", "confidential": False}, {"name": "Hidden Brother"}]
    report = disappearance(db, source_id, victims)
    zahid, brother = archive.victim_labels(db, report)
    archive.record_fate(db, report, zahid, TAKEN, cite(source_id), "ayesha")
    archive.record_fate(db, report, brother, {**TAKEN, "status": "in_custody"},
                        cite(source_id), "ayesha")  # fmt: skip
    # Reordered, an age added, one more named: each person keeps their own history.
    archive.update_entry(db, "abuse", report, {}, "bilal", "Ages from the family",
                         victims=[{"name": "Hidden Brother", "age": 24},
                                  {"name": "zahid open", "age": 19, "confidential": False},
                                  {"name": "A Cousin"}])  # fmt: skip
    named = archive.victims_with_fates(db, report, include_confidential=True)
    assert [(v["name"], v["current"] and v["current"]["status"]) for v in named] == [
        ("Hidden Brother", "in_custody"),
        ("zahid open", "missing"),
        ("A Cousin", None),
    ]
    assert verify(db).ok, verify(db).problems


def test_a_victim_taken_off_the_list_no_longer_counts(db, source_id):
    report = disappearance(db, source_id)
    archive.record_fate(db, report, first_key(db, report), TAKEN, cite(source_id), "ayesha")
    archive.update_entry(db, "abuse", report, {}, "bilal", "Named by mistake", victims=[])
    assert archive.current_statuses(db, [report]) == {}
    assert db["victim_fates"].count == 1  # kept


# The pages


@pytest.fixture
def case(app_db) -> dict[str, int]:
    """A disappearance of a public and a confidential victim, the confidential one found dead."""
    source = archive.add_source(app_db, {"title": "HRCP fact-finding", "body": "Text."}, "t")
    report = disappearance(
        app_db, source,
        [{"name": "Zahid Open", "confidential": False}, {"name": "Hidden Brother"}],
    )  # fmt: skip
    zahid, brother = archive.victim_labels(app_db, report)
    archive.record_fate(app_db, report, zahid, TAKEN, cite(source), "ayesha")
    found = cite(source, "Hidden Brother's body was found near Turbat.")
    archive.record_fate(app_db, report, brother, FOUND, found, "ayesha")
    return {"report": report, "source": source, "zahid": zahid, "brother": brother}


@pytest.mark.parametrize("role", ["reader", "documenter"])
def test_a_confidential_victims_fate_shows_without_the_name(client_as, case, role):
    client = client_as(role)
    for url in (f"/abuses/{case['report']}", f"/abuses/{case['report']}/history"):
        page = client.get(url).get_data(as_text=True)
        assert "Victim 2" in page and "Found dead" in page and "14 March 2025" in page, url
        assert "Hidden Brother" not in page, url
    page = client.get(f"/abuses/{case['report']}").get_data(as_text=True)
    assert "Victim 2 (name withheld)" in page
    assert "Zahid Open" in page and "He was taken by men in plain clothes." in page


def test_cleared_staff_see_the_confidential_victims_name_and_sources(client_as, case):
    page = client_as("reviewer").get(f"/abuses/{case['report']}").get_data(as_text=True)
    assert "Hidden Brother" in page and "body was found near Turbat" in page


def test_documenter_records_a_fate_through_the_form(client_as, app_db, case):
    client = client_as("documenter")
    page = client.get(f"/abuses/{case['report']}").get_data(as_text=True)
    assert "Record what happened to this person" in page
    form = client.get(f"/abuses/{case['report']}/fate?victim={case['zahid']}")
    assert form.status_code == 200
    data = {"victim": case["zahid"], "status": "released", "date_precision": "month",
            "date_start": "2026-01", "source_id": case["source"],
            "passage": "Zahid returned home in January.", "submission": "t" * 24}  # fmt: skip
    bad = client.post(f"/abuses/{case['report']}/fate", data={**data, "date_start": "Jan 2026"})
    assert bad.status_code == 422
    assert "is not a month (use YYYY-MM)" in bad.get_data(as_text=True)
    assert statuses(app_db, case["report"])[0] == ["missing"]
    for _ in range(2):  # sent twice: saved once
        saved = client.post(f"/abuses/{case['report']}/fate", data=data, follow_redirects=True)
        assert saved.status_code == 200
    assert statuses(app_db, case["report"])[0] == ["missing", "released"]
    assert "Released, January 2026" in saved.get_data(as_text=True)


def test_readers_cannot_record_a_fate(client_as, case):
    answer = client_as("reader").post(
        f"/abuses/{case['report']}/fate", data={"victim": case["zahid"], "status": "released"}
    )
    assert answer.status_code == 403


def fate_ids(db, report_id: int) -> list[int]:
    return [row["fate_id"] for row in db.query(
        "SELECT fate_id FROM victim_fates WHERE report_id = ? AND retracted_at IS NULL"
        " ORDER BY fate_id", [report_id])]  # fmt: skip


def test_documenter_withdraws_a_mistaken_fate_with_a_reason(client_as, app_db, case):
    client = client_as("documenter")
    report = case["report"]
    wrong = fate_ids(app_db, report)[1]  # Victim 2 "found dead"
    page = client.get(f"/abuses/{report}").get_data(as_text=True)
    assert f"/abuses/{report}/fates/{wrong}/withdraw" in page
    shown = client.get(f"/abuses/{report}/fates/{wrong}/withdraw")
    assert shown.status_code == 200, shown.get_data(as_text=True)[-3000:]
    form = shown.get_data(as_text=True)
    assert "Victim 2 (name withheld)" in form and "Hidden Brother" not in form
    empty = client.post(f"/abuses/{report}/fates/{wrong}/withdraw", data={"reason": " "})
    assert empty.status_code == 422 and "Say why this record is withdrawn." in empty.get_data(
        as_text=True
    )
    assert statuses(app_db, report)[1] == ["found_dead"]
    done = client.post(
        f"/abuses/{report}/fates/{wrong}/withdraw",
        data={"reason": "Another family's son, the HRCP corrected"},
        follow_redirects=True,
    )
    assert "Withdrawn. The report&#39;s history keeps it" in done.get_data(as_text=True)
    assert statuses(app_db, report)[1] == []
    history = client.get(f"/abuses/{report}/history").get_data(as_text=True)
    assert "Another family&#39;s son, the HRCP corrected" in history
    again = client.get(f"/abuses/{report}/fates/{wrong}/withdraw")
    assert again.status_code == 404


def test_readers_cannot_withdraw_a_fate_and_unknown_records_are_not_found(client_as, case):
    report = case["report"]
    fate = 1
    answer = client_as("reader").post(
        f"/abuses/{report}/fates/{fate}/withdraw", data={"reason": "Mine"}
    )
    assert answer.status_code == 403
    missing = client_as("documenter").get(f"/abuses/{report}/fates/99999/withdraw")
    assert missing.status_code == 404


# "Still missing" and names, in the list and in search


def abuses_listed(client, **args) -> str:
    return client.get("/abuses/", query_string=args).get_data(as_text=True)


def searched(client, **args) -> dict:
    client.get("/")  # the index catches up after a request
    return client.get("/search", query_string={**args, "format": "json"}).json


def test_still_missing_lists_a_disappearance_until_the_victim_is_found_dead(client_as, app_db,
                                                                              case):  # fmt: skip
    client = client_as("reader")
    title = DISAPPEARANCE["title"]
    assert title in abuses_listed(client, fate="missing")
    answer = searched(client, fate="missing")
    assert [hit["id"] for hit in answer["results"]["abuse"]] == [case["report"]]
    missing = {f["value"]: f["count"] for f in searched(client)["facets"]["fate"]}
    assert missing == {"missing": 1, "found_dead": 1}
    archive.record_fate(app_db, case["report"], case["zahid"], FOUND,
                        cite(case["source"], "Both bodies were found."), "ayesha")  # fmt: skip
    assert title not in abuses_listed(client, fate="missing")
    assert title in abuses_listed(client, fate="found_dead")
    assert searched(client, fate="missing")["counts"]["abuse"] == 0
    assert searched(client, q="fate:found_dead")["counts"]["abuse"] == 1


def test_a_public_name_is_found_by_search_and_a_confidential_one_is_not(client_as, case):
    client = client_as("reader")
    answer = searched(client, q="Zahid Open")
    assert [hit["id"] for hit in answer["results"]["abuse"]] == [case["report"]]
    assert "<mark>Zahid</mark>" in answer["results"]["abuse"][0]["snippet_html"]
    for words in ("Hidden Brother", "Hidden", "Brother"):
        answer = searched(client, q=words)
        assert answer["counts"]["abuse"] == 0, words
    shown = client.get("/search", query_string={"q": "Zahid", "format": "json"}).get_data(
        as_text=True
    )
    assert "Hidden" not in shown


# flask verify


def test_verify_covers_fates_and_names_one_changed_behind_the_apps_back(app, case):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["verify"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(app.config["DATABASE"], isolation_level=None)
    try:
        conn.execute("UPDATE victim_fates SET retracted_at = '2026-01-01', retraction_reason = 'x'"
                     " WHERE victim_key = ?", [case["brother"]])  # fmt: skip
        conn.execute("DROP TRIGGER victim_fates_no_rewrite")
        conn.execute("UPDATE victim_fates SET status = 'released' WHERE victim_key = ?",
                     [case["zahid"]])  # fmt: skip
    finally:
        conn.close()
    result = runner.invoke(args=["verify"])
    assert result.exit_code != 0
    assert "trigger victim_fates_no_rewrite is missing" in result.output
    assert f"of abuse report {case['report']} differs from revision" in result.output
    assert "(field: status)" in result.output
    assert "(fields: retracted_at, retraction_reason)" in result.output


def test_a_name_corrected_in_the_edit_form_keeps_the_persons_fates(client_as, app_db, case):
    page = client_as("reviewer").get(f"/abuses/{case['report']}/edit").get_data(as_text=True)
    assert f'name="victims-0-key" type="hidden" value="{case["zahid"]}"' in page
    data = {**DISAPPEARANCE, "status": "alleged", "reason": "Name spelt as the family spells it",
            "victims-0-name": "Zahid Baloch", "victims-0-public": "y",
            "victims-0-key": case["zahid"], "victims-1-name": "Hidden Brother",
            "victims-1-key": case["brother"]}  # fmt: skip
    saved = client_as("reviewer").post(f"/abuses/{case['report']}/edit", data=data)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    named = archive.victims_with_fates(app_db, case["report"], include_confidential=True)
    assert [(v["name"], v["current"]["status"]) for v in named] == [
        ("Zahid Baloch", "missing"),
        ("Hidden Brother", "found_dead"),
    ]
