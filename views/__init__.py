"""The face: blueprints that turn requests into calls to the forms, the archive and the index.

HTTP in, pages and JSON out; nothing here speaks SQL or imports Whoosh.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from . import (
    abuses,
    access,
    accounts,
    admin,
    api,
    claims,
    errors,
    exports,
    field_markup,
    home,
    i18n,
    imports,
    intake,
    labels,
    patterns,
    reference_data,
    search,
    search_index,
    security,
    source_text,
    sources,
    static_files,
    submitting,
    tokens,
    two_factor,
)


class RowId(IntegerConverter):
    """`<int:...>` in our routes: a number SQLite can hold. A longer one matches no route (a
    404) instead of overflowing in the store (a 500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


class AnyId(IntegerConverter):
    """`<id:...>` in the API's routes: any whole number, so that every number matches its route
    and the API answers a 404 for one too large to be an id (with `int`, a POST to such an
    address would be a 405 naming the methods of a neighbouring route)."""


def init_app(app: Flask) -> None:
    """Register the blueprints, error pages, template helpers, guards and the search index."""
    app.url_map.converters["int"] = RowId  # before any route is added
    app.url_map.converters["id"] = AnyId
    blueprints = (
        home, abuses, claims, sources, intake, search, patterns, exports, accounts, admin,
        reference_data, errors, two_factor, tokens, api, imports,
    )  # fmt: skip
    for module in blueprints:
        app.register_blueprint(module.bp)
    i18n.init_app(app)
    labels.init_app(app)
    field_markup.init_app(app)
    accounts.init_app(app)
    two_factor.init_app(app)  # before the role guard: one who must enrol is sent to enrol
    access.init_app(app)
    security.init_app(app)
    source_text.init_app(app)  # before the index catches up: what it reads is indexed
    search_index.init_app(app)
    submitting.init_app(app)
    static_files.init_app(app)
    api.init_app(app)
