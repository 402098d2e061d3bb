"""Error pages: plain words for people, JSON with a reason for API clients; never a trace."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

from .access import is_api_request

log = logging.getLogger(__name__)

bp = Blueprint("errors", __name__)

TOO_LARGE = _l(
    "What was sent is larger than the archive accepts: a source file may be up to 10 MB, and "
    "each text up to the length said under its field. Nothing was saved. Go back to the form "
    "and choose a smaller file or shorten the text."
)
# Plain headings for the errors people meet (the status code stays for those who look for it).
HEADINGS = {
    400: _l("This request could not be understood"),
    401: _l("Please sign in first"),
    403: _l("Your account cannot open this page"),
    404: _l("Not found"),
    405: _l("This page cannot be used that way"),
    413: _l("That is too large to upload"),
    429: _l("Too many attempts: please wait a moment"),
    500: _l("Something went wrong"),
}
# Werkzeug's names and default descriptions, in English only there: said here in the reader's
# language (the English stays Werkzeug's, word for word).
NAMES = {
    400: _l("Bad Request"),
    401: _l("Unauthorized"),
    403: _l("Forbidden"),
    404: _l("Not Found"),
    405: _l("Method Not Allowed"),
    413: _l("Request Entity Too Large"),
    429: _l("Too Many Requests"),
    500: _l("Internal Server Error"),
}
DESCRIPTIONS = {
    400: _l("The browser (or proxy) sent a request that this server could not understand."),
    401: _l(
        "The server could not verify that you are authorized to access the URL requested. You "
        "either supplied the wrong credentials (e.g. a bad password), or your browser doesn't "
        "understand how to supply the credentials required."
    ),
    403: _l(
        "You don't have the permission to access the requested resource. It is either "
        "read-protected or not readable by the server."
    ),
    404: _l(
        "The requested URL was not found on the server. If you entered the URL manually please "
        "check your spelling and try again."
    ),
    405: _l("The method is not allowed for the requested URL."),
    429: _l("This user has exceeded an allotted request count. Try again later."),
    500: _l(
        "The server encountered an internal error and was unable to complete your request. "
        "Either the server is overloaded or there is an error in the application."
    ),
}

API_TOO_LARGE = "The body is larger than the API accepts (8 MB). Nothing was saved."


def wants_json() -> bool:
    """True when the client asked for JSON (format=json or an Accept header preferring it)."""
    if request.args.get("format") == "json" or request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    """Any HTTP error (400, 403, 404, 405, 413...) as a calm page or a JSON reason."""
    if is_api_request():
        return api_error(error)
    if error.code == 413:
        error.description = str(TOO_LARGE)
    elif error.code in DESCRIPTIONS and error.description == _werkzeug_description(error.code):
        error.description = str(DESCRIPTIONS[error.code])
    if wants_json():
        return jsonify(error=error.name, reason=error.description), error.code
    heading = HEADINGS.get(error.code, error.name)
    name = NAMES.get(error.code, error.name)
    return render_template("errors/error.html", error=error, heading=heading, name=name), (
        error.code
    )


def _werkzeug_description(code: int) -> str | None:
    """The description Werkzeug gives an error of `code` when the code raising it gives none."""
    return default_exceptions[code].description if code in default_exceptions else None


def api_error(error: HTTPException):
    """An HTTP error of the API in its one shape, keeping headers such as Allow for a 405."""
    from .api.base import error_response

    message = API_TOO_LARGE if error.code == 413 else error.description
    if error.code == 404 and request.endpoint is None:
        message = (
            "There is no such address in the API (a number too large to be an id lands here "
            "too): see /api/openapi.json."
        )
    response = error_response(error.code or 500, message)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):
    """Log the failure with its trace; show the person only that something went wrong."""
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return http_error(InternalServerError(description=_("Something went wrong on our side. "
                                            "It has been logged; please try again.")))  # fmt: skip
