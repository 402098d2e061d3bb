"""The face: blueprints that turn requests into calls to the forms, the archive and the index.

HTTP in, pages and JSON out; nothing here speaks SQL or imports Whoosh.
"""

from __future__ import annotations

from flask import Flask

from . import (
    abuses,
    access,
    accounts,
    admin,
    claims,
    errors,
    exports,
    home,
    labels,
    security,
    sources,
)


def init_app(app: Flask) -> None:
    """Register the blueprints, error pages and template helpers."""
    for module in (home, abuses, claims, sources, exports, errors):
        app.register_blueprint(module.bp)
    labels.init_app(app)
    for module in (accounts, admin):
        app.register_blueprint(module.bp)
    accounts.init_app(app)
    access.init_app(app)
    security.init_app(app)
