"""The face: blueprints that turn requests into calls to the forms, the archive and the index.

HTTP in, pages and JSON out; nothing here speaks SQL or imports Whoosh.
"""

from __future__ import annotations

from flask import Flask

from . import abuses, claims, errors, home, labels, search, search_index, sources


def init_app(app: Flask) -> None:
    """Register the blueprints, error pages and template helpers."""
    for module in (home, abuses, claims, sources, errors):
        app.register_blueprint(module.bp)
    labels.init_app(app)
    app.register_blueprint(search.bp)
    search_index.init_app(app)
