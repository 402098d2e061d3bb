"""Search through the API, at /api/v1/search: the search page's query string and query
language, and its JSON answer; each category counted and listed apart, never summed."""

from __future__ import annotations

from typing import Any

from flask import request

import index
from forms.search import search_form

from .. import search as search_page
from .. import search_index
from . import schemas
from .base import ApiError, bp, operation


@bp.get("/v1/search")
@operation("Search both categories", role="reader", tag="search", query=schemas.SearchQuery,
           response=schemas.SearchOut, errors=(400, 401))  # fmt: skip
def search(query: dict[str, Any]) -> dict[str, Any]:
    """The same search as /search?format=json, checked by the same form."""
    form = search_form(request.args)
    if not form.validate():
        fields = {name: " ".join(messages) for name, messages in form.errors.items()}
        raise ApiError(400, "This search cannot run; nothing was searched.", fields)
    try:
        found = search_index.search(index.SearchParams(**form.search_data()))
    except index.QueryError as error:
        raise ApiError(400, str(error), {"q": str(error)}) from None
    return search_page.as_json(found, search_page.rows(found))
