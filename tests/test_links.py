"""Linked entries: an abuse report and the attack claim about the same event (or an operation
and its parts, a report and its follow-up) are linked both ways, kept across edits, removed with
a reason, in both histories, checked by `flask verify`, on both pages and in search JSON."""

from __future__ import annotations

import sqlite3

import pytest

import archive
from archive.verify import verify

ABUSE = {"title": "Passengers held hostage on the Jaffar Express", "abuse_type": "other",
         "date_precision": "day", "date_start": "2025-03-11", "district": "Kachhi"}  # fmt: skip
CLAIM = {"title": "BLA claims the hijacking of the Jaffar Express", "group_code": "BLA",
         "claim_type": "armed_attack", "claim_medium": "media_statement",
         "date_precision": "day", "date_start": "2025-03-11", "district": "Kachhi"}  # fmt: skip


@pytest.fixture
def pair(db, source_id) -> tuple[int, int]:
    """(report id, claim id): an abuse report and an attack claim about the same event."""
    cited = [{"source_id": source_id, "passage": "the train was stopped near Sibi"}]
    report_id = archive.add_entry(db, "abuse", ABUSE, cited, "tester")
    claim_id = archive.add_entry(db, "claim", CLAIM, cited, "tester")
    return report_id, claim_id


def seen(db, kind: str, entry_id: int) -> list[tuple[str, str, int, str]]:
    """An entry's links as its page reads them: (words, other kind, other id, other title)."""
    return [
        (link["relation_label"], link["kind"], link["entry_id"], link["title"])
        for link in archive.links_of(db, kind, entry_id)
    ]


def test_same_event_link_shows_on_both_entries(db, pair):
    report_id, claim_id = pair
    archive.add_link(db, "abuse", report_id, "same_event", ("claim", claim_id), "ayesha")
    assert seen(db, "abuse", report_id) == [("Same event as", "claim", claim_id, CLAIM["title"])]
    assert seen(db, "claim", claim_id) == [("Same event as", "abuse", report_id, ABUSE["title"])]
    assert archive.get_entry(db, "claim", claim_id)["links"][0]["category"] == "Abuse report"


@pytest.mark.parametrize(
    ("link_type", "here", "there"),
    [("part_of", "Part of", "Has part"), ("follow_up", "Follow-up of", "Followed up by")],
)
def test_directional_links_read_differently_at_each_end(db, pair, link_type, here, there):
    report_id, claim_id = pair
    archive.add_link(db, "abuse", report_id, link_type, ("claim", claim_id), "ayesha")
    assert seen(db, "abuse", report_id)[0][0] == here
    assert seen(db, "claim", claim_id)[0][0] == there


def test_two_entries_of_one_category_can_be_linked(db, pair, source_id):
    report_id, _ = pair
    cited = [{"source_id": source_id, "passage": "officials said 26 hostages were killed"}]
    later = archive.add_entry(db, "abuse", {**ABUSE, "title": "Hostages killed"}, cited, "t")
    archive.add_link(db, "abuse", later, "follow_up", ("abuse", report_id), "ayesha")
    assert seen(db, "abuse", report_id) == [("Followed up by", "abuse", later, "Hostages killed")]


@pytest.mark.parametrize(
    ("other", "message"),
    [
        (("abuse", "self"), "An entry cannot be linked to itself."),
        (("claim", 999), "There is no attack claim number 999."),
        (("abuse", 999), "There is no abuse report number 999."),
        (("actor", 1), "Choose an abuse report or an attack claim."),
    ],
)
def test_a_link_to_nothing_or_to_itself_is_refused(db, pair, other, message):
    report_id, _ = pair
    other = ("abuse", report_id) if other[1] == "self" else other
    with pytest.raises(archive.InvalidRecord, match=message):
        archive.add_link(db, "abuse", report_id, "same_event", other, "ayesha")
    assert db["entry_links"].count == 0


@pytest.mark.parametrize(
    ("from_claim", "link_type", "message"),
    [
        (False, "same_event", "already linked: as the same event"),
        (True, "same_event", "already linked: as the same event"),
        (False, "part_of", "already linked: as the same event"),
    ],
)
def test_a_second_link_between_the_same_entries_is_refused(db, pair, from_claim, link_type,
                                                          message):  # fmt: skip
    report_id, claim_id = pair
    archive.add_link(db, "abuse", report_id, "same_event", ("claim", claim_id), "ayesha")
    this, other = (("claim", claim_id), ("abuse", report_id))
    if not from_claim:
        this, other = other, this
    with pytest.raises(archive.InvalidRecord, match=message):
        archive.add_link(db, *this, link_type, other, "ayesha")
    assert db["entry_links"].count == 1


def test_a_link_the_other_way_round_is_refused_saying_which_way_it_runs(db, pair):
    report_id, claim_id = pair
    archive.add_link(db, "abuse", report_id, "part_of", ("claim", claim_id), "ayesha")
    with pytest.raises(archive.InvalidRecord, match="that entry is part of this one"):
        archive.add_link(db, "claim", claim_id, "part_of", ("abuse", report_id), "ayesha")


def test_removed_link_is_kept_with_its_reason_and_no_longer_shown(db, pair):
    report_id, claim_id = pair
    link_id = archive.add_link(db, "abuse", report_id, "same_event", ("claim", claim_id), "a")
    with pytest.raises(archive.InvalidRecord, match="Say why this link is removed"):
        archive.remove_link(db, "claim", claim_id, link_id, "bilal", "  ")
    archive.remove_link(db, "claim", claim_id, link_id, "bilal", "Different trains")
    assert seen(db, "abuse", report_id) == [] and seen(db, "claim", claim_id) == []
    row = db["entry_links"].get(link_id)
    assert (row["retracted_by"], row["retraction_reason"]) == ("bilal", "Different trains")
    with pytest.raises(archive.NotFound):
        archive.remove_link(db, "claim", claim_id, link_id, "bilal", "again")
    # Once removed, the two may be linked again, another way.
    archive.add_link(db, "abuse", report_id, "part_of", ("claim", claim_id), "ayesha")
    assert seen(db, "abuse", report_id)[0][0] == "Part of"


def test_a_link_is_removed_only_from_an_entry_it_joins(db, pair, source_id):
    report_id, claim_id = pair
    link_id = archive.add_link(db, "abuse", report_id, "same_event", ("claim", claim_id), "a")
    cited = [{"source_id": source_id, "passage": "p"}]
    stranger = archive.add_entry(db, "abuse", {**ABUSE, "title": "Elsewhere"}, cited, "t")
    with pytest.raises(archive.NotFound):
        archive.remove_link(db, "abuse", stranger, link_id, "bilal", "not mine")
    assert len(seen(db, "abuse", report_id)) == 1


def test_an_edit_keeps_the_links(db, pair):
    report_id, claim_id = pair
    archive.add_link(db, "abuse", report_id, "same_event", ("claim", claim_id), "ayesha")
    figure = {"kind": "killed", "count": 50, "qualifier": "at_least", "given_by": "group"}
    archive.update_entry(db, "claim", claim_id, {}, "bilal", "BLA figure", figures=[figure])
    archive.update_entry(db, "abuse", report_id, {"place": "Bolan Pass"}, "bilal", "Place")
    assert seen(db, "claim", claim_id) == [("Same event as", "abuse", report_id, ABUSE["title"])]
    assert seen(db, "abuse", report_id)[0][2] == claim_id
    assert verify(db).ok, verify(db).problems


def test_adding_and_removing_a_link_is_a_revision_of_both_entries(db, pair):
    report_id, claim_id = pair
    link_id = archive.add_link(db, "abuse", report_id, "part_of", ("claim", claim_id), "ayesha")
    archive.remove_link(db, "abuse", report_id, link_id, "bilal", "Not part of it")
    report = archive.history(db, "abuse_report", report_id)[-2:]
    claim = archive.history(db, "attack_claim", claim_id)[-2:]
    assert [(r["action"], r["actor"], r["reason"]) for r in report] == [
        ("link", "ayesha", ""), ("unlink", "bilal", "Not part of it")]  # fmt: skip
    assert [r["action"] for r in claim] == ["link", "unlink"]
    assert report[0]["changes"]["links"] == [None, {"relation": "part_of", "kind": "claim",
        "entry_id": claim_id, "title": CLAIM["title"], "category": "Attack claim"}]  # fmt: skip
    assert claim[1]["changes"]["links"][0]["relation"] == "has_part"
    assert claim[1]["changes"]["links"][1] is None


def test_a_link_to_a_retracted_entry_shows_it_retracted(db, pair):
    report_id, claim_id = pair
    archive.add_link(db, "abuse", report_id, "same_event", ("claim", claim_id), "ayesha")
    archive.retract_entry(db, "claim", claim_id, "Claim was a forgery", "bilal")
    assert archive.links_of(db, "abuse", report_id)[0]["status"] == "retracted"


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM entry_links",
        "UPDATE entry_links SET to_id = 1",
        "UPDATE entry_links SET link_type = 'follow_up'",
        "INSERT INTO entry_links (from_kind, from_id, to_kind, to_id, link_type, created_at,"
        " created_by) VALUES ('abuse', 1, 'claim', 999, 'same_event', 'now', 'x')",
    ],
)
def test_database_refuses_to_lose_rewrite_or_dangle_a_link(db, pair, sql):
    report_id, claim_id = pair
    archive.add_link(db, "abuse", report_id, "same_event", ("claim", claim_id), "ayesha")
    with pytest.raises(sqlite3.IntegrityError, match=r"never deleted|two entries of the archive"):
        db.execute(sql)
    assert seen(db, "abuse", report_id)[0][1:3] == ("claim", claim_id)


def test_a_removed_link_stays_removed(db, pair):
    report_id, claim_id = pair
    link_id = archive.add_link(db, "abuse", report_id, "same_event", ("claim", claim_id), "a")
    archive.remove_link(db, "abuse", report_id, link_id, "bilal", "Wrong")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE entry_links SET retracted_at = NULL WHERE link_id = ?", [link_id])


# `flask verify`


def flask_verify(app) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["verify"])
    return result.exit_code, result.output


def demo_pair(app_db) -> tuple[int, int]:
    report_id = app_db.execute("SELECT min(report_id) FROM abuse_reports").fetchone()[0]
    claim_id = app_db.execute("SELECT min(claim_id) FROM attack_claims").fetchone()[0]
    return report_id, claim_id


def test_verify_covers_links_and_names_one_deleted_behind_the_archive(app, app_db):
    report_id, claim_id = demo_pair(app_db)
    link_id = archive.add_link(app_db, "abuse", report_id, "same_event", ("claim", claim_id), "a")
    archive.update_entry(app_db, "abuse", report_id, {"place": "Umar Dor"}, "bilal", "Place")
    code, output = flask_verify(app)
    assert code == 0, output
    behind = sqlite3.connect(app.config["DATABASE"], isolation_level=None)
    try:
        behind.execute("DROP TRIGGER entry_links_no_delete")
        behind.execute("DELETE FROM entry_links WHERE link_id = ?", [link_id])
    finally:
        behind.close()
    code, output = flask_verify(app)
    assert code != 0
    assert f"link {link_id} of abuse report {report_id} is missing" in output
    assert f"link {link_id} of attack claim {claim_id} is missing" in output
    assert "trigger entry_links_no_delete is missing" in output


def test_verify_names_a_link_slipped_in_behind_the_archive(app, app_db):
    report_id, claim_id = demo_pair(app_db)
    behind = sqlite3.connect(app.config["DATABASE"], isolation_level=None)
    try:
        link_id = behind.execute(
            "INSERT INTO entry_links (from_kind, from_id, to_kind, to_id, link_type, created_at,"
            " created_by) VALUES ('abuse', ?, 'claim', ?, 'same_event', 'now', 'x')",
            [report_id, claim_id],
        ).lastrowid
    finally:
        behind.close()
    output = flask_verify(app)[1]
    assert f"link {link_id} of abuse report {report_id} is not in revision" in output


# Pages


def link_form(other_kind: str, other_id: object, link_type: str = "same_event") -> dict:
    return {"link_type": link_type, "other_kind": other_kind, "other_id": str(other_id)}


def test_documenter_links_a_report_to_a_claim_and_both_pages_show_it(client_as, app_db):
    report_id, claim_id = demo_pair(app_db)
    report, claim = (archive.get_entry(app_db, kind, entry_id)
                     for kind, entry_id in (("abuse", report_id), ("claim", claim_id)))  # fmt: skip
    documenter = client_as("documenter")
    response = documenter.post(f"/abuses/{report_id}/links", data=link_form("claim", claim_id))
    assert response.status_code == 302
    assert response.location == f"/abuses/{report_id}#links"
    page = documenter.get(f"/abuses/{report_id}").get_data(as_text=True)
    assert "Link saved." in page
    assert "Same event as:</strong> attack claim" in page
    assert f'<a href="/claims/{claim_id}" dir="auto">{claim["title"]}</a>' in page
    reader = client_as("reader").get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "Same event as:</strong> abuse report" in reader
    assert f'<a href="/abuses/{report_id}" dir="auto">{report["title"]}</a>' in reader
    assert "Link to another entry" not in reader and "Remove this link" not in reader
    history = documenter.get(f"/claims/{claim_id}/history").get_data(as_text=True)
    assert "Link added" in history and f"Same event as abuse report {report_id}" in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (link_form("claim", 999), "There is no attack claim number 999."),
        (link_form("abuse", "{report}"), "An entry cannot be linked to itself."),
        (link_form("claim", "twelve"), "Give the other entry&#39;s number, such as 12"),
        (link_form("claim", ""), "Give the other entry&#39;s number, such as 12"),
        (link_form("claim", "{claim}", "part_of"), "These two entries are already linked"),
    ],
)
def test_a_bad_link_is_refused_on_the_page_saying_why(client_as, app_db, data, message):
    report_id, claim_id = demo_pair(app_db)
    archive.add_link(app_db, "abuse", report_id, "same_event", ("claim", claim_id), "ayesha")
    data = {**data, "other_id": data["other_id"].format(report=report_id, claim=claim_id)}
    response = client_as("documenter").post(f"/abuses/{report_id}/links", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and 'id="other_id-error"' in page
    assert app_db["entry_links"].count == 1


def test_number_typed_with_a_hash_is_understood(client_as, app_db):
    report_id, claim_id = demo_pair(app_db)
    response = client_as("documenter").post(
        f"/abuses/{report_id}/links", data=link_form("claim", f"#{claim_id}", "follow_up")
    )
    assert response.status_code == 302
    assert archive.links_of(app_db, "claim", claim_id)[0]["relation"] == "followed_up_by"


def test_reader_cannot_add_or_remove_a_link(client_as, app_db):
    report_id, claim_id = demo_pair(app_db)
    reader = client_as("reader")
    response = reader.post(f"/abuses/{report_id}/links", data=link_form("claim", claim_id))
    assert response.status_code == 403
    assert app_db["entry_links"].count == 0
    link_id = archive.add_link(app_db, "abuse", report_id, "same_event", ("claim", claim_id), "a")
    remove = f"/abuses/{report_id}/links/{link_id}/remove"
    assert reader.post(remove, data={"reason": "mine now"}).status_code == 403
    assert len(archive.links_of(app_db, "abuse", report_id)) == 1


def test_documenter_removes_a_link_with_a_reason(client_as, app_db):
    report_id, claim_id = demo_pair(app_db)
    link_id = archive.add_link(app_db, "abuse", report_id, "same_event", ("claim", claim_id), "a")
    documenter = client_as("documenter")
    page = documenter.get(f"/claims/{claim_id}").get_data(as_text=True)
    remove = f"/claims/{claim_id}/links/{link_id}/remove"
    assert f'href="{remove}"' in page
    response = documenter.post(remove, data={"reason": ""})
    assert response.status_code == 422
    assert "Say why this link is removed." in response.get_data(as_text=True)
    assert documenter.post(remove, data={"reason": "Another train"}).status_code == 302
    assert "Same event as:" not in documenter.get(f"/abuses/{report_id}").get_data(as_text=True)
    history = documenter.get(f"/abuses/{report_id}/history").get_data(as_text=True)
    assert "Link removed" in history and "Another train" in history
    assert documenter.get(remove).status_code == 404


def test_page_shows_a_linked_entry_that_was_retracted_as_retracted(client_as, app_db):
    report_id, claim_id = demo_pair(app_db)
    archive.add_link(app_db, "abuse", report_id, "same_event", ("claim", claim_id), "ayesha")
    archive.retract_entry(app_db, "claim", claim_id, "A forgery", "bilal")
    page = client_as("reader").get(f"/abuses/{report_id}").get_data(as_text=True)
    link = page[page.index('data-testid="entry-link"') :]
    link = link[: link.index("</li>")]
    assert f'href="/claims/{claim_id}"' in link and "Retracted" in link


def test_search_json_gives_each_result_its_links(client, app_db):
    report_id, claim_id = demo_pair(app_db)
    claim = archive.get_entry(app_db, "claim", claim_id)
    archive.add_link(app_db, "abuse", report_id, "part_of", ("claim", claim_id), "ayesha")
    found = client.get("/search?q=Umar+Dor&format=json").get_json()["results"]["abuse"]
    report = next(result for result in found if result["id"] == report_id)
    assert report["links"] == [{
        "relation": "part_of", "reads": "Part of", "kind": "claim", "category": "Attack claim",
        "id": claim_id, "title": claim["title"], "status": claim["status"],
        "url": f"/claims/{claim_id}",
    }]  # fmt: skip
