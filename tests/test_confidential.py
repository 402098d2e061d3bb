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
    archive.update_entry(app_db, "abuse", report_id, {}, "tester", "Third name",
                         victims=[{"name": "Hidden Witness", "confidential": True},
                                  {"name": "Open Name", "confidential": False},
                                  {"name": "Another Hidden", "confidential": True}])  # fmt: skip
    return {"report": report_id, "secret": secret}


def pages(case: dict[str, int]) -> list[str]:
    report, secret = case["report"], case["secret"]
    return [
        "/", "/abuses/", f"/abuses/{report}", f"/abuses/{report}/history", "/sources/",
        f"/sources/{secret}", f"/sources/{secret}/history", f"/sources/{secret}?format=json",
        "/export/abuses.csv", "/export/abuses.json",
    ]  # fmt: skip


SECRET_WORDS = {word.lower() for secret in SECRETS for word in secret.split()} | {"another"}
SEARCHES = ("Hidden Witness", "Another Hidden", "van night", "Secret testimony", "Hiden Witnes",
            "testimny")  # fmt: skip


@pytest.mark.parametrize("role", ["reader", "documenter"])
def test_searching_a_confidential_value_finds_nothing(client_as, case, role):
    client = client_as(role)
    client.get("/")  # the index catches up after a request
    for words in SEARCHES:
        answer = client.get("/search", query_string={"q": words, "format": "json"}).json
        assert answer["counts"] == {"abuse": 0, "claim": 0}, words
        offered = (answer["suggestion"] or "").split()
        assert not set(offered) & SECRET_WORDS, (words, offered)
        page = client.get("/search", query_string={"q": words}).get_data(as_text=True)
        body = page.rsplit("</form>", 1)[1]  # after the search forms, which repeat the words
        for secret in SECRETS:
            assert secret not in body


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


def test_entry_counts_only_the_sources_its_reader_may_see(client_as, case):
    page = client_as("reader").get(f"/abuses/{case['report']}").get_data(as_text=True)
    assert "cited by 1 source" in page
    page = client_as("reviewer").get(f"/abuses/{case['report']}").get_data(as_text=True)
    assert "cited by 2 distinct sources" in page


def test_a_victim_made_confidential_later_leaves_no_trace_in_history(client_as, app_db, case):
    source_id = archive.add_source(app_db, {"title": "Wire", "body": "Wire text."}, "tester")
    report = archive.add_entry(
        app_db, "abuse", {"abuse_type": "torture", "title": "Beaten in custody"},
        [{"source_id": source_id, "passage": "p"}], "tester",
        victims=[{"name": "Shahmurad Public", "age": 17, "occupation": "student at Turbat college",
                  "confidential": False}],
    )  # fmt: skip
    archive.update_entry(app_db, "abuse", report, {}, "tester", "Family asked for privacy",
                         victims=[{"name": "Shahmurad Public", "age": 17,
                                   "occupation": "student at Turbat college"}])  # fmt: skip
    history = client_as("reader").get(f"/abuses/{report}/history").get_data(as_text=True)
    assert "Family asked for privacy" in history
    for detail in ("Shahmurad", "student at Turbat college"):
        assert detail not in history
    assert "Shahmurad" in client_as("reviewer").get(f"/abuses/{report}/history").get_data(
        as_text=True
    )


def test_did_you_mean_never_offers_a_word_taken_out_of_the_archive(client_as, app_db, case):
    source_id = archive.add_source(app_db, {"title": "Wire", "body": "Another text."}, "tester")
    report = archive.add_entry(
        app_db, "abuse", {"abuse_type": "torture", "title": "Taken from his shop",
                          "narrative": "The victim Zorawarkhan Marri was taken."},
        [{"source_id": source_id, "passage": "p"}], "tester",
    )  # fmt: skip
    reader = client_as("reader")
    reader.get("/")  # the index catches up after a request
    assert reader.get("/search?q=Zorawarkhn&format=json").json["suggestion"] == "zorawarkhan"
    archive.update_entry(app_db, "abuse", report,
                         {"narrative": "The victim (name withheld) was taken."}, "tester",
                         "Name removed at the family's request")  # fmt: skip
    reader.get("/")
    answer = reader.get("/search?q=Zorawarkhn&format=json").json
    assert answer["counts"] == {"abuse": 0, "claim": 0}
    assert answer["suggestion"] is None
