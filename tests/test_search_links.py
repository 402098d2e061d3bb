"""The search page's links to the same search changed a little (facets, tabs, chips)."""

from __future__ import annotations

import pytest

from views.labels import url_with


@pytest.mark.parametrize(
    ("url", "changes", "expected"),
    [
        ("/search", {}, "/search"),
        ("/search?page=3", {}, "/search"),
        ("/search?q=mass+grave&page=2&district=Kech", {}, "/search?q=mass+grave&district=Kech"),
        ("/search?q=a&district=Kech&sort=newest", {"district": "Gwadar"},
         "/search?q=a&district=Gwadar&sort=newest"),
        ("/search?q=a&district=Kech", {"district": None}, "/search?q=a"),
        ("/search?q=a&district=Kech", {"q": ""}, "/search?district=Kech"),
        ("/search?q=a", {"group": "BLA", "category": "claim"},
         "/search?q=a&group=BLA&category=claim"),
        ("/search?q=a", {"outlet": "Dawn & Co", "fate": "mañana"},
         "/search?q=a&outlet=Dawn+%26+Co&fate=ma%C3%B1ana"),
        ("/search?q=%22a+b%22&q=second", {"page": 4}, "/search?q=%22a+b%22&page=4"),
    ],
)  # fmt: skip
def test_a_link_changes_only_what_it_says_and_goes_to_the_first_page(app, url, changes, expected):
    with app.test_request_context(url):
        assert url_with(**changes) == expected
        assert url_with(**changes) == expected  # the request's query, worked out once, is kept
