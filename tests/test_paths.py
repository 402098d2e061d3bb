"""The paths a documenter walks: adding a source or an entry is one click from the header, the
home page, the lists and the source pages, for documenters and above; readers see none of it."""

from __future__ import annotations

import re

import pytest

import archive

ADD_LINKS = ('href="/sources/new"', 'href="/abuses/new"', 'href="/claims/new"')


def pages(app_db) -> list[str]:
    source_id = archive.list_sources(app_db)[0][0]["source_id"]
    return ["/", "/abuses/", "/claims/", "/sources/", f"/sources/{source_id}", "/search?q=BLA"]


def header(html: str) -> str:
    return html.split("<main")[0]


def test_readers_are_offered_no_way_to_add(client_as, app_db):
    reader = client_as("reader")
    for path in pages(app_db):
        html = reader.get(path).get_data(as_text=True)
        assert not re.search(r'href="/(sources|abuses|claims)/new', html), path
        assert "?source_id=" not in html


@pytest.mark.parametrize("role", ["documenter", "reviewer", "admin"])
def test_documenters_can_add_from_the_header_of_every_page(client_as, app_db, role):
    client = client_as(role)
    for path in pages(app_db):
        top = header(client.get(path).get_data(as_text=True))
        assert all(link in top for link in ADD_LINKS), path
        assert 'aria-label="Document"' in top


def test_home_page_offers_the_three_additions_and_the_backlog(client_as, app_db):
    archive.add_source(app_db, {"title": "Not yet documented", "body": "x"}, "tester")
    main = client_as("documenter").get("/").get_data(as_text=True).split("<main")[1]
    assert all(link in main for link in ADD_LINKS)
    backlog = re.search(r'data-testid="backlog">(\d+) sources? (is|are) not cited', main)
    assert backlog and int(backlog.group(1)) >= 1
    assert 'href="/sources/?cited=uncited"' in main


@pytest.mark.parametrize(
    ("path", "link"),
    [("/abuses/", ADD_LINKS[1]), ("/claims/", ADD_LINKS[2]), ("/sources/", ADD_LINKS[0])],
)
def test_each_list_offers_to_add_to_it(client_as, path, link):
    main = client_as("documenter").get(path).get_data(as_text=True).split("<main")[1]
    assert link in main


def test_source_page_offers_entries_citing_it(client_as, app_db):
    source_id = archive.list_sources(app_db)[0][0]["source_id"]
    main = client_as("documenter").get(f"/sources/{source_id}").get_data(as_text=True)
    assert f'href="/abuses/new?source_id={source_id}"' in main
    assert f'href="/claims/new?source_id={source_id}"' in main
