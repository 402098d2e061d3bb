"""The API at /api/v1/: abuse reports and attack claims, sources, citations, links and search,
read and written as JSON by a user's API token, with the same store functions and checks as the
forms. Its OpenAPI 3.1 document, at /api/openapi.json, is generated from these routes.
"""

from __future__ import annotations

from flask import Flask

from forms import csrf

from . import entries, openapi, search, sources
from .base import bp


def init_app(app: Flask) -> None:
    """No CSRF token for the API: it reads no cookie, only the bearer token each call sends."""
    csrf.exempt(bp)
