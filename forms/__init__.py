"""The forms: WTForms classes that validate input and hand back plain data; choices are passed in.

This package is the only code that imports WTForms (through Flask-WTF, which adds CSRF tokens).
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, CSRFProtect

csrf = CSRFProtect()

CSRF_MESSAGE = _l(
    "This form could not be accepted: it has expired or did not come from Gawahi's own page. "
    "Go back, reload the page and send it again. Nothing was saved."
)


def init_app(app: Flask) -> None:
    """Require a CSRF token on every POST, PUT, PATCH and DELETE."""
    csrf.init_app(app)

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError):
        from views.errors import http_error

        error.description = str(CSRF_MESSAGE)
        return http_error(error)
